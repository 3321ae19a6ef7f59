"""Raw HTTP requests of a JavaScript program: the platform calls that send one.

A *raw request* is what an API client module wraps:

- a call of the platform ``fetch`` (``fetch``, ``window.fetch``, ``globalThis.fetch``,
  ``self.fetch``, a ``fetch`` imported from a polyfill; see
  :func:`js_rules.analyses.requests.is_fetch_call`);
- ``new XMLHttpRequest()`` (also ``new window.XMLHttpRequest()``);
- ``navigator.sendBeacon(...)`` (also ``window.navigator.sendBeacon(...)``).

Names bound in the file (a local ``function fetch()``, a parameter called ``navigator``)
are not the platform's and are not raw requests.

Some fetches are no call of the server's API (:func:`fetch_target` says which kind):

- ``"module asset"``: a file next to the module — its URL built as ``new URL(path,
  import.meta.url)`` or by ``import.meta.resolve(path)``, directly, through a ``const``,
  a function of the file that returns one, or as that URL's ``.href``/``.toString()`` —
  loads one of the module's own assets (a stylesheet, a template, an icon);
- ``"element source"``: ``fetch(img.src)`` (``src``/``currentSrc``) reads back a resource
  the page already shows, typically to turn it into a ``Blob``;
- ``"external"``: a URL statically known to start with ``http://`` or ``https://`` and a
  fixed host that is not this machine (``https://civitai.com/api/...``) is a third-party
  service, not this project's server, whose address is configured; a host built at run
  time (```http://${worker.host}:${worker.port}/prompt```) is not external.
"""

from __future__ import annotations

from dataclasses import dataclass

from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.functions import member_name, resolve_function, returned_values
from js_rules.analyses.references import strip_chain
from js_rules.analyses.requests import is_fetch_call
from js_rules.analyses.values import static_value
from js_rules.parser import JSNode

_GLOBAL_OBJECTS = frozenset({"window", "globalThis", "self"})
_URL_ACCESSORS = frozenset({"href", "toString"})
_SOURCE_PROPERTIES = frozenset({"src", "currentSrc"})
_EXTERNAL_SCHEMES = ("http://", "https://")
_LOCAL_HOSTS = frozenset({"localhost", "0.0.0.0", "::1"})
MAX_ASSET_DEPTH = 8  # const-to-const chains followed when looking for import.meta.url


@dataclass(frozen=True)
class RawRequest:
    """One raw request: the node it is made at and what the platform API is called."""

    node: JSNode
    api: str  # "fetch()", "XMLHttpRequest" or "navigator.sendBeacon()"


def _is_global(identifier: JSNode, name: str, scopes: ScopeIndex) -> bool:
    return (identifier.type == "Identifier" and identifier.name == name
            and scopes.resolve(identifier) is None)


def _is_platform_name(node: JSNode, name: str, scopes: ScopeIndex) -> bool:
    """``name`` as a global, or as a property of ``window``/``globalThis``/``self``."""
    node = strip_chain(node)
    if node.type == "Identifier":
        return _is_global(node, name, scopes)
    if node.type == "MemberExpression" and member_name(node) == name:
        target = strip_chain(node.object)
        return target.type == "Identifier" and target.name in _GLOBAL_OBJECTS and (
            scopes.resolve(target) is None)
    return False


def _is_send_beacon(call: JSNode, scopes: ScopeIndex) -> bool:
    callee = strip_chain(call.callee)
    return (callee.type == "MemberExpression" and member_name(callee) == "sendBeacon"
            and _is_platform_name(callee.object, "navigator", scopes))


def raw_requests(scopes: ScopeIndex) -> list[RawRequest]:
    """Every raw request of the program, in source order."""
    found = []
    for node in scopes.nodes_of_type("CallExpression", "NewExpression"):
        if node.type == "NewExpression":
            if _is_platform_name(node.callee, "XMLHttpRequest", scopes):
                found.append(RawRequest(node, "XMLHttpRequest"))
        elif is_fetch_call(node, scopes):
            found.append(RawRequest(node, "fetch()"))
        elif _is_send_beacon(node, scopes):
            found.append(RawRequest(node, "navigator.sendBeacon()"))
    return found


# -- a module's own assets -------------------------------------------------------------------

def _is_import_meta(node: JSNode | None) -> bool:
    node = strip_chain(node)
    return node is not None and node.type == "MetaProperty" and (
        getattr(node.meta, "name", None) == "import"
        and getattr(node.property, "name", None) == "meta")


def _is_import_meta_url(node: JSNode | None) -> bool:
    node = strip_chain(node)
    return (node is not None and node.type == "MemberExpression"
            and member_name(node) == "url" and _is_import_meta(node.object))


def _module_relative_url(node: JSNode | None, scopes: ScopeIndex, depth: int = 0) -> bool:
    """Whether an expression is a URL resolved against the module's own URL."""
    node = strip_chain(node)
    if node is None or depth > MAX_ASSET_DEPTH:
        return False
    if node.type == "NewExpression":
        return (_is_global(node.callee, "URL", scopes) and len(node.arguments) >= 2
                and _is_import_meta_url(node.arguments[1]))
    if node.type == "CallExpression":
        callee = strip_chain(node.callee)
        if callee.type == "MemberExpression" and member_name(callee) == "resolve" and (
                _is_import_meta(callee.object)):
            return True  # import.meta.resolve('./x.css')
        if callee.type == "MemberExpression" and member_name(callee) in _URL_ACCESSORS:
            return not node.arguments and _module_relative_url(callee.object, scopes, depth + 1)
        function = resolve_function(callee, scopes)  # a helper such as getIconUrl(name)
        returned = returned_values(function) if function is not None else []
        return bool(returned) and all(
            _module_relative_url(value, scopes, depth + 1) for value in returned)
    if node.type == "MemberExpression":
        return member_name(node) in _URL_ACCESSORS and _module_relative_url(
            node.object, scopes, depth + 1)
    if node.type == "Identifier":
        binding = scopes.resolve(node)
        return binding is not None and binding.kind == "const" and (
            _module_relative_url(binding.init, scopes, depth + 1))
    if node.type == "AwaitExpression":
        return _module_relative_url(node.argument, scopes, depth + 1)
    return False


def _static_head(node: JSNode | None, scopes: ScopeIndex, depth: int = 0) -> tuple[str, bool]:
    """``(text, complete)``: the statically known start of a string expression, and
    whether that is all of it (``("", False)`` when not even the start is known)."""
    node = strip_chain(node)
    if node is None or depth > MAX_ASSET_DEPTH:
        return "", False
    value = static_value(node, scopes)
    if isinstance(value, str):
        return value, True
    if node.type == "TemplateLiteral":
        text = ""
        for index, quasi in enumerate(node.quasis):
            text += quasi.value.cooked or ""
            if index < len(node.expressions):
                part, complete = _static_head(node.expressions[index], scopes, depth + 1)
                text += part
                if not complete:
                    return text, False
        return text, True
    if node.type == "BinaryExpression" and node.operator == "+":
        left, complete = _static_head(node.left, scopes, depth + 1)
        if not complete:
            return left, False
        right, complete = _static_head(node.right, scopes, depth + 1)
        return left + right, complete
    if node.type == "Identifier":
        binding = scopes.resolve(node)
        if binding is not None and binding.kind == "const":
            return _static_head(binding.init, scopes, depth + 1)
    return "", False


def _fixed_external_host(url: str, complete: bool) -> bool:
    """Whether a URL's known start names a fixed host of another machine."""
    lowered = url.lower()
    scheme = next((s for s in _EXTERNAL_SCHEMES if lowered.startswith(s)), None)
    if scheme is None:
        return False
    rest = lowered[len(scheme):]
    if "/" not in rest and not complete:
        return False  # the host itself is built at run time (a worker's address)
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    name = host[1:].split("]", 1)[0] if host.startswith("[") else host.split(":", 1)[0]
    return bool(name) and name not in _LOCAL_HOSTS and not name.startswith("127.")


def fetch_target(request: RawRequest, scopes: ScopeIndex) -> str | None:
    """What a raw ``fetch`` loads when it is no call of the server's API: ``"module
    asset"``, ``"element source"`` or ``"external"`` (see the module docstring); None
    for every other request."""
    if request.api != "fetch()" or not request.node.arguments:
        return None
    url = strip_chain(request.node.arguments[0])
    if _module_relative_url(url, scopes):
        return "module asset"
    if url.type == "MemberExpression" and member_name(url) in _SOURCE_PROPERTIES:
        return "element source"
    if _fixed_external_host(*_static_head(url, scopes)):
        return "external"
    return None
