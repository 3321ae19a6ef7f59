// Intervals that can never be cleared, or that nothing clears.
import { api } from './apiClient.js';
import { TIMEOUTS } from './constants.js';

export class WorkerStatusPoller {
    constructor(workers) {
        this.workers = workers;
    }

    start() {
        // The id is thrown away: this interval runs until the page unloads.
        setInterval(() => this.poll(), TIMEOUTS.STATUS_POLL); // expect: INV712
        // Kept, but no checked file ever clears a 'heartbeatTimer'.
        this.heartbeatTimer = window.setInterval(() => api.heartbeat(), TIMEOUTS.HEARTBEAT); // expect: INV712
    }

    stop() {
        this.workers = [];
    }

    async poll() {
        await Promise.all(this.workers.map((worker) => api.probeWorker(worker.host, worker.port)));
    }
}

// Kept in a local variable that is only ever tested, never cleared.
export function showQueueCounter(element) {
    const counterTimer = setInterval(async () => { // expect: INV712
        element.textContent = String(await api.queueSize());
    }, TIMEOUTS.QUEUE_COUNTER);
    if (counterTimer) element.dataset.live = 'true';
    return element;
}

// Kept in an object literal's property that nothing clears.
export const tunnelMonitor = {
    state: { tunnelPollTimer: setInterval(() => api.getTunnelStatus(), TIMEOUTS.TUNNEL_POLL) }, // expect: INV712
};

// The plan's log modal with its auto-refresh started and the id dropped.
export function openLogModal(modal, fetchLog) {
    document.body.appendChild(modal);
    window.setInterval(fetchLog, TIMEOUTS.LOG_REFRESH); // expect: INV712
}
