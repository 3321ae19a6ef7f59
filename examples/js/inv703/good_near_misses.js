// Requests through the API client, and fetches that are no call of the server's API.
import { api } from '../../scripts/api.js';

export async function refreshWorkerDot(extension, worker, signal) {
    const probe = await extension.api.probeWorker(worker.url, 2000, signal);
    return probe.ok ? probe.queueRemaining : null;
}

// The plan's own exception, made visible where it is made.
export async function checkMasterStatus(extension) {
    // invariant-lint-disable-next-line INV703 -- same-origin status probe
    const response = await fetch('/prompt');
    extension.masterOnline = response.ok;
}

// The module's own assets, next to it.
const stylesheetUrl = new URL('./distributed.css', import.meta.url);
export const loadStyles = async () => (await fetch(stylesheetUrl)).text();
export const loadTemplate = async () => (await fetch(import.meta.resolve('./modal.html'))).text();
const iconUrl = (name) => new URL(`./icons/${name}.svg`, import.meta.url);
export const loadIcon = async (name) => (await fetch(iconUrl(name).href)).text();

// Reading back an image the page already shows.
export const imageBlob = async (img) => (await fetch(img.src)).blob();

// A fixed third-party service is not this project's server (flag-external-urls reports it).
export const civitaiModel = (hash) => fetch(`https://civitai.com/api/v1/model-versions/by-hash/${hash}`);

// Names bound here are not the platform's.
export function queueStatus() {
    function fetch(resource) {
        return api.fetchApi(resource);
    }
    return fetch('/queue');
}
export class WorkerStore {
    async fetch(id) { return api.fetchApi(`/distributed/worker/${id}`); }
    refresh(id) { return this.fetch(id); }
}
export function sendWith(navigator) {
    navigator.sendBeacon('/x', '{}');
}
