// web/apiClient.js before plan task 1.2: every request is retried, mutations included.
import { TIMEOUTS } from './constants.js';

const request = async (endpoint, options = {}) => {
    const retries = TIMEOUTS.MAX_RETRIES;
    let lastError;
    let delay = TIMEOUTS.RETRY_DELAY;
    for (let attempt = 0; attempt < retries; attempt++) {
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
            console.warn(`[Distributed] ${endpoint} failed (attempt ${attempt + 1}/${retries})`);
            if (attempt < retries - 1) {
                await new Promise((resolve) => setTimeout(resolve, delay));
                delay *= 2;
            }
        }
    }
    throw lastError;
};

export const api = {
    queueDistributed: (payload) =>
        request('/distributed/queue', { // expect: INV701, INV702
            method: 'POST',
            body: JSON.stringify(payload),
        }),

    launchWorker: (workerId) =>
        request('/distributed/launch_worker', { method: 'POST', body: JSON.stringify({ worker_id: workerId }) }), // expect: INV701

    stopWorker: (workerId) =>
        request('/distributed/stop_worker', { method: 'POST', body: JSON.stringify({ worker_id: workerId }) }), // expect: INV701

    updateWorker: (workerId, changes) =>
        request(`/distributed/config/workers/${workerId}`, { method: 'PATCH', body: JSON.stringify(changes) }), // expect: INV701

    deleteWorker: (workerId) => request(`/distributed/config/workers/${workerId}`, { method: 'DELETE' }), // expect: INV701

    updateSetting: (key, value) =>
        request('/distributed/config/settings', { method: 'PUT', body: JSON.stringify({ key, value }) }), // expect: INV701

    async startTunnel() {
        const result = await request('/distributed/tunnel/start', { method: 'POST' }); // expect: INV701
        return result?.public_url ?? null;
    },

    stopTunnel: () => request('/distributed/tunnel/stop', { method: 'post' }), // expect: INV701

    // Reads are safe to retry.
    probeWorker: (host, port) => request(`/distributed/probe?host=${encodeURIComponent(host)}&port=${port}`),
    checkStatus: (url) => request(url, { method: 'GET', signal: AbortSignal.timeout(TIMEOUTS.STATUS_CHECK) }),
    getManagedWorkers: () => request('/distributed/managed_workers'),
    getWorkerLog: (workerId, lines = 200) => request(`/distributed/worker_log/${workerId}?lines=${lines}`),
    getNetworkInfo: () => request('/distributed/network_info', { method: 'GET' }),
};
