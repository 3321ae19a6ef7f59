// web/apiClient.js after plan task 1.2: reads retry, mutations opt out with { retry: false }.
import { TIMEOUTS } from './constants.js';

const POST = 'POST';
const NO_RETRY = { retry: false };

const request = async (endpoint, options = {}, { retries = TIMEOUTS.MAX_RETRIES, retry = true } = {}) => {
    const maxAttempts = retry ? retries : 1;
    let lastError;
    let delay = TIMEOUTS.RETRY_DELAY;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
        try {
            const response = await fetch(`${window.location.origin}${endpoint}`, {
                headers: { 'Content-Type': 'application/json' },
                ...options,
            });
            if (!response.ok) {
                const detail = await response.json().catch(() => ({}));
                throw new Error(detail?.message ?? `HTTP ${response.status}`);
            }
            return await response.json();
        } catch (error) {
            lastError = error;
            if (attempt < maxAttempts - 1) {
                await new Promise((resolve) => setTimeout(resolve, delay));
                delay *= 2;
            }
        }
    }
    throw lastError;
};

const jsonBody = (data) => JSON.stringify(data);

export const api = {
    queueDistributed: (payload) =>
        request('/distributed/queue', {
            method: 'POST',
            headers: {
                'Content-Type': 'application/json',
                ...(payload.trace_execution_id
                    ? { 'X-Idempotency-Key': payload.trace_execution_id }
                    : {}),
            },
            body: jsonBody(payload),
        }, { retry: false }),

    launchWorker: (workerId) =>
        request('/distributed/launch_worker', { method: POST, body: jsonBody({ worker_id: workerId }) }, { retry: false }),

    stopWorker: (workerId) =>
        request('/distributed/stop_worker', { method: POST, body: jsonBody({ worker_id: workerId }) }, NO_RETRY),

    updateWorker: (workerId, changes) =>
        request(`/distributed/config/workers/${workerId}`, { method: 'PATCH', body: jsonBody(changes) }, { retry: false }),

    deleteWorker: (workerId) =>
        request(`/distributed/config/workers/${workerId}`, { method: 'DELETE' }, { retries: 1 }),

    updateSetting: (key, value) =>
        request('/distributed/config/settings', { method: 'PUT', body: jsonBody({ key, value }) }, { retry: false }),

    async startTunnel() {
        const result = await request('/distributed/tunnel/start', { method: POST }, { retry: false });
        return result?.public_url ?? null;
    },

    stopTunnel: () => request('/distributed/tunnel/stop', { method: `POST` }, { ...NO_RETRY }),

    // Reads keep the default retries.
    probeWorker: (host, port) => request(`/distributed/probe?host=${encodeURIComponent(host)}&port=${port}`),
    checkStatus: (url) => request(url, { method: 'GET', signal: AbortSignal.timeout(TIMEOUTS.STATUS_CHECK) }),
    checkMultipleStatuses: (urls) => Promise.allSettled(urls.map((url) => request(url, { method: 'get' }))),
    getManagedWorkers: () => request('/distributed/managed_workers'),
    getWorkerLog: (workerId, lines = 200) => request(`/distributed/worker_log/${workerId}?lines=${lines}`),
    getTunnelStatus: () => request('/distributed/tunnel/status', {}, { retries: 5 }),  // expect: INV401
    getNetworkInfo: () => request('/distributed/network_info', { method: 'GET' }),
};
