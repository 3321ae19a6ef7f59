"""Tuning values of a JavaScript program: delays, timeouts, retry counts, deadlines, and
the module-level constants that hold them (INV401/INV402 in JavaScript).

The Python side (:mod:`lint_rules.analyses.tuning_values`) owns what a tuning *name* is
(name globs, constant words, the allowed numbers); this module finds where JavaScript
puts numbers in those roles:

- :func:`numeric_value` folds a numeric literal expression (``-5``, ``60 * 1000``);
- :func:`tuning_constants` lists module-level ``const`` declarators and class ``static``
  fields with an UPPER_CASE tuning name bound to numbers only (INV402's findings, whose
  literals INV401 then leaves alone);
- :func:`timer_delay_sites` yields the delay of ``setTimeout``/``setInterval`` and the
  timeout of ``AbortSignal.timeout``;
- :func:`elapsed_subject` and :func:`in_loop` tell a deadline (``Date.now() - start``)
  and a retry bound (a comparison inside a loop) apart from other comparisons.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from dataclasses import dataclass

from js_rules.analyses.bindings import FUNCTION_TYPES, ScopeIndex, static_key
from js_rules.analyses.functions import enclosing_function, function_name
from js_rules.analyses.references import property_of, strip_chain
from js_rules.analyses.timers import timer_call_name
from js_rules.parser import JSNode, walk
from js_rules.analyses.values import is_object_freeze
from lint_rules.analyses.tuning_values import (
    constant_says_tuning, fold_power_fits, is_number, is_upper_constant,
)
from lint_rules.constants import PREFILTER_PATTERN_CACHE_SIZE

_OPERATORS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "%": operator.mod, "**": operator.pow,
}
_MAX_FOLD_DEPTH = 32
ORDERING = frozenset({"<", "<=", ">", ">="})
_LOOP_TYPES = frozenset({"ForStatement", "WhileStatement", "DoWhileStatement",
                         "ForOfStatement", "ForInStatement"})
_CLOCKS = frozenset({("Date", "now"), ("performance", "now")})
DELAYED_TIMERS = frozenset({"setTimeout", "setInterval"})


def numeric_value(node: JSNode | None, depth: int = 0):
    """The value of a numeric literal or an expression of numeric literals, else None."""
    if node is None or depth > _MAX_FOLD_DEPTH:
        return None
    kind = node.type
    if kind == "Literal":
        value = node.get("value")
        return value if is_number(value) and node.get("regex") is None else None
    if kind == "UnaryExpression" and node.operator in ("-", "+"):
        operand = numeric_value(node.argument, depth + 1)
        if operand is None:
            return None
        return -operand if node.operator == "-" else operand
    if kind == "BinaryExpression" and node.operator in _OPERATORS:
        left = numeric_value(node.left, depth + 1)
        right = numeric_value(node.right, depth + 1)
        if left is None or right is None:
            return None
        try:
            if node.operator == "**" and not fold_power_fits(left, right):
                return None
            value = _OPERATORS[node.operator](left, right)
        except (ArithmeticError, ValueError, TypeError):
            return None
        if isinstance(value, complex) or (isinstance(value, float) and not math.isfinite(value)):
            return None
        return value
    return None


def _numbers_only(node: JSNode | None) -> bool:
    """Built from numeric literals only: numbers, arithmetic, arrays and object literals of
    them (``{ PROBE: 5000, POLL: 2 * 1000 }``), ``Object.freeze`` of such a value."""
    has_number = False
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None:
            return False
        if numeric_value(current) is not None:
            has_number = True
        elif current.type == "ArrayExpression":
            stack += list(current.elements)
        elif current.type == "ObjectExpression":
            for prop in current.properties:
                if prop.type != "Property" or prop.get("computed") or prop.kind != "init":
                    return False
                stack.append(prop.value)
        elif current.type == "CallExpression" and is_object_freeze(
                strip_chain(current.callee)) and current.arguments:
            stack.append(current.arguments[0])
        elif current.type == "Literal" and isinstance(current.get("value"), str):
            continue  # a label beside the numbers ({ name: "probe", ms: 500 })
        else:
            return False
    return has_number


@dataclass(frozen=True)
class JsConstant:
    """``const NAME = value`` at module level, or ``static NAME = value`` in a class."""

    node: JSNode  # the declarator or the field definition (reported there)
    name: str
    value: JSNode


class TuningConstants(tuple):
    """The file's :func:`tuning_constants`, built once and shared by INV401 and INV402
    (``ctx.analysis(TuningConstants, words, excluded_words)``)."""

    @classmethod
    def from_file(cls, source, word_patterns, excluded_patterns=()):
        """The tuning constants of one checked file."""
        return cls(tuning_constants(source.analysis(ScopeIndex), word_patterns,
                                    excluded_patterns))


def tuning_constants(scopes: ScopeIndex, word_patterns, excluded_patterns=()):
    """Module-level ``const`` declarators and class ``static`` fields whose UPPER_CASE name
    says tuning value and whose value is numbers only, in source order."""
    found = []
    for declaration in scopes.nodes_of_type("VariableDeclaration"):
        if declaration.kind != "const":
            continue
        holder = declaration.parent
        if holder is not None and holder.type == "ExportNamedDeclaration":
            holder = holder.parent
        if holder is not scopes.program:
            continue
        for declarator in declaration.declarations:
            if declarator.id.type == "Identifier":
                found.append((declarator, declarator.id.name, declarator.get("init")))
    for field in scopes.nodes_of_type("PropertyDefinition"):
        if field.get("static") and not field.get("computed"):
            found.append((field, static_key(field), field.get("value")))
    return [JsConstant(node, name, value) for node, name, value in found
            if name and value is not None and is_upper_constant(name)
            and constant_says_tuning(name, word_patterns, excluded_patterns)
            and _numbers_only(value)]


@dataclass(frozen=True)
class DelaySite:
    """A number a timer call waits for: the argument, its role in a message, whether the
    call is a one-shot ``setTimeout`` (a deferral when short), and whether it defers
    presentation work (:func:`defers_presentation`)."""

    argument: JSNode
    role: str
    one_shot: bool = False
    defers_presentation: bool = False


def _calls(function: JSNode):
    for node in walk(function.body):
        if node.type in ("CallExpression", "NewExpression"):
            yield node, strip_chain(node.callee)


def _enclosing_functions(node: JSNode):
    function = enclosing_function(node)
    while function is not None:
        yield function
        function = enclosing_function(function)


def _promise_settlers(node: JSNode) -> set[str]:
    """Names of the ``resolve``/``reject`` parameters of the Promise executors around."""
    names = set()
    for function in _enclosing_functions(node):
        parent = function.parent
        if parent is not None and parent.type == "NewExpression" and parent.arguments and (
                parent.arguments[0] is function
                and strip_chain(parent.callee).type == "Identifier"
                and strip_chain(parent.callee).name == "Promise"):
            names.update(p.name for p in function.params if p.type == "Identifier")
    return names


def _enclosing_names(node: JSNode) -> set[str]:
    """The names of the functions around ``node`` (``reconnect``, ``this.poll`` as ``poll``)."""
    return {name.rpartition(".")[2] for name in map(function_name, _enclosing_functions(node))
            if name}


def defers_presentation(call: JSNode, scopes: ScopeIndex) -> bool:
    """Whether a one-shot ``setTimeout`` runs an inline callback that only defers work
    of the page: hiding a popup after a blur, restoring a "Saved!" label, a debounced
    redraw.  Its delay is a feel, not a tuning value of the program's behaviour.

    Not so when the callback re-runs the function that set the timer (a poll or retry
    loop), aborts or settles something (``controller.abort()``, a Promise's ``reject``:
    a timeout), or makes a request (``fetch``, ``new XMLHttpRequest``)."""
    callback = strip_chain(call.arguments[0]) if call.arguments else None
    if callback is None or callback.type not in ("ArrowFunctionExpression",
                                                 "FunctionExpression"):
        return False
    if callback.body.type != "BlockStatement" and callback.body.type not in (
            "CallExpression", "AssignmentExpression", "ChainExpression", "SequenceExpression",
            "UnaryExpression"):
        return False
    enclosing = _enclosing_names(call)
    settlers = _promise_settlers(call)
    for _node, callee in _calls(callback):
        if callee.type == "Identifier":
            name = callee.name
            if name in settlers or name in enclosing or (
                    name in ("fetch", "XMLHttpRequest") and scopes.resolve(callee) is None):
                return False
        elif callee.type == "MemberExpression":
            name = property_of(callee, scopes)
            if name in ("abort", "reject", "fetch", "fetchApi") or (
                    name is not None and name in enclosing):
                return False
    return True


def timer_delay_sites(scopes: ScopeIndex):
    """A :class:`DelaySite` for the delay of every ``setTimeout``/``setInterval`` call
    (``window.setTimeout`` too; a sleep ``new Promise(r => setTimeout(r, 300))`` is one)
    and the timeout of every ``AbortSignal.timeout(ms)``."""
    for call in scopes.nodes_of_type("CallExpression"):
        name = timer_call_name(call, scopes)
        if name in DELAYED_TIMERS and len(call.arguments) >= 2:
            one_shot = name == "setTimeout"
            yield DelaySite(call.arguments[1], f"delay of {name}", one_shot,
                            one_shot and defers_presentation(call, scopes))
            continue
        callee = strip_chain(call.callee)
        if (callee.type == "MemberExpression" and callee.object.type == "Identifier"
                and callee.object.name == "AbortSignal"
                and scopes.resolve(callee.object) is None
                and property_of(callee, scopes) == "timeout" and call.arguments):
            yield DelaySite(call.arguments[0], "timeout of AbortSignal.timeout")


def _is_clock(node: JSNode | None, scopes: ScopeIndex) -> bool:
    """``Date.now()``, ``performance.now()``, ``new Date().getTime()``, ``+new Date()``."""
    node = strip_chain(node)
    if node is None:
        return False
    if node.type == "CallExpression":
        callee = strip_chain(node.callee)
        if callee.type != "MemberExpression":
            return False
        target = strip_chain(callee.object)
        name = property_of(callee, scopes)
        if target.type == "Identifier" and (target.name, name) in _CLOCKS:
            return scopes.resolve(target) is None
        return name == "getTime" and target.type == "NewExpression" and (
            target.callee.type == "Identifier" and target.callee.name == "Date")
    return node.type == "NewExpression" and node.callee.type == "Identifier" and (
        node.callee.name == "Date" and not node.arguments)


def elapsed_subject(node: JSNode | None, scopes: ScopeIndex) -> bool:
    """A clock reading minus something: ``Date.now() - start``."""
    node = strip_chain(node)
    return (node is not None and node.type == "BinaryExpression" and node.operator == "-"
            and _is_clock(node.left, scopes))


def in_loop(node: JSNode) -> bool:
    """Whether ``node`` is in a loop (its test or body) of the function it belongs to."""
    current = node.parent
    while current is not None and current.type not in FUNCTION_TYPES:
        if current.type in _LOOP_TYPES:
            return True
        current = current.parent
    return False


def inside_any(node: JSNode, owners: set[int]) -> bool:
    """Whether ``node`` or one of its ancestors is one of ``owners`` (by ``id``)."""
    current = node
    while current is not None:
        if id(current) in owners:
            return True
        current = current.parent
    return False


_TIMER_TOKENS = ("setTimeout", "setInterval", "AbortSignal.timeout")
# A number other than 0 or 1 closing a call's argument list (``}, 500)``): where a timer's
# delay sits; and a clock reading minus something compared with such a number.
_LAST_ARGUMENT_NUMBER = re.compile(r",\s*(?![01](?![\d.eE]))\.?\d[\d_.eE]*\s*\)")
_ELAPSED_TEXT = re.compile(r"now\(\)\s*-\s*[\w.$]+\s*\)?\s*[<>]=?\s*"
                           r"(?![01](?![\d.eE]))\.?\d")


# ``=``, ``:`` or a comparison, then a number that is not a bare 0 or 1 (never magic:
# ``length > 0``, ``retries = 1``); the name before it is looked at only then.
_MEETS_NUMBER = re.compile(r"(?:[:=<>]=?|!==?)\s*[-+(]*(?![01](?![\d.eE]))\.?\d")
_NAME_BEFORE = re.compile(r"([A-Za-z_$][\w$]*)\s*\)?\s*$")
_NAME_WINDOW = 48  # characters before the operator searched for the name


@functools.lru_cache(maxsize=PREFILTER_PATTERN_CACHE_SIZE)
def name_fragments(*glob_lists) -> tuple[str, ...]:
    """The words of name globs (``*_timeout`` -> ``timeout``, ``max_*_rounds`` -> ``max``,
    ``rounds``), for a text prefilter that matches names in any case convention."""
    found = set()
    for globs in glob_lists:
        for glob in globs:
            found |= {w.lower() for w in re.split(r"[^A-Za-z]+", glob) if len(w) >= 2}
    return tuple(sorted(found))


def may_hold_tuning_value(text: str, fragments: tuple[str, ...]) -> bool:
    """Whether a JavaScript file can hold an INV401/INV402 finding: it calls a timer and
    some call ends in a number, it compares elapsed time with a number, or a name with one
    of the tuning ``fragments`` meets a number.  Files without
    one are never parsed (esprima is slow)."""
    if any(token in text for token in _TIMER_TOKENS) and _LAST_ARGUMENT_NUMBER.search(text):
        return True
    if "now()" in text and _ELAPSED_TEXT.search(text):
        return True
    if not fragments:
        return False
    for match in _MEETS_NUMBER.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, match.start() - _NAME_WINDOW), match.start())
        if name is not None:
            lowered = name.group(1).lower()
            if any(fragment in lowered for fragment in fragments):
                return True
    return False


class TuningTextPrefilter:
    """Mixin of the JavaScript INV401/INV402 rules: the Python rule's text prefilter and
    :func:`may_hold_tuning_value` over the name globs of the settings listed in
    ``name_settings`` (attribute names of the rule's settings)."""

    name_settings: tuple[str, ...] = ()

    def wants(self, text: str) -> bool:
        """Whether a JavaScript file can hold a finding (see :func:`may_hold_tuning_value`)."""
        globs = [tuple(getattr(self.settings, name)) for name in self.name_settings]
        return super().wants(text) and may_hold_tuning_value(text, name_fragments(*globs))
