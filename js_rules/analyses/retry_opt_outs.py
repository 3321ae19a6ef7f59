"""How a retrying request function lets its callers switch its retries off, and whether a
call does.

A function that retries its request (see :mod:`js_rules.analyses.retries`) usually has a
way out: a parameter or a destructured option named like ``retry``/``retries``/
``maxAttempts`` (the caller of :func:`find_opt_outs` says which names count).  An
:class:`OptOut` records where that switch is taken (which parameter; the argument itself
or a key of an options object) and what its values mean: ``flag_keys`` default to
booleans, ``attempt_keys`` count the first attempt too (``maxAttempts``, or a name a loop
counts up to), so 1, not 0, means "no retries".

For a call of such a function, :func:`call_opts_out` says whether it switches the retries
off: ``false``, ``null``, a count of 0 or 1, or a value computed per call (a deliberate
choice, not an oversight).  An opt-out the call passes on from somewhere we cannot see
(a parameter of the caller, a spread object) counts too: whoever builds it decides.  For a
wrapper that forwards its own parameters that way, :func:`forwarded_opt_outs` gives the
wrapper's opt-outs, so that the wrapper is a retrying function its callers can switch off
in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from js_rules.analyses.bindings import REST_KEY, ScopeIndex, static_key
from js_rules.analyses.functions import definition_line, function_name
from js_rules.analyses.requests import RequestSignature, call_argument
from js_rules.analyses.retries import LOOP_TYPES
from js_rules.analyses.values import ABSENT, UNDEFINED, UNKNOWN, object_property, resolve_object
from js_rules.analyses.values import static_value
from js_rules.parser import JSNode, walk


@dataclass(frozen=True)
class OptOut:
    """How callers turn a function's retries off.

    ``param_index`` is the parameter that carries it.  ``positional``: the argument itself
    is the flag or count (``retries = 3``); otherwise it is an object with one of
    ``keys`` (``{ retries = 3, retry = true } = {}``).  ``flag_keys`` default to booleans;
    ``attempt_keys`` are counts that include the first attempt (``maxAttempts``, or a
    count the loop runs up to), so 1, not 0, means "no retries".
    """

    param_index: int
    keys: tuple[str, ...]
    positional: bool = False
    flag_keys: frozenset[str] = frozenset()
    attempt_keys: frozenset[str] = frozenset()


@dataclass
class RetryingFunction:
    """A request function that retries, how it takes its request, and its opt-outs."""

    function: JSNode
    signature: RequestSignature
    opt_outs: list[OptOut]
    via: "RetryingFunction | None" = None
    name: str = field(init=False)
    line: int = field(init=False)

    def __post_init__(self):
        self.name = function_name(self.function) or "<anonymous>"
        self.line = definition_line(self.function)


def _default_is_flag(value_node: JSNode | None) -> bool:
    """Whether a parameter or destructured option defaults to ``true``/``false``."""
    return (
        value_node is not None
        and value_node.type == "AssignmentPattern"
        and value_node.right.type == "Literal"
        and isinstance(value_node.right.value, bool)
    )


def find_opt_outs(function: JSNode, keys: list[str], scopes: ScopeIndex) -> list[OptOut]:
    """The parameters through which callers can switch ``function``'s retries off."""
    wanted = set(keys)
    bounds = _loop_bounds(function)
    found = []
    for index, param in enumerate(function.params):
        target = param.left if param.type == "AssignmentPattern" else param
        if target.type == "Identifier" and target.name in wanted:
            named = {target.name: _default_is_flag(param)}
            found.append(_opt_out(index, named, keys, bounds, positional=True))
        elif target.type == "ObjectPattern":
            named = {}
            for prop in target.properties:
                key = static_key(prop) if prop.type == "Property" else None
                if key in wanted:
                    named[key] = _default_is_flag(prop.value)
            if named:
                found.append(_opt_out(index, named, keys, bounds))
        elif target.type == "Identifier":
            named = _keys_read_from(target, function, wanted, scopes)
            if named:
                found.append(_opt_out(index, named, keys, bounds))
    return found


def _opt_out(index: int, named: dict, keys: list[str], bounds: set[str],
             positional: bool = False) -> OptOut:
    """An :class:`OptOut` from ``{key: default is a boolean}``, keys in configured order."""
    return OptOut(
        index,
        tuple(key for key in keys if key in named),
        positional,
        frozenset(key for key, is_flag in named.items() if is_flag),
        frozenset(key for key in named if "attempt" in key.lower() or key in bounds),
    )


def _loop_bounds(function: JSNode) -> set[str]:
    """Names a loop counts up to (``attempt < retries``): counts of attempts, not retries."""
    bounds = set()
    for node in walk(function.body):
        test = node.get("test") if node.type in LOOP_TYPES else None
        if test is None or test.type != "BinaryExpression":
            continue
        if test.operator in ("<", "<="):
            bound = test.right
        elif test.operator in (">", ">="):
            bound = test.left
        else:
            continue
        if bound.type == "MemberExpression":
            bound = bound.property
        if bound.type == "Identifier":
            bounds.add(bound.name)
    return bounds


def _keys_read_from(param: JSNode, function: JSNode, wanted: set[str], scopes: ScopeIndex):
    """Opt-out keys the function reads off an object parameter (``options.retry``,
    ``const { retry = true } = options``), each with whether its default is a boolean."""
    used = {}
    for node in walk(function.body):
        if node.type == "MemberExpression" and node.object.type == "Identifier" and (
                node.object.name == param.name and not node.computed):
            if node.property.name in wanted and _is_whole_param(node.object, function, scopes):
                used.setdefault(node.property.name, False)
        elif node.type == "VariableDeclarator" and node.id.type == "ObjectPattern" and (
                node.get("init") is not None and node.init.type == "Identifier"
                and node.init.name == param.name
                and _is_whole_param(node.init, function, scopes)):
            for prop in node.id.properties:
                key = static_key(prop) if prop.type == "Property" else None
                if key in wanted:
                    used[key] = _default_is_flag(prop.value)
    return used


def _is_whole_param(identifier: JSNode, function: JSNode, scopes: ScopeIndex) -> bool:
    param = scopes.parameter_of(identifier, function)
    return param is not None and param.key is None


def _is_opt_out_value(value) -> bool:
    """Whether an opt-out value switches retries off (false, null, a count of 0 or 1)."""
    if value is UNKNOWN:
        return True  # computed per call: a deliberate choice, not an oversight
    if value is False or value is None:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 1


_NOT_PASSED = object()  # the call leaves the opt-out at its default
_OPTED_OUT = object()  # the call switches retries off (or decides per call)


@dataclass(frozen=True)
class _Forwarded:
    """The opt-out is decided by expressions we cannot see into (passed-through objects)."""

    sources: tuple[JSNode, ...]


def _opt_out_state(call: JSNode, opt_out: OptOut, scopes: ScopeIndex):
    """What a call does with one opt-out: not passed, opted out, or forwarded."""
    argument = call_argument(call, opt_out.param_index)
    if argument is UNKNOWN:
        return _OPTED_OUT
    if argument is None or static_value(argument, scopes) is UNDEFINED:
        return _NOT_PASSED
    if opt_out.positional:
        value = static_value(argument, scopes)
        if value is UNKNOWN:
            return _Forwarded((argument,))
        return _OPTED_OUT if _is_opt_out_value(value) else _NOT_PASSED
    options = resolve_object(argument, scopes)
    if options is None:
        return _Forwarded((argument,))
    undecided = False
    for key in opt_out.keys:
        value = object_property(options, key, scopes)
        if value is UNKNOWN:
            undecided = True
        elif value is not ABSENT and _is_opt_out_value(static_value(value, scopes)):
            return _OPTED_OUT
    if not undecided:
        return _NOT_PASSED
    spreads = tuple(
        prop.argument for prop in options.properties
        if prop.type == "SpreadElement" and resolve_object(prop.argument, scopes) is None)
    return _Forwarded(spreads) if spreads else _OPTED_OUT


def call_opts_out(call: JSNode, retrying: RetryingFunction, scopes: ScopeIndex) -> bool:
    """Whether a call of a retrying function switches (or may switch) its retries off.

    An opt-out passed through from elsewhere counts: whoever builds it decides.
    """
    return any(
        _opt_out_state(call, opt_out, scopes) is not _NOT_PASSED
        for opt_out in retrying.opt_outs
    )


def forwarded_opt_outs(call: JSNode, callee: RetryingFunction, caller: JSNode,
                       scopes: ScopeIndex):
    """The opt-outs ``caller`` gets by forwarding its parameters to a retrying ``callee``.

    None when the call opts out or passes an opt-out we cannot trace to ``caller``'s
    parameters (then ``caller`` is not treated as retrying).
    """
    forwarded = []
    for opt_out in callee.opt_outs:
        state = _opt_out_state(call, opt_out, scopes)
        if state is _OPTED_OUT:
            return None
        if state is _NOT_PASSED:
            continue
        for source in state.sources:
            param = scopes.parameter_of(source, caller) if source.type == "Identifier" else None
            if param is None or param.key not in (None, REST_KEY):
                return None
            forwarded.append(OptOut(
                param.param_index, opt_out.keys, opt_out.positional, opt_out.flag_keys,
                opt_out.attempt_keys))
    return forwarded
