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
from lint_rules.registry import register
from lint_rules.rules.duplicate_helper import DuplicateHelper


class JsClones:
    """What makes INV301 and INV302 JavaScript's: its normaliser, and the settings of its
    own (``js-test-files``, ``js-clone-similarity``); the rest is
    :class:`lint_rules.rules.duplicate_helper.CloneSummaries`."""

    normaliser = staticmethod(normalise_js)
    test_files_setting = "js_test_files"
    similarity_setting = "js_clone_similarity"


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
