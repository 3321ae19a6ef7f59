"""INV301 (duplicate-helper) in JavaScript: a function's logic lives in one module.

The rationale, settings, message and explain page are the Python rule's
(:mod:`lint_rules.rules.duplicate_helper`), and so is the matching: JavaScript is written
out for the same clone core by :mod:`js_rules.analyses.clone_units`, which says what a
unit is (declarations, functions bound to a name or a property, object and class
methods).  Every JavaScript file of a project is compared with every other (never with
Python); ``js-test-files`` and ``clone-exclude`` are left out.  Each file is summarised
once into fingerprints, while its tree is built for the other JavaScript rules.
"""

from __future__ import annotations

from js_rules.analyses.clone_units import normalise_js
from lint_rules.analyses.clones import ProjectClones, clones_among, module_analysis
from lint_rules.registry import register
from lint_rules.rules.duplicate_helper import DuplicateHelper


class JsClones:
    """What INV301 and INV302 do alike in JavaScript: summarise a file into its clone
    analysis (no tree kept), and find the clones among a project's summaries."""

    def summarise(self, ctx):
        """The file's clone analysis (None for an excluded file)."""
        settings = ctx.settings
        if settings.js_test_files.matches(ctx.path) or settings.clone_exclude.matches(
                ctx.path):
            return None
        return module_analysis(ctx.path, ctx.text, settings.clone_near_min_size,
                               normalise_js, tree_of=lambda: ctx.tree)

    def clones(self, project) -> ProjectClones:
        """The clones among the project's summarised JavaScript files."""
        settings = project.settings
        modules = [(file.path, file.summary) for file in project.files
                   if file.summary is not None]
        return clones_among(modules, min_size=settings.clone_min_size,
                            near_min_size=settings.clone_near_min_size,
                            similarity=settings.js_clone_similarity,
                            variant_min_statements=settings.clone_variant_min_statements)


@register
class JsDuplicateHelper(JsClones, DuplicateHelper):
    language = "js"
    bad_example = """
// web/js/queueDialog.js
export async function fetchWorkerStatus(api, workerId) {
    const response = await api.fetchApi(`/distributed/worker/${workerId}/status`);
    if (!response.ok) throw new Error(`status ${response.status}`);
    const data = await response.json();
    return { online: data.online, queue: data.queue_remaining ?? 0 };
}

// web/js/settingsDialog.js
export async function loadWorkerStatus(api, id) {
    const res = await api.fetchApi(`/distributed/worker/${id}/status`);
    if (!res.ok) throw new Error(`status ${res.status}`);
    const body = await res.json();
    return { online: body.online, queue: body.queue_remaining ?? 0 };
}
"""
    good_example = """
// web/js/workerApi.js
export async function fetchWorkerStatus(api, workerId) {
    const response = await api.fetchApi(`/distributed/worker/${workerId}/status`);
    if (!response.ok) throw new Error(`status ${response.status}`);
    const data = await response.json();
    return { online: data.online, queue: data.queue_remaining ?? 0 };
}

// web/js/queueDialog.js and web/js/settingsDialog.js
import { fetchWorkerStatus } from './workerApi.js';
"""
