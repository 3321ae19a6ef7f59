// The queue dialog: the worker-status helper, written out here as in two other dialogs.
import { api } from "../../scripts/api.js";

export async function fetchWorkerStatus(workerId) { // expect: INV301
    const response = await api.fetchApi(`/distributed/worker/${workerId}/status`);
    if (!response.ok) {
        throw new Error(`worker ${workerId}: status ${response.status}`);
    }
    const data = await response.json();
    return { online: Boolean(data.online), queue: data.queue_remaining ?? 0 };
}

export class QueuePanel { // expect: INV301
    constructor(element) {
        this.element = element;
        this.label = element.querySelector(".status");
        this.button = element.querySelector("button");
    }

    setStatus(text, level) {
        this.label.textContent = text;
        this.label.classList.remove("ok", "warn", "error");
        this.label.classList.add(level);
        this.element.title = `${level}: ${text}`;
    }

    setLoading(loading) {
        this.button.disabled = loading;
        this.element.classList.toggle("loading", loading);
        this.label.textContent = loading ? "Loading..." : this.label.textContent;
        this.element.setAttribute("aria-busy", String(loading));
    }

    // Not a copy: a lone return of a field is no logic.
    get busy() {
        return this.button.disabled;
    }
}
