// The close and fill steps once; every dialog calls them.
let activeDialog = null;

export function showDialog(dialog, overlay) {
    dialog.classList.add("open");
    overlay.hidden = false;
    activeDialog = dialog;
}

export function closeDialog(dialog, overlay) {
    dialog.classList.remove("open");
    overlay.hidden = true;
    document.body.classList.remove("modal-open");
    activeDialog = null;
    dialog.dispatchEvent(new CustomEvent("closed"));
}

export function isActive(dialog) {
    return activeDialog === dialog;
}

export function fillWorkerRows(container, config) {
    const rows = Object.entries(config.workers ?? {});
    rows.sort(([a], [b]) => a.localeCompare(b));
    for (const [name, worker] of rows) {
        container.querySelector(`[data-worker="${name}"]`).textContent = worker.host;
    }
}
