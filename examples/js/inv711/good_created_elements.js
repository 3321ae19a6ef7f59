// Handlers on elements this code just built: they go away with their element.
import { $el } from '../../scripts/ui.js';
import { h } from './render.js';
import { app } from '../../scripts/app.js';

// A framework element factory (ComfyUI's $el): the button is new, and dies with the dialog.
export function buildWorkerRow(worker, onRemove) {
    const remove = $el('button.worker-row__remove', { textContent: 'Remove' });
    remove.addEventListener('click', () => onRemove(worker.id));
    const row = $el('div.worker-row', [$el('span', { textContent: worker.name }), remove]);
    row.querySelector('span').addEventListener('dblclick', () => row.classList.toggle('open'));
    return row;
}

// Hyperscript's h(), cloneNode of a template, and new Image().
export function renderPreview(template, url, onOpen) {
    const card = h('div', { class: 'preview-card' });
    card.addEventListener('click', () => onOpen(url));
    const copy = template.content.firstElementChild.cloneNode(true);
    copy.addEventListener('mouseenter', () => copy.classList.add('hover'));
    const image = new Image();
    image.addEventListener('load', () => card.append(image));
    image.src = url;
    return [card, copy];
}

// A child of the dialog LiteGraph's canvas.prompt() just built.
export function promptForSeed(current, onValue) {
    const dialog = app.canvas.prompt('Seed', current, onValue);
    const input = dialog.querySelector('.value');
    input.addEventListener('keydown', (event) => {
        if (event.key === 'Tab') event.preventDefault();
    });
}

// A component's own element, created in its constructor and removed with it.
export class WorkerBadge {
    constructor(worker) {
        this.worker = worker;
        this.element = $el('span.worker-badge', { textContent: worker.name });
        this.element.addEventListener('click', () => this.toggle());
    }

    bind() {
        this.element.addEventListener('contextmenu', (event) => event.preventDefault());
    }

    toggle() {
        this.element.classList.toggle('selected');
    }
}
