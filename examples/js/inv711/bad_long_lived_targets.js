// Long-lived targets next to created elements: the page, and event buses of other modules.
import { $el } from '../../scripts/ui.js';
import { api } from '../../scripts/api.js';

export class QueuePanel {
    constructor() {
        this.element = $el('div.queue-panel');
        // The element is new, but api outlives every panel: each panel leaks its handler.
        api.addEventListener('status', ({ detail }) => this.render(detail)); // expect: INV711
    }

    attach() {
        document.body.append(this.element);
        document.addEventListener('keydown', (event) => { // expect: INV711
            if (event.key === 'Escape') this.element.remove();
        });
        // Looked up from the document, not created here.
        document.getElementById('queue-button').addEventListener('click', () => this.toggle()); // expect: INV711
    }

    render(status) {
        this.element.textContent = String(status?.exec_info?.queue_remaining ?? 0);
    }

    toggle() {
        this.element.hidden = !this.element.hidden;
    }
}
