"""Which HTTP headers a JavaScript request sends, and which endpoint it goes to.

:func:`sends_header` answers, for the ``headers`` option of a request (see
:mod:`js_rules.analyses.requests`), whether it certainly includes a header (names compare
case-insensitively, as in HTTP):

- an object literal (or a ``const`` holding one) with the header as a key, also through a
  spread of another resolvable object or a *conditional spread*
  (``...(id ? { 'X-Idempotency-Key': id } : {})``, ``...(id && { ... })``): the code
  sends it whenever it has a value to send;
- ``new Headers({...})`` or ``new Headers([[name, value]])``, and a ``const`` holding a
  ``Headers`` or a plain object on which the header is ``set``/``append``-ed or assigned
  (``headers['X-Idempotency-Key'] = id``);
- a conditional choosing between such values sends it when either branch does.

The answer is ``True``, ``False``, or :data:`~js_rules.analyses.values.UNKNOWN` when the headers
come from somewhere the analysis cannot see (a parameter, a call, an unresolvable spread).

:func:`endpoint_matches` decides whether a request's URL expression names an endpoint: a
known string equal to it (or a full URL whose path is it), or a template / concatenation
whose static tail ends with it (``${origin}/distributed/queue``); query strings and
fragments are ignored.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from js_rules.analyses.bindings import ScopeIndex
from js_rules.parser import JSNode
from js_rules.analyses.references import method_calls, property_of, reference_key, strip_chain
from js_rules.analyses.requests import RequestIndex, call_argument
from js_rules.analyses.values import MAX_DEPTH, UNKNOWN, property_name, resolve_object, static_value

_SETTERS = frozenset({"set", "append"})


def _either(results) -> object:
    """True if any is True, else UNKNOWN if any is UNKNOWN, else False."""
    results = list(results)
    if True in results:
        return True
    return UNKNOWN if UNKNOWN in results else False


def _name_is(value, header: str) -> bool:
    return isinstance(value, str) and value.lower() == header


def sends_header(node: JSNode | None, header: str, scopes: ScopeIndex, depth: int = 0):
    """Whether the headers expression ``node`` includes ``header`` (True/False/UNKNOWN)."""
    header = header.lower()
    node = strip_chain(node)
    if node is None or depth > MAX_DEPTH:
        return UNKNOWN
    kind = node.type
    if kind == "ObjectExpression":
        return _object_sends(node, header, scopes, depth)
    if kind == "ConditionalExpression":
        return _either(sends_header(branch, header, scopes, depth + 1)
                       for branch in (node.consequent, node.alternate))
    if kind == "LogicalExpression":
        return _either(sends_header(side, header, scopes, depth + 1)
                       for side in (node.left, node.right))
    if kind == "NewExpression" and _is_headers_class(node.callee, scopes):
        if not node.arguments:
            return False
        return sends_header(node.arguments[0], header, scopes, depth + 1)
    if kind == "ArrayExpression":  # [[name, value], ...]
        results = []
        for pair in node.elements:
            if pair is None or pair.type != "ArrayExpression" or not pair.elements:
                results.append(UNKNOWN)
            else:
                name = static_value(pair.elements[0], scopes)
                results.append(True if _name_is(name, header) else (
                    False if isinstance(name, str) else UNKNOWN))
        return _either(results)
    if kind == "Identifier":
        binding = scopes.resolve(node)
        if binding is None and node.name == "undefined":
            return False
        if binding is None or binding.kind != "const" or binding.init is None:
            return UNKNOWN
        if _sets_header_on(node, header, scopes):
            return True
        return sends_header(binding.init, header, scopes, depth + 1)
    if kind == "Literal" and node.get("raw") == "null":
        return False
    return UNKNOWN


def _is_headers_class(callee: JSNode, scopes: ScopeIndex) -> bool:
    callee = strip_chain(callee)
    if callee.type == "Identifier":
        return callee.name == "Headers" and scopes.resolve(callee) is None
    return callee.type == "MemberExpression" and property_of(callee, scopes) == "Headers"


def _object_sends(obj: JSNode, header: str, scopes: ScopeIndex, depth: int):
    results = []
    for prop in obj.properties:
        if prop.type == "SpreadElement":
            argument = strip_chain(prop.argument)
            resolved = resolve_object(argument, scopes)
            if resolved is not None:
                results.append(_object_sends(resolved, header, scopes, depth + 1))
            elif argument.type in ("ConditionalExpression", "LogicalExpression"):
                results.append(sends_header(argument, header, scopes, depth + 1))
            else:
                results.append(UNKNOWN)
            continue
        name = property_name(prop, scopes)
        results.append(UNKNOWN if name is UNKNOWN else _name_is(name, header))
    return _either(results)


def _sets_header_on(identifier: JSNode, header: str, scopes: ScopeIndex) -> bool:
    """Whether the code sets ``header`` on the const object ``identifier`` names."""
    key = reference_key(identifier, scopes)
    for call, callee, _name in method_calls(scopes, _SETTERS):
        if call.arguments and reference_key(callee.object, scopes) == key and (
                _name_is(static_value(call.arguments[0], scopes), header)):
            return True
    for assignment in scopes.nodes_of_type("AssignmentExpression"):
        left = strip_chain(assignment.left)
        if left.type == "MemberExpression" and reference_key(left.object, scopes) == key and (
                _name_is(property_of(left, scopes), header)):
            return True
    return False


# -- endpoints --------------------------------------------------------------------------------

def _static_tail(node: JSNode | None, scopes: ScopeIndex, depth: int = 0):
    """``(text, complete)``: the statically known end of a string expression, and whether
    that is the whole of it.  ``(None, False)`` when not even the end is known."""
    node = strip_chain(node)
    if node is None or depth > MAX_DEPTH:
        return None, False
    value = static_value(node, scopes)
    if isinstance(value, str):
        return value, True
    if node.type == "TemplateLiteral":
        text = ""
        for index in range(len(node.quasis) - 1, -1, -1):
            cooked = node.quasis[index].value.cooked
            if cooked is None:
                return (text or None), False
            text = cooked + text
            if index == 0:
                return text, True
            part = static_value(node.expressions[index - 1], scopes)
            if not isinstance(part, (str, int, float)) or isinstance(part, bool):
                return text, False
            text = (str(int(part)) if isinstance(part, float) and part.is_integer()
                    else str(part)) + text
        return text, True
    if node.type == "BinaryExpression" and node.operator == "+":
        right, complete = _static_tail(node.right, scopes, depth + 1)
        if right is None or not complete:
            return right, False
        left, left_complete = _static_tail(node.left, scopes, depth + 1)
        if left is None:
            return right, False
        return left + right, left_complete
    return None, False


def _path_of(text: str, complete: bool) -> str:
    """The path part of a URL or path (no query string or fragment; no origin)."""
    text = text.split("#", 1)[0].split("?", 1)[0]
    if complete and "://" in text:
        return urlsplit(text).path
    return text


def endpoint_matches(node: JSNode | None, endpoints: list[str], scopes: ScopeIndex) -> str | None:
    """The configured endpoint a URL expression requests, or None."""
    text, complete = _static_tail(node, scopes)
    if text is None:
        return None
    path = _path_of(text, complete)
    for endpoint in endpoints:
        wanted = endpoint.rstrip("/") or "/"
        candidate = path.rstrip("/") or "/"
        if candidate == wanted:
            return endpoint
        if not complete and candidate.endswith(wanted) and wanted.startswith("/"):
            return endpoint
    return None


def function_sends_header(function: JSNode, header: str, requests: RequestIndex,
                          depth: int = 0) -> bool:
    """Whether a request function adds ``header`` to the request it makes itself.

    The header counts when a request call made on the function's behalf passes an
    options object whose ``headers`` include it, or calls a request function that adds it.
    """
    if depth > MAX_DEPTH:
        return False
    scopes = requests.scopes
    for call in requests.calls:
        signature = requests.signature_for_call(call)
        if requests.owners.get(call) is not function or signature is None:
            continue
        argument = call_argument(call, signature.options_index)
        options = None if argument in (None, UNKNOWN) else resolve_object(argument, scopes)
        for prop in options.properties if options is not None else ():
            if prop.type == "Property" and property_name(prop, scopes) == "headers" and (
                    sends_header(prop.value, header, scopes) is True):
                return True
        callee = requests.callee_of(call)
        if callee is not None and callee is not function and function_sends_header(
                callee, header, requests, depth + 1):
            return True
    return False
