// Intervals whose ids are kept and cleared, or handed to code that decides.
import { TIMEOUTS } from './constants.js';

// Cleared from its own callback.
export function waitForWorker(probe, onReady) {
    const timer = setInterval(async () => {
        if (await probe()) {
            clearInterval(timer);
            onReady();
        }
    }, TIMEOUTS.WORKER_PROBE);
}

// Kept on `this`, cleared through a destructured copy.
export class QueueBadge {
    start() {
        this.refreshTimer = setInterval(() => this.refresh(), TIMEOUTS.QUEUE_BADGE);
    }

    stop() {
        const { refreshTimer } = this;
        clearInterval(refreshTimer);
        this.refreshTimer = null;
    }

    refresh() {
        return this;
    }
}

// clearTimeout clears interval ids too.
let blinkTimer = null;

export function startBlink(element) {
    blinkTimer = setInterval(() => element.classList.toggle('on'), TIMEOUTS.BLINK);
}

export function stopBlink() {
    clearTimeout(blinkTimer);
    blinkTimer = null;
}

// Returned or handed on: the caller decides.
export const every = (ms, fn) => setInterval(fn, ms);

export function startPolling(timers, fn) {
    timers.push(setInterval(fn, TIMEOUTS.POLL));
}

// Copied into a property that another function clears.
export function startClock(widget) {
    const id = setInterval(() => widget.tick(), TIMEOUTS.CLOCK);
    widget.clockTimer = id;
}

export function stopClock(widget) {
    clearInterval(widget.clockTimer);
}

// Kept while a guard is pending, cleared through a const copy.
export const spinner = {
    show() {
        this.spinTimer = this.spinTimer || setInterval(() => this.step(), TIMEOUTS.SPINNER);
    },
    hide() {
        const timer = this.spinTimer;
        clearInterval(timer);
    },
    step() {
        return this;
    },
};
