// Queue submissions without the idempotency key: a second submission queues the job twice.
import { TIMEOUTS } from './constants.js';

const QUEUE_ENDPOINT = '/distributed/queue';

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
    // The plan's queueDistributed before the idempotency key was added.
    queueDistributed: (payload) =>
        request('/distributed/queue', { // expect: INV702
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(payload),
        }, { retry: false }),

    // No headers at all, endpoint through a constant.
    requeue: (payload) => request(QUEUE_ENDPOINT, { method: 'post', body: JSON.stringify(payload) }, { retry: false }), // expect: INV702
};

// Straight to fetch, with the origin in front of the path and a query string behind it.
export async function queueOnMaster(masterUrl, payload) {
    const response = await fetch(`${masterUrl}/distributed/queue?source=panel`, { // expect: INV702
        method: 'POST',
        headers: new Headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(payload),
    });
    return response.json();
}

// A full URL, and a headers object that only has other keys (one of them through a spread).
const JSON_HEADERS = { 'Content-Type': 'application/json' };

export const queueRemote = (payload) =>
    fetch('http://127.0.0.1:8188/distributed/queue', { // expect: INV702
        method: 'PUT',
        headers: { ...JSON_HEADERS, Accept: 'application/json' },
        body: JSON.stringify(payload),
    });

// A Headers object that gets other headers set, never the key.
export function queueWithHeaders(payload) {
    const headers = new Headers();
    headers.set('Content-Type', 'application/json');
    return fetch('/distributed/queue', { method: 'POST', headers, body: JSON.stringify(payload) }); // expect: INV702
}
