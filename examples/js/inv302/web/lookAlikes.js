// Must not be flagged: runs that look alike but are no logic to extract.

// Resets: a run of assignments of literals and empty containers is trivial.
export class QueueState {
    constructor(api) {
        this.items = [];
        this.pending = new Map();
        this.total = 0;
        this.label = "";
        this.error = null;
        this.api = api;
        this.onStatus = (event) => this.update(event.detail);
    }
}

export function clearLog(log) {
    log.items = [];
    log.pending = new Map();
    log.total = 0;
    log.label = "";
    log.error = null;
    log.element.replaceChildren();
}

// A shared preamble (read the event, check it) before bodies that differ.
export function onWorkerAdded(event, list) {
    const detail = event.detail;
    if (!detail) return;
    const id = detail.id;
    list.append(renderWorker(id, detail.host));
    list.dataset.count = String(list.children.length);
}

export function onWorkerRemoved(event, list) {
    const detail = event.detail;
    if (!detail) return;
    const id = detail.id;
    list.querySelector(`[data-id="${id}"]`)?.remove();
    window.dispatchEvent(new Event("resize"));
}

function renderWorker(id, host) {
    const row = document.createElement("li");
    row.dataset.id = id;
    row.textContent = host;
    return row;
}

// The call sites of an extracted helper: one big call each, with its arguments laid out.
export function renderQueueRow(queue, job) {
    const row = renderJob(queue.api, job.id, job.prompt, job.worker, job.started, {
        showProgress: true, showWorker: true, compact: false, onCancel: queue.cancel,
    });
    queue.element.append(row);
}

export function renderHistoryRow(history, job) {
    const row = renderJob(history.api, job.id, job.prompt, job.worker, job.started, {
        showProgress: false, showWorker: true, compact: true, onCancel: null,
    });
    history.element.append(row);
}

function renderJob(api, id, prompt, worker, started, options) {
    const row = document.createElement("li");
    row.dataset.id = id;
    row.textContent = `${prompt} on ${worker} since ${started}`;
    row.classList.toggle("compact", options.compact);
    return row;
}

// Logging around different work: a run of console calls is no logic.
export function reportQueued(job) {
    console.info("queued", job.id);
    console.debug("prompt", job.prompt);
    console.debug("worker", job.worker);
    return job.id;
}

export function reportFinished(job) {
    console.info("queued", job.id);
    console.debug("prompt", job.prompt);
    console.debug("worker", job.worker);
    return job.duration;
}

// Loop prologues: the same opening statements in two loops whose bodies then differ.
export function markDone(rows, finished) {
    for (const row of rows) {
        const id = row.dataset.id;
        if (!finished.has(id)) continue;
        row.classList.add("done");
        row.querySelector(".progress")?.remove();
    }
}

export function countDone(rows, finished) {
    let done = 0;
    for (const row of rows) {
        const id = row.dataset.id;
        if (!finished.has(id)) continue;
        done += Number(row.dataset.weight || 1);
    }
    return done;
}
