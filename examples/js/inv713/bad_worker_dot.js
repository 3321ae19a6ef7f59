// web/workerLifecycle.js before plan task 4.4: the status dot's look is set from code.
import { $el } from '../../scripts/ui.js';

export function updateWorkerDot(workerId, probe) {
    const dot = document.getElementById(`status-${workerId}`);
    if (!dot) return;
    dot.style.display = 'inline-block'; // expect: INV713
    dot.style.backgroundColor = probe.ok ? '#3ca03c' : '#c04c4c'; // expect: INV713
    dot.style['border-radius'] = '50%'; // expect: INV713
    dot.title = probe.ok ? 'Online' : 'Offline';
}

export function hideWorkerCard(card, hidden) {
    card.style.display = hidden ? 'none' : ''; // expect: INV713
    card.style.cssText = 'opacity: 0.5'; // expect: INV713
    card.setAttribute('style', 'border: 1px solid #444; padding: 4px'); // expect: INV713
    Object.assign(card.style, { display: 'flex', gap: '4px' }); // expect: INV713
    const style = card.style;
    style.setProperty('margin-top', '8px'); // expect: INV713
}

// Geometry computed at run time: the message suggests a custom property instead.
export function showProgress(bar, done, total) {
    bar.style.width = `${Math.round((done / total) * 100)}%`; // expect: INV713
}

// ComfyUI's element factory: its style option is an inline style too.
export const queueBadge = (count) => $el('span', {
    textContent: String(count),
    style: { fontSize: '10px', color: 'var(--fg-color)' }, // expect: INV713
});
