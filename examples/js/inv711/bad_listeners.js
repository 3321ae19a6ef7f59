// Listeners on long-lived targets that can never be removed, or are not removed on every way out.
import { app } from '../../scripts/app.js';

// An inline arrow on document: nothing else holds the function.
export function enableShortcuts() {
    document.addEventListener('keydown', (event) => { // expect: INV711
        if (event.ctrlKey && event.key === 'Enter') app.queuePrompt(0, 1);
    });
}

// A media query list lives as long as the page; every opened editor adds one more handler.
export function openThemeEditor() {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => applyTheme(event.matches)); // expect: INV711
}

export class StatusPanel {
    constructor(container) {
        this.container = container; // given by the caller: not created here
        this.onResize = this.onResize.bind(this);
    }

    mount() {
        window.addEventListener('resize', this.onResize); // expect: INV711
        window.addEventListener('focus', this.refresh.bind(this)); // expect: INV711
        this.container.addEventListener('click', function onClick(event) { // expect: INV711
            event.preventDefault();
        });
        document.body.addEventListener('dragover', this.onDragOver); // expect: INV711
    }

    // destroy() is how the panel goes away, and it forgets the window listener.
    destroy() {
        this.container.replaceChildren();
    }

    onResize() {
        this.container.style.height = `${window.innerHeight}px`;
    }

    onDragOver(event) {
        event.preventDefault();
    }

    refresh() {
        return app.graph;
    }
}

// A new closure per call, never removed: each call adds another listener.
export function watchEscape(dialog) {
    const onKeydown = (event) => {
        if (event.key === 'Escape') dialog.close();
    };
    document.addEventListener('keydown', onKeydown); // expect: INV711
}

// Removed with a different capture flag, which does not remove it.
export function trackDrag(handle, moveTo) {
    const onMove = (event) => moveTo(event.clientX);
    const stop = () => {
        document.removeEventListener('pointermove', onMove);
        handle.classList.remove('dragging');
    };
    document.addEventListener('pointermove', onMove, true); // expect: INV711
    document.addEventListener('pointerup', stop, { once: true });
}

// The signal is aborted when the menu closes through close(), not when an item removes it.
export function openWorkerMenu(anchor, worker, launch) {
    const controller = new AbortController();
    const menu = document.createElement('div');
    menu.className = 'worker-menu';
    anchor.after(menu);
    const close = () => {
        controller.abort();
        menu.remove();
    };
    document.addEventListener('pointerdown', (event) => { // expect: INV711
        if (!menu.contains(event.target)) close();
    }, { signal: controller.signal });
    menu.addEventListener('click', () => {
        launch(worker);
        menu.remove();
    });
}

function applyTheme(dark) {
    document.documentElement.classList.toggle('dark', dark);
}
