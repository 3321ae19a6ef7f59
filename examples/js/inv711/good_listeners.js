// Listeners that are removed on every way out, remove themselves, or die with their element.

// { once: true } removes the listener after the first event.
export function dismissOnNextClick(menu) {
    document.addEventListener('click', () => menu.remove(), { once: true });
    window.addEventListener('blur', function hide() { menu.hidden = true; }, { capture: true, once: true });
}

// One AbortController for the palette's listeners, aborted on every way out.
export function openPalette(commands) {
    const controller = new AbortController();
    const palette = document.createElement('div');
    palette.className = 'command-palette';
    document.body.appendChild(palette);
    const close = () => {
        controller.abort();
        palette.remove();
    };
    document.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') close();
    }, { signal: controller.signal });
    window.addEventListener('blur', close, { signal: controller.signal });
    palette.addEventListener('click', (event) => {
        if (event.target === palette) close();
    });
    for (const command of commands) {
        const item = document.createElement('button');
        item.textContent = command.label;
        item.addEventListener('click', () => {
            command.run();
            close();
        });
        palette.append(item);
    }
}

// A signal owned by the caller, and one that aborts itself.
export function listenUntil(signal, onMessage) {
    window.addEventListener('message', (event) => onMessage(event.data), { signal });
    document.addEventListener('visibilitychange', () => onMessage(null), { signal: AbortSignal.timeout(60000) });  // expect: INV401
}

// Listeners on a freshly built card die with the card.
export function renderWorkerCard(worker, { onLaunch, onSelect }) {
    const card = document.createElement('div');
    card.className = 'worker-card';
    card.innerHTML = `
        <span class="worker-card__name"></span>
        <button class="worker-card__launch">Launch</button>
        <input type="checkbox" class="worker-card__enabled">`;
    card.querySelector('.worker-card__name').textContent = worker.name;
    card.addEventListener('click', () => onSelect(worker.id));
    card.querySelector('.worker-card__launch').addEventListener('click', (event) => {
        event.stopPropagation();
        onLaunch(worker.id);
    });
    card.querySelectorAll('input').forEach((input) => input.addEventListener('change', () => onSelect(worker.id)));
    for (const button of card.querySelectorAll('button')) {
        button.addEventListener('focus', () => card.classList.add('focused'));
    }
    return card;
}

// Rows cloned from a template.
const rowTemplate = document.createElement('template');
rowTemplate.innerHTML = '<tr><td class="name"></td><td><button class="remove">&times;</button></td></tr>';

export function renderRow(entry, onRemove) {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.querySelector('.name').textContent = entry.name;
    row.querySelector('.remove').addEventListener('click', () => onRemove(entry));
    const socket = new WebSocket(entry.url);
    socket.addEventListener('message', (event) => { row.dataset.status = event.data; });
    return row;
}

// A component that owns its element and removes its window listener in destroy().
export class LogViewer {
    constructor() {
        this.element = document.createElement('pre');
        this.onResize = () => this.fit();
        this.element.addEventListener('scroll', () => this.onScroll());
    }

    mount(container) {
        container.appendChild(this.element);
        window.addEventListener('resize', this.onResize);
    }

    destroy() {
        this.detach();
        this.element.remove();
    }

    detach() {
        window.removeEventListener('resize', this.onResize);
    }

    fit() {
        this.element.style.height = `${window.innerHeight / 2}px`;
    }

    onScroll() {
        this.element.dataset.scrolled = 'true';
    }
}

// Every way out goes through dismiss(), which removes the listener.
export function showToast(text) {
    const toast = document.createElement('div');
    toast.textContent = text;
    document.body.appendChild(toast);
    const onKeydown = (event) => {
        if (event.key === 'Escape') dismiss();
    };
    function dismiss() {
        document.removeEventListener('keydown', onKeydown, false);
        toast.remove();
    }
    document.addEventListener('keydown', onKeydown, { capture: false });
    toast.addEventListener('click', dismiss);
    setTimeout(dismiss, 5000);  // expect: INV401
}

// A page-lifetime listener registered once at module level, with a module-level function:
// adding the same function twice is a no-op.
function onBeforeUnload() {
    sessionStorage.setItem('distributed:closing', '1');
}
window.addEventListener('beforeunload', onBeforeUnload);

// A method reference on an owner without any teardown.
export const shortcuts = {
    install() {
        document.addEventListener('keydown', this.handle);
    },
    handle(event) {
        return event.key;
    },
};
