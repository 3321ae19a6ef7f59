import { closeDialog, fillWorkerRows, showDialog } from "./dialogs.js";

export function openSettingsDialog(dialog, overlay, api, signal) {
    showDialog(dialog, overlay);
    dialog.querySelector(".cancel").addEventListener("click", () => closeDialog(dialog, overlay),
        { signal });
    dialog.querySelector(".save").addEventListener("click", async () => {
        const response = await api.fetchApi("/distributed/config", { method: "GET" });
        response.json().then((config) => fillWorkerRows(dialog, config));
    }, { signal });
}
