// The queue panel: the worker rows, filled as the settings dialog fills them.
export function refreshQueuePanel(panel, api) {
    api.fetchApi("/distributed/config").then((response) => response.json()).then((config) => {
        const rows = Object.entries(config.workers ?? {}); // expect: INV302
        rows.sort(([a], [b]) => a.localeCompare(b));
        for (const [name, worker] of rows) {
            panel.querySelector(`[data-worker="${name}"]`).textContent = worker.host;
        }
    });
}
