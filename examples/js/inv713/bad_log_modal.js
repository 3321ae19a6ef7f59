// web/ui.js before plan task 3.1 (step 3): the log modal's markup carries inline styles.
export function buildLogModal(workerId) {
    const modal = document.createElement('div');
    modal.innerHTML = `
        <div class="log-modal__backdrop" style="position: fixed; inset: 0"></div> <!-- // expect: INV713 -->
        <div class="log-modal__body"
             style="max-height: 80vh; overflow: auto"> <!-- // expect: INV713 -->
            <h3 style="margin: 0">Worker ${workerId}</h3> <!-- // expect: INV713 -->
            <pre class="log-modal__content"></pre>
        </div>`;
    return modal;
}

export function appendLogLines(list, lines) {
    let rows = '';
    for (const line of lines) {
        rows += `<li style="color: ${line.level === 'error' ? 'red' : 'inherit'}">${line.text}</li>`; // expect: INV713
    }
    list.insertAdjacentHTML('beforeend', rows);
}

export function renderWorkerRows(table, workers) {
    table.innerHTML = workers.map((worker) => `
        <tr ${worker.enabled ? '' : 'style="opacity: 0.5"'}> <!-- // expect: INV713 -->
            <td>${worker.name}</td>
        </tr>`).join('');
}
