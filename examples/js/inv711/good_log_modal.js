// web/ui/logModal.js after plan task 3.1: one lifecycle, and every way out goes through unmount.
const MODAL_HTML = `
    <div class="log-modal">
        <div class="modal-backdrop"></div>
        <div class="log-modal__body">
            <label><input type="checkbox" class="log-modal__auto-refresh" checked> Auto-refresh</label>
            <pre class="log-modal__content"></pre>
        </div>
    </div>`;

function buildModalDOM() {
    const template = document.createElement('template');
    template.innerHTML = MODAL_HTML.trim();
    return template.content.firstElementChild.cloneNode(true);
}

function isAutoRefresh() {
    return document.querySelector('.log-modal__auto-refresh')?.checked ?? false;
}

export function createLogModal() {
    let _keydownHandler = null;
    let _refreshTimer = null;
    let _modalEl = null;

    function mount(container, { onClose, fetchLog }) {
        // build modal DOM
        _modalEl = buildModalDOM();
        container.appendChild(_modalEl);

        // store listener reference so we can remove it
        _keydownHandler = (e) => { if (e.key === 'Escape') unmount(); };
        document.addEventListener('keydown', _keydownHandler);

        // backdrop click
        _modalEl.querySelector('.modal-backdrop')
            .addEventListener('click', unmount);

        // auto-refresh if checkbox checked
        _refreshTimer = setInterval(() => { if (isAutoRefresh()) fetchLog(); }, 2000);  // expect: INV401
    }

    function unmount() {
        if (_keydownHandler) {
            document.removeEventListener('keydown', _keydownHandler);
            _keydownHandler = null;
        }
        if (_refreshTimer) {
            clearInterval(_refreshTimer);
            _refreshTimer = null;
        }
        _modalEl?.remove();
        _modalEl = null;
    }

    return { mount, unmount };
}

// web/ui.js uses it.
export class DistributedUI {
    showLogModal(workerId) {
        const modal = createLogModal();
        modal.mount(document.body, {
            onClose: () => modal.unmount(),
            fetchLog: () => this._fetchAndDisplayLog(workerId),
        });
    }

    async _fetchAndDisplayLog(workerId) {
        return workerId;
    }
}
