// The constants module (js-constants-modules): tuning values belong here.
export const TIMEOUTS = Object.freeze({ PROBE: 5000, PROBE_QUICK: 1500, RETRY_DELAY: 100 });
export const INTERVALS = { LOG_POLL: 2000, QUEUE_POLL: 2 * 1000 };
export const MAX_LOG_LINES = 500;
