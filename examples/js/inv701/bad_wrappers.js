// Retrying helpers reached through methods, wrappers and promise chains.
import { TIMEOUTS } from './constants.js';

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class WorkerClient {
    constructor(baseUrl) {
        this.baseUrl = baseUrl;
    }

    async request(path, options = {}, { maxAttempts = 4 } = {}) {  // expect: INV401
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                const response = await fetch(`${this.baseUrl}${path}`, options);
                if (response.ok) return response;
            } catch (error) {
                if (attempt === maxAttempts) throw error;
            }
            await wait(TIMEOUTS.RETRY_DELAY * attempt);
        }
        throw new Error(`${path}: no response after ${maxAttempts} attempts`);
    }

    // A wrapper that fixes the method: the finding is here, not at its callers.
    postJSON(path, data, options = {}) {
        return this.request(path, { // expect: INV701
            ...options,
            method: 'POST',
            headers: { 'Content-Type': 'application/json', ...options.headers },
            body: JSON.stringify(data),
        });
    }

    reset() {
        return this.request('/distributed/reset', { method: 'POST' }); // expect: INV701
    }

    status() {
        return this.request('/distributed/status');
    }
}

const client = new WorkerClient(window.location.origin);

// A wrapper that forwards its options to a retrying helper retries as well.
export const sendJSON = (path, { body, ...init } = {}) =>
    client.request(path, { ...init, body: JSON.stringify(body) });

export function clearMemory() {
    return sendJSON('/distributed/clear_memory', { method: 'POST', body: {} }); // expect: INV701
}

export const loadConfig = () => sendJSON('/distributed/config');

export const restartAll = () => client.postJSON('/distributed/restart_all', {});

// Retrying by recursion from a promise rejection handler, with backoff via setTimeout.
const withBackoff = (url, init, attempt = 0) =>
    fetch(url, init).catch((error) =>
        new Promise((resolve, reject) => {
            if (attempt >= 3) return reject(error);
            setTimeout(() => resolve(withBackoff(url, init, attempt + 1)), 2 ** attempt * 100);
        }));

export const uploadImage = (form) => withBackoff('/distributed/upload_image', { method: 'POST', body: form }); // expect: INV701

export const fetchImage = (name) => withBackoff(`/view?filename=${encodeURIComponent(name)}`);

export const storage = {
    async request(key, options) {
        let lastError;
        for (const delay of [0, 200, 800]) {
            await wait(delay);
            try {
                return await fetch(`/distributed/storage/${key}`, options);
            } catch (error) {
                lastError = error;
            }
        }
        throw lastError;
    },
    put(key, value) {
        return this.request(key, { method: 'PUT', body: JSON.stringify(value) }); // expect: INV701
    },
    remove(key) {
        return storage.request(key, { method: 'DELETE' }); // expect: INV701
    },
    get(key) {
        return this.request(key, { method: 'GET' });
    },
};
