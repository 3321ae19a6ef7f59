// The API client (matches client-modules, **/apiClient.js): the one module that calls fetch.
import { TIMEOUTS } from './constants.js';

export const createApiClient = (baseUrl) => ({
    probeWorker: async (workerUrl, timeout = TIMEOUTS.PROBE, signal = null) => {
        const controller = new AbortController();
        const timeoutId = setTimeout(() => controller.abort(), timeout);
        const effectiveSignal = signal ? AbortSignal.any([controller.signal, signal]) : controller.signal;
        try {
            const response = await fetch(`${workerUrl}/prompt`, { signal: effectiveSignal });
            if (!response.ok) return { ok: false, queueRemaining: 0 };
            const data = await response.json();
            return { ok: true, queueRemaining: data.exec_info?.queue_remaining ?? 0 };
        } finally {
            clearTimeout(timeoutId);
        }
    },
    logEvent: (payload) => navigator.sendBeacon(`${baseUrl}/distributed/log`, JSON.stringify(payload)),
});
