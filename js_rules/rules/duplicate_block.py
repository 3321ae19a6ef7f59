"""INV302 (duplicate-block) in JavaScript: the same run of statements is not pasted into
two places.

The rationale, settings, message and explain page are the Python rule's
(:mod:`lint_rules.rules.duplicate_block`).  JavaScript's statement lists are every body
but a module's own (:mod:`js_rules.analyses.clone_units`): functions, branches, loops,
``case``s, ``try`` blocks, and the bodies of callbacks (``el.addEventListener("click",
() => {...})``, ``.then(r => {...})``), compared across every JavaScript file of the
project and never with Python.
"""

from __future__ import annotations

from js_rules.rules.duplicate_helper import JsClones
from lint_rules.registry import register
from lint_rules.rules.duplicate_block import DuplicateBlock


@register
class JsDuplicateBlock(JsClones, DuplicateBlock):
    language = "js"
    bad_example = """
// web/js/queueDialog.js
closeButton.addEventListener("click", () => {
    dialog.classList.remove("open");
    overlay.hidden = true;
    document.body.classList.remove("modal-open");
    dialog.dispatchEvent(new CustomEvent("closed"));
});

// web/js/settingsDialog.js
cancelButton.addEventListener("click", () => {
    dialog.classList.remove("open");
    overlay.hidden = true;
    document.body.classList.remove("modal-open");
    dialog.dispatchEvent(new CustomEvent("closed"));
});
"""
    good_example = """
// web/js/dialogs.js
export function closeDialog(dialog, overlay) {
    dialog.classList.remove("open");
    overlay.hidden = true;
    document.body.classList.remove("modal-open");
    dialog.dispatchEvent(new CustomEvent("closed"));
}

// web/js/queueDialog.js and web/js/settingsDialog.js
closeButton.addEventListener("click", () => closeDialog(dialog, overlay));
"""
