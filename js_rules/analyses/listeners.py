"""Event listeners of a JavaScript program: ``addEventListener`` calls and what removes them.

A :class:`Listener` is one ``target.addEventListener(event, handler, options)`` (or
``removeEventListener``) call.  What this module answers about it:

- whether its handler is written inline (an arrow, a function expression, or
  ``fn.bind(...)``, which makes a new function every time): such a listener can never be
  removed, since nothing else holds the same function;
- its options: ``{ once: true }``, ``{ capture }`` (or the boolean third argument), and
  ``{ signal }``, resolved through ``const`` bindings;
- for a signal, what aborts it: ``controller.signal`` is aborted by ``controller.abort()``
  (an :class:`Abort`), ``AbortSignal.timeout(...)`` by itself; a signal that comes from
  elsewhere (a parameter) is whoever passes it's business;
- which ``removeEventListener`` calls remove it: the same target, event and handler
  reference (:mod:`js_rules.analyses.references`) and the same capture flag;
- whether its handler is made anew by each call of the function that adds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from js_rules.analyses.bindings import FUNCTION_TYPES, ScopeIndex
from js_rules.analyses.dom import DomIndex
from js_rules.analyses.functions import contains, is_function
from js_rules.parser import JSNode
from js_rules.analyses.references import method_calls, property_of, reference_key, strip_chain
from js_rules.analyses.values import ABSENT, UNKNOWN, object_property, resolve_object, static_value

ADD = "addEventListener"
REMOVE = "removeEventListener"


@dataclass(eq=False)
class Listener:
    """One ``addEventListener``/``removeEventListener`` call."""

    call: JSNode
    method: str
    target: JSNode
    event: JSNode
    handler: JSNode
    options: JSNode | None


def listener_calls(scopes: ScopeIndex, method: str) -> list[Listener]:
    """Every ``target.<method>(event, handler, ...)`` call of the program, in order."""
    found = []
    for call, callee, _name in method_calls(scopes, (method,)):
        arguments = call.arguments
        if len(arguments) < 2 or any(a.type == "SpreadElement" for a in arguments[:3]):
            continue
        options = arguments[2] if len(arguments) > 2 else None
        found.append(Listener(call, method, strip_chain(callee.object), arguments[0],
                              strip_chain(arguments[1]), options))
    return found


def inline_kind(handler: JSNode) -> str | None:
    """How a handler written inline makes a fresh function, or None for a reference."""
    if handler.type == "ArrowFunctionExpression":
        return "arrow function"
    if handler.type in FUNCTION_TYPES:
        return "function expression"
    if handler.type == "CallExpression":
        callee = strip_chain(handler.callee)
        if callee.type == "MemberExpression" and not callee.computed and (
                callee.property.name == "bind"):
            return "bound function (.bind makes a new one on every call)"
    return None


def _option(listener: Listener, key: str, scopes: ScopeIndex):
    """The value node of an option, ABSENT, or UNKNOWN when the options cannot be read."""
    options = listener.options
    if options is None:
        return ABSENT
    resolved = resolve_object(options, scopes)
    if resolved is None:
        return ABSENT if static_value(options, scopes) is not UNKNOWN else UNKNOWN
    return object_property(resolved, key, scopes)


def is_once(listener: Listener, scopes: ScopeIndex) -> bool:
    """Whether the listener removes itself after the first event (``{ once: true }``)."""
    value = _option(listener, "once", scopes)
    return value not in (ABSENT, UNKNOWN) and static_value(value, scopes) is True


def capture_flag(listener: Listener, scopes: ScopeIndex):
    """True/False for the capture phase, or UNKNOWN.  A boolean third argument is it."""
    if listener.options is None:
        return False
    direct = static_value(listener.options, scopes)
    if isinstance(direct, bool):
        return direct
    value = _option(listener, "capture", scopes)
    if value is ABSENT:
        return False
    if value is UNKNOWN:
        return UNKNOWN
    flag = static_value(value, scopes)
    return bool(flag) if flag is not UNKNOWN else UNKNOWN


@dataclass(frozen=True)
class Abort:
    """How a listener's signal gets aborted.

    ``kind``: ``"controller"`` (``controller_key`` is the reference whose ``abort()``
    aborts it; ``controller`` the expression, for messages), ``"self"`` (the signal
    aborts itself, e.g. ``AbortSignal.timeout``), or ``"external"`` (it comes from
    somewhere this analysis does not follow).
    """

    kind: str
    controller: JSNode | None = None
    controller_key: object = None


def signal_abort(listener: Listener, scopes: ScopeIndex) -> Abort | None:
    """What aborts the listener's ``signal`` option; None without one."""
    value = _option(listener, "signal", scopes)
    if value is ABSENT:
        return None
    if value is UNKNOWN:
        return Abort("external")
    return _signal_source(value, scopes, 0)


def _signal_source(node: JSNode, scopes: ScopeIndex, depth: int) -> Abort:
    node = strip_chain(node)
    if depth > 8:
        return Abort("external")
    if node.type == "Identifier":
        binding = scopes.resolve(node)
        if binding is not None and binding.kind == "const" and binding.init is not None:
            return _signal_source(binding.init, scopes, depth + 1)
        return Abort("external")
    if node.type == "MemberExpression" and property_of(node, scopes) == "signal":
        key = reference_key(node.object, scopes)
        if key is not None:
            return Abort("controller", strip_chain(node.object), key)
        return Abort("external")
    if node.type == "CallExpression":
        callee = strip_chain(node.callee)
        if callee.type == "MemberExpression" and property_of(callee, scopes) == "timeout":
            return Abort("self")
    return Abort("external")


def abort_calls(scopes: ScopeIndex, controller_key) -> list[JSNode]:
    """Every ``<controller>.abort(...)`` call of the program."""
    return [
        call for call, callee, _name in method_calls(scopes, ("abort",))
        if reference_key(callee.object, scopes) == controller_key
    ]


def _same_event(first: JSNode, second: JSNode, scopes: ScopeIndex) -> bool:
    one, other = static_value(first, scopes), static_value(second, scopes)
    if one is not UNKNOWN and other is not UNKNOWN:
        return one == other
    key = reference_key(first, scopes)
    return key is not None and key == reference_key(second, scopes)


def removes(removal: Listener, listener: Listener, scopes: ScopeIndex,
            check_capture: bool = True) -> bool:
    """Whether a ``removeEventListener`` call removes the listener ``listener`` added.

    With ``check_capture=False``: whether it would, if its capture flag were the same.
    """
    handler = reference_key(listener.handler, scopes)
    target = reference_key(listener.target, scopes)
    if handler is None or target is None:
        return False
    if reference_key(removal.handler, scopes) != handler:
        return False
    if reference_key(removal.target, scopes) != target:
        return False
    if not _same_event(listener.event, removal.event, scopes):
        return False
    if not check_capture:
        return True
    added, removed = capture_flag(listener, scopes), capture_flag(removal, scopes)
    return added is UNKNOWN or removed is UNKNOWN or added == removed


def made_per_call(handler: JSNode, owner: JSNode | None, scopes: ScopeIndex,
                  dom: DomIndex) -> bool:
    """Whether each call of ``owner`` makes a new ``handler`` function: a closure declared
    in it, or a variable/property it assigns a function to.  A parameter is the caller's
    function, not necessarily a new one."""
    if owner is None:
        return False
    key = reference_key(handler, scopes)
    if key is None:
        return False
    if key[0] == "binding":
        if key[1].kind == "param":
            return False
        if contains(owner, key[1].identifier):
            return True
    return any(contains(owner, value) and is_function(value)
               for value in dom.assigned.get(key, ()))
