// After plan tasks 3.1 and 4.4: looks are CSS classes; code switches classes and passes numbers.
export function applyProbeResultToWorkerDot(workerId, probeResult) {
    const dot = document.getElementById(`status-${workerId}`);
    if (!dot) return;
    dot.classList.remove('worker-status--online', 'worker-status--offline', 'status-pulsing');
    dot.classList.add(probeResult?.ok ? 'worker-status--online' : 'worker-status--offline');
    dot.classList.toggle('is-hidden', !probeResult);
}

// Layout maths reaches the stylesheet through custom properties (width: var(--progress)).
export function showProgress(bar, done, total) {
    bar.style.setProperty('--progress', `${Math.round((done / total) * 100)}%`);
    bar.style.setProperty(`--segment-${bar.dataset.index}`, String(done));
}

// Reading styles, removing them, and names that cannot be known here.
export function isHidden(element) {
    return element.style.display === 'none' || getComputedStyle(element).visibility === 'hidden';
}
export function clearInlineStyles(element, names) {
    names.forEach((name) => element.style.removeProperty(name));
}
export function copyStyle(element, name, value) {
    element.style.setProperty(name, value);
}

// Markup with classes only; a style attribute in a string that never reaches the page as HTML.
export function buildLogModal(workerId) {
    const modal = document.createElement('div');
    modal.className = 'log-modal';
    modal.innerHTML = `
        <div class="log-modal__backdrop"></div>
        <div class="log-modal__body"><h3 class="log-modal__title">Worker ${workerId}</h3></div>`;
    return modal;
}
export const exportSvg = (svg, background) => svg.replace('<svg ', `<svg style="background: ${background}" `);
export const describe = (el) => `style = ${el.getAttribute('style')}`;
