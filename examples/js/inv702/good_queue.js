// web/apiClient.js after plan task 1.2: the queue submission carries its idempotency key.
import { TIMEOUTS } from './constants.js';

const request = async (endpoint, options = {}, { retry = true } = {}) => {
    const response = await fetch(`${window.location.origin}${endpoint}`, {
        headers: { 'Content-Type': 'application/json' },
        signal: AbortSignal.timeout(TIMEOUTS.REQUEST),
        ...options,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} (retry ${retry})`);
    return response.json();
};

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
            body: JSON.stringify(payload),
        }, { retry: false }),

    // Other mutating endpoints do not need the key.
    launchWorker: (workerId) =>
        request('/distributed/launch_worker', { method: 'POST', body: JSON.stringify({ worker_id: workerId }) }, { retry: false }),

    // Reading the queue is not a submission.
    getQueue: () => request('/distributed/queue', { method: 'GET' }),
    getQueueDefault: () => request('/distributed/queue'),

    // Headers passed in by the caller: whoever builds them decides.
    queueWith: (payload, headers) =>
        request('/distributed/queue', { method: 'POST', headers, body: JSON.stringify(payload) }, { retry: false }),
};

// Lower-case header name, a const headers object, and a Headers object with set/append.
const idempotent = (key) => ({ 'x-idempotency-key': key });

export const queueLowerCase = (payload) =>
    fetch('/distributed/queue', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-idempotency-key': payload.trace_execution_id },
        body: JSON.stringify(payload),
    });

export function queueWithConst(payload) {
    const headers = { 'Content-Type': 'application/json', 'X-Idempotency-Key': payload.id };
    return fetch(`${window.location.origin}/distributed/queue`, { method: 'POST', headers, body: JSON.stringify(payload) });
}

export function queueWithHeadersObject(payload) {
    const headers = new Headers({ 'Content-Type': 'application/json' });
    headers.append('X-Idempotency-Key', payload.trace_execution_id);
    return fetch('/distributed/queue', { method: 'POST', headers, body: JSON.stringify(payload) });
}

export const queueWithAnd = (payload) =>
    fetch('/distributed/queue', {
        method: 'POST',
        headers: { ...(payload.id && { 'X-Idempotency-Key': payload.id }) },
        body: JSON.stringify(payload),
    });

export const queueWithHelper = (payload) =>
    fetch('/distributed/queue', { method: 'POST', headers: idempotent(payload.id), body: JSON.stringify(payload) });

// A helper that always adds the key itself.
const submit = (endpoint, payload) =>
    fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Idempotency-Key': payload.trace_execution_id },
        body: JSON.stringify(payload),
    });

export const queueViaSubmit = (payload) => submit('/distributed/queue', payload);

// Similar paths that are not the queue endpoint.
export const clearQueue = () => fetch('/distributed/queue/clear', { method: 'POST' });
export const queuePrompt = (prompt) => fetch('/prompt', { method: 'POST', body: JSON.stringify({ prompt }) });
export const queueElsewhere = (payload) => fetch('/distributed/queue_status', { method: 'DELETE', body: payload });
