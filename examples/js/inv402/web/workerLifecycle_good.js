// Tuning constants imported from constants.js; other module-level constants stay
// (good: no finding).
import { TIMEOUTS, INTERVALS } from './constants.js';

const MAX_DEPTH = 8; // a recursion guard: an algorithm bound
const MAX_RESOLUTION = 16384; // an image format bound
const API_VERSION = 2;
const PROBE_TIMEOUT = TIMEOUTS.PROBE;
const DEFAULT_LABEL = "worker";

export class LogPoller {
    static POLL_INTERVAL = INTERVALS.LOG_POLL;
    static KIND = "poller";
}

export function describe(worker) {
    return [MAX_DEPTH, MAX_RESOLUTION, API_VERSION, PROBE_TIMEOUT, DEFAULT_LABEL, worker];
}
