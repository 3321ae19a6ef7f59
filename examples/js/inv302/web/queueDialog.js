// The queue dialog: its close handler and its Escape handler run the same statements.
let activeDialog = null;

export function openQueueDialog(dialog, overlay, signal) {
    dialog.classList.add("open");
    overlay.hidden = false;
    activeDialog = dialog;
    dialog.querySelector(".close").addEventListener("click", () => {
        dialog.classList.remove("open"); // expect: INV302
        overlay.hidden = true;
        document.body.classList.remove("modal-open");
        activeDialog = null;
        dialog.dispatchEvent(new CustomEvent("closed"));
    }, { signal });
    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && activeDialog === dialog) {
            dialog.classList.remove("open"); // expect: INV302
            overlay.hidden = true;
            document.body.classList.remove("modal-open");
            activeDialog = null;
            dialog.dispatchEvent(new CustomEvent("closed"));
        }
    }, { signal });
}
