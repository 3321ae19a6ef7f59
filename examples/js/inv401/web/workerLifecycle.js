// Worker lifecycle: delays, timeouts, retry counts and deadlines as real front ends
// write them (bad).
export async function waitForWorker(api, worker) {
    const start = Date.now();
    for (let attempt = 0; attempt < 5; attempt++) { // expect: INV401
        const signal = AbortSignal.timeout(5000); // expect: INV401
        if (await api.probeWorker(worker, signal)) return true;
        if (Date.now() - start > 10000) break; // expect: INV401
        await new Promise((resolve) => setTimeout(resolve, 300)); // expect: INV401
    }
    return false;
}

export function watchQueue(api, render) {
    const timer = setInterval(() => api.queue().then(render), 2000); // expect: INV401
    return () => clearInterval(timer);
}

export function reconnect(url, onMessage) {
    const socket = new WebSocket(url);
    socket.onmessage = onMessage;
    // Re-runs the function that set it: a retry delay.
    socket.onclose = () => setTimeout(() => reconnect(url, onMessage), 2500); // expect: INV401
}

export async function probeWorker(api, url) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 4000); // expect: INV401
    try {
        return (await api.get(url, { signal: controller.signal })).ok;
    } finally {
        clearTimeout(timer);
    }
}

export class LogPanel {
    constructor(api) {
        this.api = api;
        this.refreshInterval = 3000; // expect: INV401
        this.pending = null;
    }

    scheduleRefresh() {
        clearTimeout(this.pending);
        this.pending = setTimeout(this.refresh.bind(this), 750); // expect: INV401
    }

    refresh(retryDelayMs = 250) { // expect: INV401
        return this.api.logs({ timeout: 8000, limit: 200 }, retryDelayMs); // expect: INV401
    }
}

export async function pollUntilIdle(api) {
    let pauseMs = 400; // expect: INV401
    let retries = 0;
    while (retries < 8) { // expect: INV401
        if (await api.idle()) return;
        retries++;
        await api.sleep(pauseMs);
        pauseMs = pauseMs * 2;
    }
}
