// The settings dialog: the close handler again, and the worker rows filled as the queue
// panel fills them.
let activeDialog = null;

export function openSettingsDialog(dialog, overlay, api, signal) {
    dialog.classList.add("open");
    overlay.hidden = false;
    activeDialog = dialog;
    dialog.querySelector(".cancel").addEventListener("click", () => {
        dialog.classList.remove("open"); // expect: INV302
        overlay.hidden = true;
        document.body.classList.remove("modal-open");
        activeDialog = null;
        dialog.dispatchEvent(new CustomEvent("closed"));
    }, { signal });
    dialog.querySelector(".save").addEventListener("click", async () => {
        const response = await api.fetchApi("/distributed/config", { method: "GET" });
        response.json().then((config) => {
            const rows = Object.entries(config.workers ?? {}); // expect: INV302
            rows.sort(([a], [b]) => a.localeCompare(b));
            for (const [name, worker] of rows) {
                dialog.querySelector(`[data-worker="${name}"]`).textContent = worker.host;
            }
        });
    }, { signal });
}
