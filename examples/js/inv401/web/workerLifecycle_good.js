// The same module with its tuning values in constants.js, and the numbers that are not
// tuning values left where they are (good: no finding).
import { INTERVALS, LIMITS, RETRIES, TIMEOUTS } from './constants.js';

export async function waitForWorker(api, worker) {
    const start = Date.now();
    for (let attempt = 0; attempt < RETRIES.PROBE_ATTEMPTS; attempt++) {
        const signal = AbortSignal.timeout(TIMEOUTS.PROBE);
        if (await api.probeWorker(worker, signal)) return true;
        if (Date.now() - start > TIMEOUTS.PROBE_DEADLINE) break;
        await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.PROBE_PAUSE));
    }
    return false;
}

export function watchQueue(api, render) {
    const timer = setInterval(() => api.queue().then(render), INTERVALS.QUEUE_POLL);
    return () => clearInterval(timer);
}

export function focusLater(input) {
    // A short one-shot deferral ("after this click is handled"), like setTimeout(fn, 0).
    setTimeout(() => input.focus(), 10);
    setTimeout(() => input.select());
}

export function flashSaved(button) {
    // Deferred page work: how long a label shows is a feel, not the program's behaviour.
    button.textContent = "Saved!";
    setTimeout(() => { button.textContent = "Save"; }, 1500);
}

export class Popup {
    attach(input) {
        // Hide after a blur, unless a click on the popup comes first; a debounced redraw.
        input.addEventListener("blur", () => setTimeout(() => this.hide(), 150));
        input.addEventListener("input", () => {
            clearTimeout(this.pending);
            this.pending = setTimeout(() => this.render(), 120);
        });
    }

    hide() {}

    render() {}
}

export function layoutColumns(nodes) {
    let maxWidth = 100; // a running maximum seeded with a floor, not a tuning value
    for (const node of nodes) {
        if (node.size[0] > maxWidth) maxWidth = node.size[0];
    }
    return maxWidth;
}

export function channelsOf(pixels) {
    const channels = [];
    for (let c = 0; c < 3; c++) channels.push(pixels.filter((_, i) => i % 4 === c));
    return channels;
}

export function classify(response) {
    if (response.status >= 500) return "server";
    return response.status === 404 ? "missing" : "client";
}

export function refreshLogs(api) {
    return api.logs({ timeout: TIMEOUTS.LOGS, limit: LIMITS.LOG_LINES, width: 640 });
}
