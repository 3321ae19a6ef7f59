// The three dialogs import the helper and share the panel class.
import { StatusPanel } from "./statusPanel.js";
import { fetchWorkerStatus } from "./workerApi.js";

export class QueuePanel extends StatusPanel {
    constructor(element) {
        super(element, ".status", "button");
    }
}

export class SettingsPanel extends StatusPanel {
    constructor(element) {
        super(element, ".state", "button.save");
    }
}

export const logDialog = { workerStatus: fetchWorkerStatus };

export async function refreshSettings(panel, workerId) {
    panel.setLoading(true);
    const status = await fetchWorkerStatus(workerId);
    panel.setStatus(status.online ? "online" : "offline", status.online ? "ok" : "warn");
    panel.setLoading(false);
}
