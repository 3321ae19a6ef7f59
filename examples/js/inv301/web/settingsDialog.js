// The settings dialog: the same helper again, with other local names.
import { api } from "../../scripts/api.js";

const loadWorkerStatus = async (id) => { // expect: INV301
    const res = await api.fetchApi(`/distributed/worker/${id}/status`);
    if (!res.ok) {
        throw new Error(`worker ${id}: status ${res.status}`);
    }
    const body = await res.json();
    return { online: Boolean(body.online), queue: body.queue_remaining ?? 0 };
};

export class SettingsPanel { // expect: INV301
    constructor(element) {
        this.element = element;
        this.label = element.querySelector(".state");
        this.button = element.querySelector("button.save");
    }

    setStatus(message, severity) {
        this.label.textContent = message;
        this.label.classList.remove("ok", "warn", "error");
        this.label.classList.add(severity);
        this.element.title = `${severity}: ${message}`;
    }

    setLoading(busy) {
        this.button.disabled = busy;
        this.element.classList.toggle("loading", busy);
        this.label.textContent = busy ? "Loading..." : this.label.textContent;
        this.element.setAttribute("aria-busy", String(busy));
    }
}

export async function refreshSettings(panel, workerId) {
    panel.setLoading(true);
    const status = await loadWorkerStatus(workerId);
    panel.setStatus(status.online ? "online" : "offline", status.online ? "ok" : "warn");
    panel.setLoading(false);
}
