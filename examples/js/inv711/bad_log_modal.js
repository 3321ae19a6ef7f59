// web/ui.js before plan task 3.1: Escape removes the keydown listener, closing the modal any
// other way leaves it behind - one more listener (and one more modal's closures) per open.
import { api } from '../apiClient.js';

export class DistributedUI {
    constructor(extension) {
        this.extension = extension;
    }

    showLogModal(workerId) {
        const modal = document.createElement('div');
        modal.className = 'log-modal';
        modal.innerHTML = `
            <div class="log-modal__backdrop"></div>
            <div class="log-modal__body">
                <button class="log-modal__close" title="Close">&times;</button>
                <pre class="log-modal__content"></pre>
            </div>`;
        document.body.appendChild(modal);

        const handleEscape = (event) => {
            if (event.key === 'Escape') {
                modal.remove();
                document.removeEventListener('keydown', handleEscape);
            }
        };
        document.addEventListener('keydown', handleEscape); // expect: INV711

        // Listeners on the modal's own elements go away with it.
        modal.querySelector('.log-modal__backdrop').addEventListener('click', () => {
            modal.remove();
        });
        modal.querySelector('.log-modal__close').addEventListener('click', () => modal.remove());

        // An inline arrow on window can never be removed at all.
        window.addEventListener('resize', () => this._fitLog(modal)); // expect: INV711

        this._fetchAndDisplayLog(workerId, modal);
    }

    async _fetchAndDisplayLog(workerId, modal) {
        const log = await api.getWorkerLog(workerId);
        modal.querySelector('.log-modal__content').textContent = log.content;
    }

    _fitLog(modal) {
        modal.style.maxHeight = `${window.innerHeight - 80}px`;
    }
}
