// Set-up code that runs more than once: each run adds one more listener to a long-lived target.
import { app } from '../../scripts/app.js';
import { api } from '../../scripts/api.js';

function watchQueue(node) {
    // Called from a per-node hook below: one more 'status' handler per node created.
    api.addEventListener('status', ({ detail }) => node.setDirtyCanvas(true, detail)); // expect: INV711
}

const monitor = {
    start() {
        document.addEventListener('visibilitychange', () => this.refresh()); // expect: INV711
    },
    refresh() {},
};

app.registerExtension({
    name: 'example.repeated-setup',
    nodeCreated(node) {
        // nodeCreated runs once per node, not once per page.
        watchQueue(node);
        window.addEventListener('resize', () => node.setSize(node.computeSize())); // expect: INV711
    },
    setup() {
        // Added once (setup runs once), but each click runs start() again.
        const button = document.getElementById('monitor-button');
        button.addEventListener('click', () => monitor.start());
    },
});
