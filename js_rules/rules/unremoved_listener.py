"""A listener on a long-lived target must be removed on every teardown path of its owner.

Why: ``document``, ``window`` and ``document.body`` outlive every modal, panel and card the
extension builds, and so do elements it did not create itself.  A listener added to them
keeps its handler — and everything the handler closes over: the modal, its worker, its
log buffer — alive until it is removed.  Refactor plan task 3.1 found exactly this in
``web/ui.js``: the log modal added a ``keydown`` listener on ``document`` when it opened;
Escape removed it, but closing the modal by a backdrop click did not, so every open
leaked one more listener (and one more modal's worth of closures).

What is reported, at the ``addEventListener`` call:

- an inline handler (an arrow, a function expression, or ``fn.bind(...)``) on such a
  target: nothing else holds the same function, so it can never be removed.  The target
  is one known to live as long as the page (``document``, ``window``, a global, an
  element looked up in the page, a module-level binding such as an imported event bus
  like ComfyUI's ``api``, or anything reached from them), or an element handed to a
  component that has a teardown path (the component goes, the element stays);
- a handler held in a variable or property (``handleEscape``, ``this.onResize``) that is
  not removed with the same target, event, handler and capture flag on every *teardown
  path* of its owner.  The owner is the function that adds the listener; its teardown
  paths are the functions that remove an element it created (a backdrop ``click`` handler
  calling ``modal.remove()``) and the functions next to it named like a teardown
  (``unmount``, ``destroy``, ``dispose``... — the ``teardown-names`` option).  A path is
  covered when the removal runs in it or in a function it calls.  A removal written only
  inside the handler (Escape) covers that path, not the others (the backdrop click);
- a handler made fresh by each call of its owner (a closure declared inside it) that
  nothing ever removes, when the owner has no teardown path at all.

Not reported: listeners added by code that runs once per page load -- the module's top
level, an extension's once-per-page hook (ComfyUI's ``registerExtension`` ``setup`` and
``init``: the ``run-once-hooks`` option), and functions only they call, such as a module
singleton's set-up (see :mod:`js_rules.analyses.run_once`): one listener for the page's
lifetime is what the code asked for, and nothing accumulates; inline handlers on an
element handed in (a parameter, ``this.el``) by code with no teardown path, which may well
die with its element; listeners with ``{ once: true }``; listeners with ``{ signal }`` from an
``AbortController`` whose ``abort()`` every teardown path reaches (a signal from
elsewhere, or ``AbortSignal.timeout``, is trusted); listeners on elements the code
created itself (``document.createElement``, ``cloneNode``, ``new Image()``, a framework's
element factory such as ComfyUI's ``$el`` -- the ``element-factories`` option --, a
template-building helper, anything found inside them with ``querySelector``, and
``this.element`` of a component whose constructor creates it) or removes itself — they go away with
the element; and listeners an object adds to itself (``this.addEventListener`` in a
custom element).  Handlers held in a module-level function or a method and never removed are
not reported when the owner has no teardown: adding the same function twice is a no-op.

How to fix: keep the handler in a variable, and remove it in the one function every
close path goes through (``unmount``); or add all of a component's listeners with one
``AbortController``'s signal and abort it there.
"""

from __future__ import annotations

from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.dom import DEFAULT_ELEMENT_FACTORIES, DomIndex
from js_rules.analyses.functions import function_name, owning_function
from js_rules.analyses.listeners import (
    ADD, REMOVE, Listener, abort_calls, inline_kind, is_once, listener_calls, made_per_call,
    removes, signal_abort,
)
from js_rules.analyses.references import describe
from js_rules.analyses.run_once import DEFAULT_RUN_ONCE_HOOKS, RunOnceIndex
from js_rules.analyses.teardown import CallGraph, describe_path, teardown_paths
from js_rules.analyses.values import static_value
from js_rules.parser import JSNode
from lint_rules.registry import Rule, register
from lint_rules.settings import Setting, Settings, TextList


class UnremovedListenerSettings(Settings):
    teardown_names = Setting(
        "teardown-names", TextList(),
        ["unmount", "destroy", "dispose", "teardown", "cleanup", "close",
         "disconnectedCallback"],
        "names (shell globs, case-sensitive) of functions that tear a component down; a "
        "listener added next to one must be removed by it")
    element_factories = Setting(
        "element-factories", TextList(), list(DEFAULT_ELEMENT_FACTORIES),
        "functions that build and return a new element (a name, or a dotted tail such as "
        "canvas.prompt); a listener on what they return dies with that element")
    run_once_hooks = Setting(
        "run-once-hooks", TextList(), list(DEFAULT_RUN_ONCE_HOOKS),
        "methods a framework calls once per page, written callee.method: the method of an "
        "object passed to the callee (matched by its dotted tail); listeners added there, "
        "and in what only they call, are added once")


class _Context:
    """The analyses of one file that every listener's check shares."""

    def __init__(self, ctx):
        self.program = ctx.tree
        self.scopes = ctx.analysis(ScopeIndex)
        self.dom = ctx.analysis(DomIndex, tuple(ctx.settings.element_factories))
        self.graph = ctx.analysis(CallGraph)
        self.run_once = ctx.analysis(RunOnceIndex, tuple(ctx.settings.run_once_hooks))
        self.lines = ctx.source.lines
        self.teardown_names = list(ctx.settings.teardown_names)
        self.removals = listener_calls(self.scopes, REMOVE)
        self._paths: dict = {}

    def teardown_paths(self, owner: JSNode | None) -> list:
        """The teardown paths of ``owner``'s component (computed once per owner)."""
        if owner not in self._paths:
            self._paths[owner] = teardown_paths(
                owner, self.program, self.dom, self.teardown_names, self.text)
        return self._paths[owner]

    def text(self, node: JSNode) -> str:
        return describe(node, self.lines)


def _event_text(listener: Listener, context: _Context) -> str:
    value = static_value(listener.event, context.scopes)
    return f"'{value}'" if isinstance(value, str) else context.text(listener.event)


def _lines(nodes: list[JSNode]) -> str:
    numbers = sorted({node.line for node in nodes})
    listed = ", ".join(str(n) for n in numbers)
    return f"line {listed}" if len(numbers) == 1 else f"lines {listed}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def listener_problem(listener: Listener, context: _Context) -> str | None:
    """Why a listener leaks, or None when it is removed (or cannot outlive its target)."""
    scopes = context.scopes
    if listener.target.type == "ThisExpression":
        return None  # an object listening to itself: its listeners go when it goes
    if context.dom.is_created(listener.target) or is_once(listener, scopes):
        return None
    if context.run_once.runs_once(listener.call):
        return None  # added once per page: there is one, for as long as the page lives
    target = context.text(listener.target)
    event = _event_text(listener, context)
    abort = signal_abort(listener, scopes)
    if abort is not None and abort.kind != "controller":
        return None
    kind = inline_kind(listener.handler)
    owner = owning_function(listener.call)
    if abort is None and kind is not None:
        if not context.dom.is_page_lived(listener.target) and not context.teardown_paths(owner):
            # A handed-in element (a parameter, this.el) may well die with the handler.
            return None
        return (f"inline {kind} added as {event} listener on {target} can never be "
                f"removed: nothing else holds the same function; keep it in a variable "
                f"and remove it on teardown, or pass {{ once: true }} or an AbortSignal")
    if abort is not None:
        sites = abort_calls(scopes, abort.controller_key)
        controller = context.text(abort.controller)
        how = f"{controller}.abort()"
        subject = f"{event} listener on {target} (added with {controller}.signal)"
    else:
        sites = [r.call for r in context.removals if removes(r, listener, scopes)]
        handler = context.text(listener.handler)
        how = f"{target}.removeEventListener({event}, {handler})"
        subject = f"{event} listener '{handler}' on {target}"
    paths = context.teardown_paths(owner)
    if not sites and abort is None:
        near = [r.call for r in context.removals if removes(r, listener, scopes, False)]
        if near:
            how += (f" (the removal at {_lines(near)} passes a different capture flag, "
                    f"so it removes nothing)")
    if not paths:
        if sites or not made_per_call(listener.handler, owner, scopes, context.dom):
            return None
        name = function_name(owner)
        owner_text = f"'{name}' (line {owner.line})" if name else f"line {owner.line}"
        return (f"{subject} is never removed, and each call of {owner_text} adds a new "
                f"one; call {how} when it closes, or pass {{ once: true }}")
    missing = [p for p in paths if not any(context.graph.reaches(p.function, s) for s in sites)]
    if not missing:
        return None
    described = [
        describe_path(p, scopes) + (f" ({p.reason})" if p.removal is not None else "")
        for p in missing
    ]
    verb = "never reaches" if len(missing) == 1 else "never reach"
    where = (f"it runs only at {_lines(sites)}" if sites else "nothing calls it")
    return (f"{subject} is not removed on every teardown path: "
            f"{_join(described)} {verb} {how} ({where}); the listener leaks each time "
            f"the owner closes that way")


@register
class UnremovedListener(Rule):
    code = "INV711"
    symbol = "unremoved-listener"
    summary = ("a listener on a long-lived target (document, window, an element not "
               "created here) is removed on every teardown path")
    language = "js"
    required_text = ("addEventListener",)
    settings_class = UnremovedListenerSettings
    bad_example = """
function showLogModal(workerId) {
    const modal = buildLogModal(workerId);
    document.body.appendChild(modal);
    const handleEscape = (event) => {
        if (event.key !== 'Escape') return;
        modal.remove();
        document.removeEventListener('keydown', handleEscape);
    };
    document.addEventListener('keydown', handleEscape);
    // The backdrop closes the modal too, but leaves the keydown listener behind.
    modal.querySelector('.log-modal__backdrop').addEventListener('click', () => modal.remove());
}
"""
    good_example = """
function showLogModal(workerId) {
    const modal = buildLogModal(workerId);
    document.body.appendChild(modal);
    const close = () => {
        document.removeEventListener('keydown', handleEscape);
        modal.remove();
    };
    const handleEscape = (event) => { if (event.key === 'Escape') close(); };
    document.addEventListener('keydown', handleEscape);
    modal.querySelector('.log-modal__backdrop').addEventListener('click', close);
}
"""

    def check(self, ctx):
        context = _Context(ctx)
        for listener in listener_calls(context.scopes, ADD):
            message = listener_problem(listener, context)
            if message is not None:
                ctx.report(listener.call, message)
