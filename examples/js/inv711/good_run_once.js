// Listeners added once per page load cannot accumulate: nothing to remove.
import { app } from '../../scripts/app.js';
import { api } from '../../scripts/api.js';

// Module top level: runs once, when the module is imported.
api.addEventListener('executing', ({ detail }) => highlightNode(detail));
for (const event of ['execution_start', 'progress']) {
    api.addEventListener(event, () => updateTitle());
}

function highlightNode(id) {
    return app.graph?.getNodeById(id);
}

function updateTitle() {
    document.title = 'Running';
}

// A module singleton whose set-up runs from the extension's setup hook (once per page).
class StatusBar {
    constructor() {
        this.ready = false;
    }

    setup() {
        if (this.ready) return;
        this.ready = true;
        this.registerListeners();
    }

    registerListeners() {
        api.addEventListener('status', ({ detail }) => this.show(detail));
    }

    show(detail) {
        return detail;
    }
}

const statusBar = new StatusBar();

app.registerExtension({
    name: 'example.run-once',
    setup: () => statusBar.setup(),
    async init() {
        document.addEventListener('paste', (event) => event.clipboardData);
    },
});

// An element handed to a component: it goes when the element goes.
export class InputHelper {
    constructor(input) {
        this.input = input;
        this.input.addEventListener('keydown', (event) => this.onKey(event));
    }

    onKey(event) {
        return event.key;
    }
}
