// Near misses: none of these retries a mutation.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A helper that catches but never tries again.
const postOnce = async (url, body) => {
    try {
        const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
        return await response.json();
    } catch (error) {
        console.error(`[Distributed] ${url} failed`, error);
        return null;
    }
};

export const queuePrompt = (prompt) => postOnce('/prompt', { prompt });

// One request per worker is not a retry, with or without a catch.
export async function stopAll(workers) {
    for (const worker of workers) {
        await fetch(`/distributed/stop_worker/${worker.id}`, { method: 'POST' });
    }
    for (let index = 0; index < workers.length; index++) {
        try {
            await fetch(`/distributed/worker/${workers[index].id}/clear`, { method: 'DELETE' });
        } catch (error) {
            console.warn('clear failed', error);
        }
    }
}

// A loop whose catch always gives up does not retry.
export async function launchFirstAvailable(hosts, payload) {
    for (const host of hosts) {
        try {
            return await fetch(`${host}/distributed/launch`, { method: 'POST', body: payload });
        } catch (error) {
            throw new Error(`launch on ${host} failed: ${error.message}`);
        }
    }
    return null;
}

// Retrying reads is fine.
export async function waitForWorker(url, attempts = 10) {  // expect: INV401
    for (let attempt = 0; attempt < attempts; attempt++) {
        try {
            const response = await fetch(`${url}/prompt`);
            if (response.ok) return await response.json();
        } catch {
            await sleep(1000);
        }
    }
    throw new Error(`worker at ${url} did not come up`);
}

const request = async (endpoint, options = {}) => {
    const { retries = 3, maxAttempts = retries, ...init } = options;  // expect: INV401
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
        try {
            return await fetch(endpoint, init);
        } catch (error) {
            if (attempt + 1 === maxAttempts) throw error;
            await sleep(200 * 2 ** attempt);
        }
    }
    return undefined;
};

export const heartbeat = () => request('/distributed/heartbeat', { method: 'GET' });
export const register = (info) => request('/distributed/register', { method: 'POST', body: info, retries: 1 });
export const unregister = (id) => request(`/distributed/register/${id}`, { method: 'DELETE', maxAttempts: 1 });
export const touch = (id, idempotent) =>
    request(`/distributed/touch/${id}`, { method: 'PUT', retries: idempotent ? 3 : 1 });

// Methods that cannot be known here are not reported.
export const send = (endpoint, method, body) => request(endpoint, { method, body });
export const forward = (endpoint, options) => request(endpoint, options);

export function patchLater(endpoint, body) {
    let method = 'GET';
    if (body) method = 'PATCH';
    return request(endpoint, { method, body });
}
