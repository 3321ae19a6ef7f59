"""A mutating request (POST, PUT, PATCH, DELETE) must never be retried automatically.

Why: a request that fails with a network error or a timeout may still have reached the
server.  Retrying a read is harmless, but retrying a mutation can run it twice: a second
``POST /distributed/queue`` queues the job twice, a second launch starts a second
worker, a second stop or delete acts on something already gone.  Refactor plan task 1.2
found exactly this in ``web/apiClient.js``: one ``request`` helper retried every call in a
``for`` loop with backoff, mutating endpoints included.

What is reported:

- every call of a *retrying request function* of the same file whose method is
  mutating, unless the call opts out.  A retrying request function retries a ``fetch``
  (or another request function) in a loop whose ``catch`` goes round again, or by calling
  itself from a ``catch``; functions that forward their options to one without opting
  out retry too.  Its opt-out is a parameter or destructured option named like
  ``retry``/``retries``/``maxAttempts``; a call opts out with ``{ retry: false }``,
  ``retries: 0``/``1`` or ``maxAttempts: 1`` (or any value it computes: that is a
  deliberate choice);
- every request with a mutating method inside a retry loop written inline, at the
  ``fetch`` call.

The method is read from the options argument (``{ method: 'POST' }``): string literals,
template literals and ``const`` bindings are resolved, case-insensitively.  Calls whose
method cannot be known (a variable, options passed through from a caller) are not
reported.  Only functions defined in the same file are known; a retrying helper
imported from another module is not seen.

How to fix: pass the helper's opt-out on every mutating call (``request(url, { method:
'POST', body }, { retry: false })``), keep retries for reads, and send mutations that
must survive failures with an idempotency key the server deduplicates on (INV702).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from js_rules.analyses.bindings import REST_KEY, ScopeIndex, static_key
from js_rules.analyses.functions import contains, definition_line, function_name
from js_rules.parser import JSNode, walk
from js_rules.analyses.requests import (
    RequestIndex, RequestSignature, call_argument, derive_signature, request_endpoint,
    request_method,
)
from js_rules.analyses.retries import LOOP_TYPES, RetryConstruct, find_retries
from js_rules.analyses.values import ABSENT, UNDEFINED, UNKNOWN, object_property, resolve_object
from js_rules.analyses.values import static_value
from lint_rules.findings import Finding
from lint_rules.registry import Option, Rule, register

CODE = "INV701"
MAX_DELEGATION_ROUNDS = 8  # wrapper-of-retrying-wrapper chains deeper than this are ignored


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


# -- opt-outs --------------------------------------------------------------------------------

def _default_is_flag(value_node: JSNode | None) -> bool:
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


def _forwarded_opt_outs(call: JSNode, callee: RetryingFunction, caller: JSNode,
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


def _suggested_value(opt_out: OptOut, key: str) -> str:
    if key in opt_out.flag_keys:
        return "false"
    return "1" if key in opt_out.attempt_keys else "0"


def opt_out_advice(retrying: RetryingFunction) -> str:
    """The message's closing advice: which argument switches the retries off."""
    if not retrying.opt_outs:
        return (f"'{retrying.name}' cannot turn its retries off: give it an option such as "
                f"{{ retry: false }} and pass it")
    opt_out = retrying.opt_outs[0]
    # A flag reads best; then a count of attempts (1 is unambiguous); then any count.
    key = next((k for k in opt_out.keys if k in opt_out.flag_keys),
               next((k for k in opt_out.keys if k in opt_out.attempt_keys), opt_out.keys[0]))
    value = _suggested_value(opt_out, key)
    if opt_out.positional:
        return f"pass {value} as its '{key}' argument"
    if opt_out.param_index == retrying.signature.options_index:
        return f"add {key}: {value} to its options"
    return f"pass {{ {key}: {value} }}"


# -- the rule --------------------------------------------------------------------------------

def _describe(method: str, endpoint: str | None) -> str:
    return f"{method} '{endpoint}'" if endpoint is not None else method


@register
class RetryingMutation(Rule):
    code = CODE
    symbol = "retrying-mutation"
    summary = "a mutating request (POST, PUT, PATCH, DELETE) is never retried automatically"
    language = "js"
    # Requests are found through fetch; a file without it has no retrying helper to see.
    required_text = ("fetch",)
    options = (
        Option("mutating-methods", list, ["POST", "PUT", "PATCH", "DELETE"],
               "HTTP methods that must not be retried (case-insensitive)"),
        Option("retry-opt-out-keys", list, ["retry", "retries", "maxAttempts"],
               "parameter or option names through which a caller switches retries off "
               "(a false, null, 0 or 1 value turns them off)"),
    )
    bad_example = """
const request = async (endpoint, options = {}) => {
    for (let attempt = 0; attempt < 3; attempt++) {
        try {
            return await fetch(endpoint, options);
        } catch (error) {
            await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        }
    }
    throw new Error(`request to ${endpoint} failed`);
};
api.queue = (payload) => request('/distributed/queue', { method: 'POST', body: payload });
"""
    good_example = """
const request = async (endpoint, options = {}, { retries = 3, retry = true } = {}) => {
    const maxAttempts = retry ? retries : 1;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
        try {
            return await fetch(endpoint, options);
        } catch (error) {
            if (attempt === maxAttempts - 1) throw error;
        }
    }
};
api.queue = (payload) =>
    request('/distributed/queue', { method: 'POST', body: payload }, { retry: false });
"""

    def check(self, source, options: dict):
        program = source.program
        mutating = {method.upper() for method in options.get(
            "mutating-methods", ["POST", "PUT", "PATCH", "DELETE"])}
        keys = list(options.get("retry-opt-out-keys", ["retry", "retries", "maxAttempts"]))
        scopes = ScopeIndex(program)
        requests = RequestIndex(program, scopes)
        constructs = find_retries(requests)
        reported: dict[JSNode, str] = {}
        retrying: dict[JSNode, RetryingFunction] = {}

        for construct in constructs:
            for call in construct.calls:
                self._report_inline(call, construct, requests, mutating, reported)
            self._note_retrying(construct, requests, keys, retrying)
        self._add_delegating(requests, retrying)

        for call in requests.calls:
            callee = requests.callee_of(call)
            found = retrying.get(callee) if callee is not None else None
            if found is None or call in reported or contains(found.function, call):
                continue
            if found.signature.method_is_fixed:
                continue  # reported where the function fixes its method
            method = request_method(call, found.signature, scopes)
            if method not in mutating or call_opts_out(call, found, scopes):
                continue
            endpoint = request_endpoint(call, found.signature, scopes)
            via = (f", via '{found.via.name}' at line {found.via.line}"
                   if found.via is not None else "")
            reported[call] = (
                f"{_describe(method, endpoint)} through retrying '{found.name}' "
                f"(defined at line {found.line}{via}) may run twice on a transient error; "
                f"{opt_out_advice(found)}"
            )
        return [
            Finding(path=source.path, line=call.line, column=call.column, code=CODE,
                    message=message, end_line=call.end_line, end_column=call.end_column)
            for call, message in reported.items()
        ]

    @staticmethod
    def _report_inline(call, construct: RetryConstruct, requests: RequestIndex,
                       mutating: set[str], reported: dict) -> None:
        """A mutating request that a retry loop or recursion repeats where it is written."""
        signature = requests.signature_for_call(call)
        method = request_method(call, signature, requests.scopes)
        if method not in mutating or call in reported:
            return
        endpoint = request_endpoint(call, signature, requests.scopes)
        how = ("the retry loop" if construct.kind == "loop" else "the recursive call")
        reported[call] = (
            f"{_describe(method, endpoint)} is retried by {how} at line {construct.line} "
            f"and may run twice on a transient error; send mutating requests once"
        )

    @staticmethod
    def _note_retrying(construct: RetryConstruct, requests: RequestIndex, keys: list[str],
                       retrying: dict) -> None:
        """Record the construct's function as retrying when its callers pick the method."""
        owner = construct.owner
        if owner is None or owner in retrying:
            return
        for call in construct.calls:
            signature = derive_signature(
                call, requests.signature_for_call(call), owner, requests.scopes)
            if signature is not None and not signature.method_is_fixed:
                retrying[owner] = RetryingFunction(
                    owner, signature, find_opt_outs(owner, keys, requests.scopes))
                return

    @staticmethod
    def _add_delegating(requests: RequestIndex, retrying: dict) -> None:
        """Functions that forward their request to a retrying one without opting out."""
        for _ in range(MAX_DELEGATION_ROUNDS):
            added = False
            for call in requests.calls:
                caller = requests.owners[call]
                callee = requests.callee_of(call)
                target = retrying.get(callee) if callee is not None else None
                if target is None or caller is None or caller in retrying or caller is callee:
                    continue
                signature = derive_signature(call, target.signature, caller, requests.scopes)
                if signature is None or signature.method_is_fixed:
                    continue
                opt_outs = _forwarded_opt_outs(call, target, caller, requests.scopes)
                if opt_outs is None:
                    continue
                retrying[caller] = RetryingFunction(caller, signature, opt_outs, via=target)
                added = True
            if not added:
                return
