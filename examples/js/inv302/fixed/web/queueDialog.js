import { closeDialog, fillWorkerRows, isActive, showDialog } from "./dialogs.js";

export function openQueueDialog(dialog, overlay, signal) {
    showDialog(dialog, overlay);
    dialog.querySelector(".close").addEventListener("click", () => closeDialog(dialog, overlay),
        { signal });
    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && isActive(dialog)) {
            closeDialog(dialog, overlay);
        }
    }, { signal });
}

export function refreshQueuePanel(panel, api) {
    api.fetchApi("/distributed/config").then((response) => response.json())
        .then((config) => fillWorkerRows(panel, config));
}
