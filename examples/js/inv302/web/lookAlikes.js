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
