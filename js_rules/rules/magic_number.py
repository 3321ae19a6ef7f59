"""INV401 (magic-number) in JavaScript: delays, timeouts, retry counts and deadlines come
from the constants module.  The rationale, settings and explain page are the Python
rule's (:mod:`lint_rules.rules.magic_number`); this module finds JavaScript's forms:

- the delay of ``setTimeout``/``setInterval`` (``window.`` too, and the sleep ``new
  Promise(r => setTimeout(r, 300))``), the timeout of ``AbortSignal.timeout(5000)``;
- a comparison inside a loop of a retry count (``attempt < 5``, names from
  ``measured-names`` and ``tuning-parameter-names`` in their snake_case spelling) and
  of elapsed time anywhere (``Date.now() - start < 10000``);
- an option whose key names a time or size (``{ timeout: 5000 }``, ``retryDelayMs: 250``),
  a parameter default (``function poll(intervalMs = 2000)``), and a variable or property
  with a tuning name bound to a literal and read (``let pauseMs = 250``,
  ``this.refreshInterval = 3000``).

Not flagged: ``js-constants-modules`` and ``js-test-files``; module-level UPPER_CASE
constants (INV402's); ``setTimeout(fn)`` and deferrals: a one-shot ``setTimeout`` with a
delay of at most ``js-deferral-ms`` (``setTimeout(() => input.focus(), 10)`` runs "after
this task", as ``setTimeout(fn, 0)``; a debounce of a few milliseconds likewise); a one-shot
``setTimeout`` whose inline callback only defers work of the page (hiding a popup after a
blur, restoring a "Saved!" label, a debounced redraw: a feel, not a tuning value) -- but a
callback that re-runs the function that set the timer (a poll or a retry), aborts or
rejects (a timeout) or makes a request is flagged, as are sleeps, intervals and
``AbortSignal.timeout``; a variable seeded with a literal and reassigned from
data (``let maxSize = 100`` ... ``maxSize = node.size[0]``: a running maximum); other
comparisons (``i < 3`` over channels, ``status >= 500``).
"""

from __future__ import annotations

from js_rules.analyses.bindings import FUNCTION_TYPES, ScopeIndex, static_key
from js_rules.analyses.references import describe, is_reference, strip_chain
from js_rules.parser import walk
from js_rules.analyses.tuning_values import (
    ORDERING,
    TuningConstants,
    TuningTextPrefilter,
    elapsed_subject,
    in_loop,
    inside_any,
    numeric_value,
    timer_delay_sites,
)
from lint_rules.analyses.tuning_values import (
    NameGlobs,
    constants_module_label,
    is_allowed,
    is_exempt,
)
from lint_rules.registry import register
from lint_rules.rules.magic_number import MagicNumber


class _JsCheck:
    """One JavaScript file's INV401 pass."""

    def __init__(self, ctx):
        settings = ctx.settings
        self.ctx = ctx
        self.scopes = ctx.analysis(ScopeIndex)
        self.lines = ctx.text.splitlines()
        self.allowed = list(settings.allowed_numbers)
        self.parameters = NameGlobs.of(settings.tuning_parameter_names)
        self.subjects = NameGlobs.of(settings.tuning_parameter_names, settings.measured_names)
        self.variables = NameGlobs.of(settings.tuning_variable_names)
        self.owned = {id(c.node) for c in ctx.analysis(
            TuningConstants, settings.tuning_constant_words, settings.non_tuning_constant_words)}
        self.label = constants_module_label(ctx.path, settings.js_constants_modules)
        self._reads: set | None = None
        self.reported: set[int] = set()

    def magic(self, node) -> bool:
        value = numeric_value(node)
        if value is None or is_allowed(value, self.allowed) or id(node) in self.reported:
            return False
        return not inside_any(node, self.owned)

    def finding(self, node, role: str) -> None:
        self.reported.add(id(node))
        self.ctx.report(node, f"magic number {describe(node, self.lines)} used as the {role}; "
                              f"define it in {self.label} and import the named constant")

    def run(self) -> None:
        deferral = self.ctx.settings.js_deferral_ms
        for site in timer_delay_sites(self.scopes):
            if site.one_shot and 0 <= (numeric_value(site.argument) or 0) <= deferral:
                continue  # setTimeout(fn, 10): "after this task", as setTimeout(fn, 0)
            if site.defers_presentation:
                continue  # setTimeout(() => label.textContent = "Save", 1500): a feel
            if self.magic(site.argument):
                self.finding(site.argument, site.role)
        for comparison in self.scopes.nodes_of_type("BinaryExpression"):
            if comparison.operator in ORDERING:
                self.compare(comparison)
        for prop in self.scopes.nodes_of_type("Property"):
            name = static_key(prop)
            if prop.kind == "init" and self.parameters.matches(name) and self.magic(prop.value):
                self.finding(prop.value, f"'{name}' option")
        for pattern in self.scopes.nodes_of_type("AssignmentPattern"):
            self.default(pattern)
        for declarator in self.scopes.nodes_of_type("VariableDeclarator"):
            self.variable(declarator)
        for assignment in self.scopes.nodes_of_type("AssignmentExpression"):
            self.property_value(assignment)

    def compare(self, comparison) -> None:
        for literal, other in ((comparison.right, comparison.left),
                               (comparison.left, comparison.right)):
            if not self.magic(literal):
                continue
            if elapsed_subject(other, self.scopes):
                self.finding(literal, "limit compared with elapsed time")
            elif in_loop(comparison):
                name = self.name_of(other)
                if name is not None and self.subjects.matches(name):
                    self.finding(literal, f"limit compared with '{name}'")

    @staticmethod
    def name_of(node) -> str | None:
        """The name a comparison's subject goes by: a variable's, or the last property's
        of a member access (``this.attempts`` -> ``attempts``)."""
        node = strip_chain(node)
        if node is not None and node.type == "MemberExpression" and not node.computed:
            return node.property.name
        return node.name if node is not None and node.type == "Identifier" else None

    def default(self, pattern) -> None:
        parent = pattern.parent
        is_parameter = parent is not None and parent.type in FUNCTION_TYPES
        is_option = (parent is not None and parent.type == "Property"
                     and parent.parent is not None and parent.parent.type == "ObjectPattern")
        if not (is_parameter or is_option) or pattern.left.type != "Identifier":
            return
        name = pattern.left.name
        if self.parameters.matches(name) and self.magic(pattern.right):
            self.finding(pattern.right, f"default of parameter '{name}'")

    def read_names(self) -> set:
        """Names the file reads (a variable declared and never read is dead code)."""
        if self._reads is None:
            self._reads = set()
            for identifier in self.scopes.nodes_of_type("Identifier"):
                parent = identifier.parent
                declared = parent is not None and parent.type == "VariableDeclarator" and (
                    parent.id is identifier)
                if not declared and is_reference(identifier):
                    self._reads.add(identifier.name)
        return self._reads

    def variable(self, declarator) -> None:
        if declarator.id.type != "Identifier" or not self.variables.matches(declarator.id.name):
            return
        init = declarator.get("init")
        if init is None or not self.magic(init):
            return
        binding = self.scopes.resolve(declarator.id)
        if declarator.id.name in self.read_names() and not self.accumulates(binding):
            self.finding(init, f"value of '{declarator.id.name}'")

    def accumulates(self, binding) -> bool:
        """Whether a variable is reassigned from a value that does not use it
        (``max_size = node.size[i]``): a running value seeded with a literal, not a
        tuning value.  ``delay = delay * 2`` (a backoff) still is one."""
        if binding is None:
            return False
        for assignment in self.scopes.nodes_of_type("AssignmentExpression"):
            target = assignment.left
            if assignment.operator != "=" or target.type != "Identifier" or (
                    self.scopes.resolve(target) is not binding):
                continue
            uses_itself = any(
                node.type == "Identifier" and node.name == binding.name
                and self.scopes.resolve(node) is binding for node in walk(assignment.right))
            if not uses_itself and numeric_value(assignment.right) is None:
                return True
        return False

    def property_value(self, assignment) -> None:
        target = strip_chain(assignment.left)
        if assignment.operator != "=" or target.type != "MemberExpression" or target.computed:
            return
        name = target.property.name
        if self.variables.matches(name) and self.magic(assignment.right):
            self.finding(assignment.right, f"value of '{name}'")


@register
class JsMagicNumber(TuningTextPrefilter, MagicNumber):
    language = "js"
    name_settings = ("tuning_parameter_names", "measured_names", "tuning_variable_names")
    bad_example = """
// web/workerLifecycle.js
export async function waitForWorker(extension, worker) {
    const start = Date.now();
    for (let attempt = 0; attempt < 5; attempt++) {
        if (await extension.api.probeWorker(worker, AbortSignal.timeout(5000))) return true;
        if (Date.now() - start > 10000) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return false;
}
"""
    good_example = """
// web/workerLifecycle.js
import { TIMEOUTS, RETRIES } from './constants.js';

export async function waitForWorker(extension, worker) {
    const start = Date.now();
    for (let attempt = 0; attempt < RETRIES.PROBE_ATTEMPTS; attempt++) {
        const signal = AbortSignal.timeout(TIMEOUTS.PROBE);
        if (await extension.api.probeWorker(worker, signal)) return true;
        if (Date.now() - start > TIMEOUTS.PROBE_DEADLINE) break;
        await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.PROBE_PAUSE));
    }
    return false;
}
"""

    def check(self, ctx):
        settings = ctx.settings
        if not is_exempt(ctx.path, settings.js_constants_modules, settings.js_test_files):
            _JsCheck(ctx).run()
