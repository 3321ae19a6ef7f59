"""HTTP requests in JavaScript: which calls make one, and with what method and endpoint.

A *request call* is a call of ``fetch`` (also ``window.fetch``, ``globalThis.fetch``,
``self.fetch``, or a ``fetch`` imported from a polyfill) or of a *request function*: a
function of the same file that makes a request whose parts come from its own arguments,
such as ``const request = (endpoint, options = {}) => fetch(`${BASE}${endpoint}`, options)``.
Wrappers of wrappers work too (found by a bounded fixpoint).

How a request function takes its request from its arguments is its
:class:`RequestSignature`; given a call and its callee's signature, :func:`request_method`,
:func:`request_endpoint` and :func:`request_option` tell what the call sends, resolving
literals, template literals without unknown parts and ``const`` bindings
(:mod:`js_rules.analyses.values`).  ``None``/``UNKNOWN`` means "cannot be known here" — for
example when a wrapper passes its own ``options`` through.
"""

from __future__ import annotations

from dataclasses import dataclass

from js_rules.analyses.bindings import REST_KEY, ScopedAnalysis, ScopeIndex
from js_rules.analyses.functions import owning_function, resolve_callee, unwrap_callee
from js_rules.parser import JSNode, walk
from js_rules.analyses.values import (
    ABSENT, MAX_DEPTH, UNDEFINED, UNKNOWN, object_property, property_name, resolve_object,
    static_value,
)
from lint_rules.constants import MAX_WRAPPER_ROUNDS

_FETCH_GLOBALS = frozenset({"window", "globalThis", "self"})


@dataclass(frozen=True)
class RequestSignature:
    """Which arguments of a request function decide the request it makes.

    ``endpoint_index``: the argument that is (part of) the URL.  ``options_index``: the
    argument holding fetch-style options (``{ method, headers, body }``).  The method is
    the argument at ``method_index`` when set; else the ``method`` key of the options when
    ``method_from_options``; ``default_method`` applies when neither gives one (fetch's is
    ``GET``), and is the whole answer when the function fixes the method itself.
    """

    endpoint_index: int | None
    options_index: int | None
    method_index: int | None = None
    method_from_options: bool = False
    default_method: str | None = None

    @property
    def method_is_fixed(self) -> bool:
        """Whether the function decides the method itself, whatever its callers pass."""
        return self.method_index is None and not self.method_from_options


FETCH_SIGNATURE = RequestSignature(0, 1, None, True, "GET")


def is_fetch_call(call: JSNode, scopes: ScopeIndex) -> bool:
    """Whether a call is the platform ``fetch`` (not a local function named so)."""
    callee = unwrap_callee(call)
    if callee.type == "Identifier" and callee.name == "fetch":
        binding = scopes.resolve(callee)
        return binding is None or binding.kind == "import"
    if callee.type == "MemberExpression" and not callee.computed:
        target = callee.object
        return (
            callee.property.name == "fetch"
            and target.type == "Identifier"
            and target.name in _FETCH_GLOBALS
            and scopes.resolve(target) is None
        )
    return False


def call_argument(call: JSNode, index: int | None):
    """The argument at ``index``: a node, None when not passed, UNKNOWN after a spread."""
    if index is None:
        return None
    for position, argument in enumerate(call.arguments):
        if argument.type == "SpreadElement":
            return UNKNOWN
        if position == index:
            return argument
    return None


def _normalise_method(value) -> str | None:
    return value.upper() if isinstance(value, str) and value else None


def request_options(call: JSNode, signature: RequestSignature, scopes: ScopeIndex):
    """The options object literal a call passes: a node, None if not passed, or UNKNOWN."""
    argument = call_argument(call, signature.options_index)
    if argument is None or argument is UNKNOWN:
        return argument
    if static_value(argument, scopes) is UNDEFINED:
        return None
    resolved = resolve_object(argument, scopes)
    return resolved if resolved is not None else UNKNOWN


def request_option(call: JSNode, signature: RequestSignature, key: str, scopes: ScopeIndex):
    """The value node of option ``key`` (e.g. ``headers``) a call passes, ABSENT or UNKNOWN."""
    options = request_options(call, signature, scopes)
    if options is None:
        return ABSENT
    if options is UNKNOWN:
        return UNKNOWN
    return object_property(options, key, scopes)


def request_method(call: JSNode, signature: RequestSignature, scopes: ScopeIndex) -> str | None:
    """The upper-case method a call sends, or None when it cannot be known statically."""
    if signature.method_index is not None:
        argument = call_argument(call, signature.method_index)
        if argument is None:
            return signature.default_method
        return _method_value(argument, signature, scopes)
    if not signature.method_from_options:
        return signature.default_method
    method = request_option(call, signature, "method", scopes)
    if method is ABSENT:
        return signature.default_method
    return _method_value(method, signature, scopes)


def _method_value(expression, signature: RequestSignature, scopes: ScopeIndex) -> str | None:
    """The method an argument or ``method:`` option names (None when it cannot be known)."""
    if expression is UNKNOWN:
        return None
    value = static_value(expression, scopes)
    return signature.default_method if value is UNDEFINED else _normalise_method(value)


def request_endpoint(call: JSNode, signature: RequestSignature, scopes: ScopeIndex) -> str | None:
    """The URL or path a call requests when it is a known string, else None."""
    argument = call_argument(call, signature.endpoint_index)
    if argument is None or argument is UNKNOWN:
        return None
    value = static_value(argument, scopes)
    return value if isinstance(value, str) else None


# -- deriving a wrapper's signature ---------------------------------------------------------

@dataclass(frozen=True)
class _MethodSource:
    """Where a method inside a function comes from: fixed, a parameter, or its options.

    ``index`` is the parameter; ``default`` is the method itself when ``fixed``, else the
    method used when the parameter or options give none.
    """

    kind: str  # "fixed", "param", "options" or "unknown"
    index: int | None = None
    default: str | None = None


_UNKNOWN_SOURCE = _MethodSource("unknown")


def _param(node: JSNode, function: JSNode, scopes: ScopeIndex):
    """The parameter of ``function`` (a ``ParameterRef``) a plain identifier holds."""
    if node is None or node.type != "Identifier":
        return None
    return scopes.parameter_of(node, function)


def _method_source(node: JSNode, function: JSNode, scopes: ScopeIndex,
                   default: str | None, depth: int = 0) -> _MethodSource:
    """Where the value of a ``method`` expression inside ``function`` comes from."""
    if depth > MAX_DEPTH:
        return _UNKNOWN_SOURCE
    value = static_value(node, scopes)
    if value is UNDEFINED:
        return _MethodSource("fixed", default=default)
    if isinstance(value, str):
        return _MethodSource("fixed", default=_normalise_method(value))
    if node.type == "LogicalExpression" and node.operator in ("??", "||"):
        fallback = static_value(node.right, scopes)
        if not isinstance(fallback, str):
            return _UNKNOWN_SOURCE
        source = _method_source(node.left, function, scopes, None, depth + 1)
        if source.kind in ("param", "options"):
            return _MethodSource(source.kind, source.index, _normalise_method(fallback))
        return _UNKNOWN_SOURCE
    param = _param(node, function, scopes)
    if param is not None:
        # ``method = 'GET'`` or ``{ method = 'GET' } = {}``: that default applies when the
        # caller passes none.
        declared = scopes.resolve(node).identifier.parent
        if declared.type == "AssignmentPattern" and declared.left.type == "Identifier":
            fallback = static_value(declared.right, scopes)
            default = _normalise_method(fallback) if isinstance(fallback, str) else None
        if param.key is None:
            return _MethodSource("param", param.param_index, default)
        if param.key == "method":
            return _MethodSource("options", param.param_index, default)
        return _UNKNOWN_SOURCE
    target = node.expression if node.type == "ChainExpression" else node
    if target.type == "MemberExpression" and not target.computed and (
            target.property.name == "method"):
        param = _param(target.object, function, scopes)
        if param is not None and param.key is None:
            return _MethodSource("options", param.param_index, default)
    return _UNKNOWN_SOURCE


def _options_param(node: JSNode, function: JSNode, scopes: ScopeIndex) -> int | None:
    """The parameter index whose options ``node`` forwards whole (or as ``...rest``)."""
    param = _param(node, function, scopes)
    if param is not None and param.key in (None, REST_KEY):
        return param.param_index
    return None


def _forwarded_options(argument, function, scopes, default):
    """(options parameter index, method source) for an options argument of a request."""
    if argument is None:
        return None, _MethodSource("fixed", default=default)
    if argument is UNKNOWN:
        return None, _UNKNOWN_SOURCE
    forwarded = _options_param(argument, function, scopes)
    if forwarded is not None:
        return forwarded, _MethodSource("options", forwarded, default)
    options = resolve_object(argument, scopes)
    if options is None:
        return None, _UNKNOWN_SOURCE
    options_index = None
    source = _MethodSource("fixed", default=default)
    for prop in options.properties:
        if prop.type == "SpreadElement":
            spread_index = _options_param(prop.argument, function, scopes)
            if spread_index is not None:
                options_index = spread_index
                rest = _param(prop.argument, function, scopes)
                if rest.key == REST_KEY and source == _MethodSource(
                        "options", spread_index, source.default):
                    continue  # ``{ method, ...rest }`` of one parameter: no method in rest
                # The spread decides the method if it has one; else the earlier source does.
                fallback = source.default if source.kind == "fixed" else None
                source = _MethodSource("options", spread_index, fallback)
                continue
            spread = resolve_object(prop.argument, scopes)
            if spread is None:
                source = _UNKNOWN_SOURCE
            else:
                method = object_property(spread, "method", scopes)
                if method is UNKNOWN:
                    source = _UNKNOWN_SOURCE
                elif method is not ABSENT:
                    source = _method_source(method, function, scopes, default)
            continue
        name = property_name(prop, scopes)
        if name is UNKNOWN:
            source = _UNKNOWN_SOURCE
        elif name == "method":
            source = _method_source(prop.value, function, scopes, default)
    return options_index, source


def _endpoint_param(argument, function: JSNode, scopes: ScopeIndex) -> int | None:
    """The parameter that the endpoint expression is built from, if any."""
    if argument is None or argument is UNKNOWN:
        return None
    for node in walk(argument):
        param = _param(node, function, scopes)
        if param is not None and param.key is None:
            return param.param_index
    return None


def derive_signature(call: JSNode, callee: RequestSignature, function: JSNode,
                     scopes: ScopeIndex) -> RequestSignature | None:
    """The signature ``function`` gets from making the request ``call``.

    ``callee`` is the signature of what ``call`` calls.  None when the method depends on
    something that is neither fixed nor one of ``function``'s parameters.
    """
    endpoint_index = _endpoint_param(
        call_argument(call, callee.endpoint_index), function, scopes)
    options_argument = call_argument(call, callee.options_index)
    options_index = None
    if options_argument is not None and options_argument is not UNKNOWN:
        options_index, _ = _forwarded_options(
            options_argument, function, scopes, callee.default_method)
    if callee.method_index is not None:
        argument = call_argument(call, callee.method_index)
        if argument is None:
            source = _MethodSource("fixed", default=callee.default_method)
        elif argument is UNKNOWN:
            source = _UNKNOWN_SOURCE
        else:
            source = _method_source(argument, function, scopes, callee.default_method)
    elif callee.method_from_options:
        _, source = _forwarded_options(options_argument, function, scopes, callee.default_method)
    else:
        source = _MethodSource("fixed", default=callee.default_method)
    if source.kind == "unknown":
        return None
    if source.kind == "param":
        return RequestSignature(endpoint_index, options_index, source.index, False, source.default)
    if source.kind == "options":
        return RequestSignature(endpoint_index, source.index, None, True, source.default)
    return RequestSignature(endpoint_index, options_index, None, False, source.default)


class RequestIndex(ScopedAnalysis):
    """The request calls and request functions of one program.

    ``signature_for_call(call)`` is the signature of what a call calls when it is a
    request call, else None; ``signature_of(function)`` that of a request function.
    A function that makes several requests with different signatures is not a request
    function (it is not a simple wrapper).
    """

    def __init__(self, program: JSNode, scopes: ScopeIndex):
        self.program = program
        self.scopes = scopes
        self.calls = scopes.nodes_of_type("CallExpression")
        self.owners = {call: owning_function(call) for call in self.calls}
        self._callees = {}
        self._fetch_calls = {call for call in self.calls if is_fetch_call(call, scopes)}
        self._signatures: dict[JSNode, RequestSignature] = {}
        for _ in range(MAX_WRAPPER_ROUNDS):
            found = self._derive_all()
            if found == self._signatures:
                break
            self._signatures = found

    def callee_of(self, call: JSNode) -> JSNode | None:
        """The function a call certainly calls (cached :func:`resolve_callee`)."""
        if call not in self._callees:
            self._callees[call] = resolve_callee(call, self.scopes)
        return self._callees[call]

    def signature_of(self, function: JSNode) -> RequestSignature | None:
        return self._signatures.get(function)

    def signature_for_call(self, call: JSNode) -> RequestSignature | None:
        if call in self._fetch_calls:
            return FETCH_SIGNATURE
        callee = self.callee_of(call)
        return self._signatures.get(callee) if callee is not None else None

    def request_calls(self):
        """Every request call of the program with its callee's signature."""
        for call in self.calls:
            signature = self.signature_for_call(call)
            if signature is not None:
                yield call, signature

    def _derive_all(self) -> dict[JSNode, RequestSignature]:
        candidates: dict[JSNode, set] = {}
        for call in self.calls:
            owner = self.owners[call]
            signature = self.signature_for_call(call)
            if owner is None or signature is None:
                continue
            candidates.setdefault(owner, set()).add(
                derive_signature(call, signature, owner, self.scopes))
        return {
            function: next(iter(found))
            for function, found in candidates.items()
            if len(found) == 1 and None not in found
        }
