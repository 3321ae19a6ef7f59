// Tests define their own tuning constants: never flagged.
export const FAST_POLL_INTERVAL_MS = 5;
export const MAX_RETRIES = 1;
