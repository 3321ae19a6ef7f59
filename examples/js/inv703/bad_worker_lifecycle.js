// web/workerLifecycle.js before plan task 4.4: raw requests next to the client's probeWorker.
import { TIMEOUTS } from './constants.js';

export async function checkMasterStatus(extension) {
    const response = await fetch(`${window.location.origin}/prompt`); // expect: INV703
    extension.masterOnline = response.ok;
}

export async function checkWorkerStatus(extension, worker, signal) {
    const url = `http://${worker.host}:${worker.port}`;
    try {
        const response = await window.fetch(`${url}/prompt`, { // expect: INV703
            signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUTS.PROBE)]),
        });
        return response.ok ? (await response.json()).exec_info.queue_remaining : null;
    } catch (error) {
        return null;
    }
}

export function uploadWorkerLog(worker, text, onProgress) {
    const request = new XMLHttpRequest(); // expect: INV703
    request.upload.onprogress = (event) => onProgress(event.loaded / event.total);
    request.open('POST', `/distributed/worker_log/${worker.id}`);
    request.send(text);
}

export function reportUiClosed() {
    navigator.sendBeacon('/distributed/ui_closed', '{}'); // expect: INV703
}

// A wrapper of its own is still a raw request: the fetch inside it is reported, once.
const getJson = async (path) => (await globalThis.fetch(path)).json(); // expect: INV703
export const loadWorkers = () => getJson('/distributed/config');
