// Tuning constants defined where they are used (bad).
const RETRY_DELAY_MS = 100; // expect: INV402
export const PROBE_TIMEOUTS = { quick: 1500, full: 5000 }; // expect: INV402
const MAX_LOG_LINES = 500; // expect: INV402
const QUEUE_POLL_INTERVAL = 2 * 1000; // expect: INV402

export class LogPoller {
    static POLL_INTERVAL_MS = 2000; // expect: INV402
    static MAX_RETRIES = 3; // expect: INV402
}

export function retryDelay(attempt) {
    return RETRY_DELAY_MS * attempt + PROBE_TIMEOUTS.quick + MAX_LOG_LINES + QUEUE_POLL_INTERVAL;
}
