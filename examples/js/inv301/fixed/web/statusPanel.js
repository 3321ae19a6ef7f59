// The status methods, once: each dialog's panel extends this class.
export class StatusPanel {
    constructor(element, labelSelector, buttonSelector) {
        this.element = element;
        this.label = element.querySelector(labelSelector);
        this.button = element.querySelector(buttonSelector);
    }

    setStatus(text, level) {
        this.label.textContent = text;
        this.label.classList.remove("ok", "warn", "error");
        this.label.classList.add(level);
        this.element.title = `${level}: ${text}`;
    }

    setLoading(loading) {
        this.button.disabled = loading;
        this.element.classList.toggle("loading", loading);
        this.label.textContent = loading ? "Loading..." : this.label.textContent;
        this.element.setAttribute("aria-busy", String(loading));
    }
}
