"""Presentation lives in CSS classes, not in inline styles set from code (opt-in).

Why: a style set from JavaScript is invisible to the stylesheet.  A theme cannot override
it, the same look is written again in every module that needs it, and a state such as
"offline" or "hidden" is spread over several ``style.*`` lines instead of one class that
CSS, tests and DevTools can all see.  Refactor plan task 3.1 (step 3) moved the log
modal's inline ``style="..."`` attributes into ``distributed.css`` classes, and task 4.4
replaced the status dot's ``style.backgroundColor``/``style.display`` writes with
``classList`` changes (its verify step: no ``style.`` left in ``web/workerLifecycle.js``).

What is reported: an assignment to ``element.style.<prop>`` (``style.display`` toggles
included), to ``element.style.cssText`` or to ``element.style``;
``style.setProperty(name, ...)``; ``Object.assign(element.style, {...})``;
``setAttribute('style', ...)``; the ``style`` option of an element factory
(``style-factories``, default ComfyUI's ``$el``: ``$el('div', { style: { display: 'none' }
})``); and a ``style="..."`` attribute inside the HTML strings or templates assigned to
``innerHTML``/``outerHTML`` or passed to ``insertAdjacentHTML``.
The message names the property and suggests a class, or, for a value computed at run
time (a position, a width), a CSS custom property the class reads.

Not reported: CSS custom properties (``style.setProperty('--progress', pct)``), which is
how layout maths reaches a stylesheet (``flag-custom-properties = true`` reports them
too); ``classList`` changes; reading styles (``el.style.display === 'none'``,
``getComputedStyle``); ``removeProperty``; a ``setProperty`` whose name is not known
statically.

This rule is opt-in.  A real front end has hundreds of inline styles and the plan
migrated two modules, so a team turns the invariant on where it has migrated: a prefix
or ``ALL`` in ``select`` does not enable it; naming ``INV713`` exactly does
(``select = ["INV", "INV713"]``, or ``--select INV,INV713``), and ``inline-style-paths``
limits where it applies (``inline-style-paths = ["web/workerLifecycle.js", "web/ui/*.js"]``).

How to fix: put the look in a class rule (``.worker-status--offline { background-color:
var(--status-offline) }``) and switch classes (``dot.classList.add('worker-status--
offline')``); pass computed values as custom properties (``bar.style.setProperty(
'--progress', `${pct}%`)`` with ``width: var(--progress)`` in the class).
"""

from __future__ import annotations

from js_rules.analyses.inline_styles import StyleWrite, StyleWrites
from lint_rules.registry import Rule, register
from lint_rules.settings import Boolean, PathPatternList, Setting, Settings, TextList


class InlineStyleSettings(Settings):
    inline_style_paths = Setting(
        "inline-style-paths", PathPatternList(), ["**"],
        "path patterns of the JavaScript files where INV713 applies (the modules whose "
        "styles have moved to CSS); the default is every file")
    style_factories = Setting(
        "style-factories", TextList(), ["$el"],
        "functions (dotted names) that create an element from an options object whose "
        "style key sets inline styles, such as ComfyUI's $el('div', { style: {...} })")
    flag_custom_properties = Setting(
        "flag-custom-properties", Boolean(), False,
        "also report CSS custom properties set from code (style.setProperty('--x', ...)), "
        "which layouts normally set on purpose")


def _declaration(write: StyleWrite) -> str:
    if len(write.properties) == 1 and write.value:
        return f"{write.properties[0]}: {write.value}"
    return ", ".join(write.properties)


def _advice(write: StyleWrite) -> str:
    single = write.properties[0] if len(write.properties) == 1 else None
    if write.custom_only:
        return "read the custom property from a class rule in the stylesheet"
    if single == "display":
        return ("toggle a class instead (classList.toggle('is-hidden', hidden)) and keep "
                "the display rule in the stylesheet")
    if single is not None and write.computed:
        return (f"the value is computed: pass it as a custom property "
                f"(style.setProperty('--{single}', ...)) and use var(--{single}) in a "
                f"class rule")
    return "move it into a CSS class rule and add the class (classList.add(...) or class=\"...\")"


def message(write: StyleWrite) -> str:
    """The finding's text: what is set, how, and the class-based alternative."""
    what = _declaration(write)
    named = f"inline style '{what}'" if what else "an inline style"
    return f"{named} set in code ({write.how}): {_advice(write)}"


@register
class InlineStyle(Rule):
    code = "INV713"
    symbol = "inline-style"
    summary = "presentation lives in CSS classes: no inline styles set from code"
    language = "js"
    opt_in = True
    any_text = ("style",)
    settings_class = InlineStyleSettings
    bad_example = """
export function applyProbeResultToWorkerDot(dot, probe) {
    dot.style.backgroundColor = probe.ok ? '#3ca03c' : '#c04c4c';
    dot.style.display = 'inline-block';
    dot.innerHTML = `<span style="font-size: 10px">${probe.queueRemaining}</span>`;
}
"""
    good_example = """
export function applyProbeResultToWorkerDot(dot, probe) {
    dot.classList.remove('worker-status--online', 'worker-status--offline');
    dot.classList.add(probe.ok ? 'worker-status--online' : 'worker-status--offline');
    dot.innerHTML = `<span class="worker-status__queue">${probe.queueRemaining}</span>`;
}
"""

    def check(self, ctx):
        settings = ctx.settings
        if not settings.inline_style_paths.matches(ctx.path):
            return
        for write in ctx.analysis(StyleWrites, settings.style_factories).writes:
            if write.custom_only and not settings.flag_custom_properties:
                continue
            ctx.report_at(write.line, write.column, message(write))
