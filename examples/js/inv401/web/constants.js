// Every tuning value of the front end, in one place: never flagged.
export const TIMEOUTS = Object.freeze({
    PROBE: 5000,
    PROBE_DEADLINE: 10000,
    PROBE_PAUSE: 300,
    LOGS: 8000,
});
export const INTERVALS = { QUEUE_POLL: 2000 };
export const RETRIES = { PROBE_ATTEMPTS: 5 };
export const LIMITS = { LOG_LINES: 200 };
export const POLL_DELAY_MS = 250;
