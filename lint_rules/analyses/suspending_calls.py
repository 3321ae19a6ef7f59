"""May this await suspend on I/O or time?  The call graph behind INV101.

An ``await`` (or ``async with`` / ``async for``) suspends on I/O or time when it reaches a
known primitive — an aiohttp client request or response read, a ``web.Request`` body
read, ``asyncio.sleep``, ``wait_for``/``wait``/``gather``, an event or queue wait, a
stream, a subprocess, an executor — directly, or through project coroutines awaiting
one, across any number of modules.  Calls are resolved with astroid inference, falling
back to lexical clues (imports, assignments, annotations, receiver names) where the
linted project's dependencies are not importable.  Results are memoised per function,
and a cycle in the call graph counts as "no evidence" so recursion terminates.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass

from astroid import bases, nodes
from astroid.util import UninferableBase

from ..project_roots import project_root_for
from .local_bindings import lexical_assignments
from .qualified_names import final_name, qualified_name
from ..constants import MAX_INFERRED_SUSPENDING as _MAX_INFERRED

NETWORK, BODY, SLEEP, WAIT = "network I/O", "request body read", "sleep", "wait"
SUBPROCESS, EXECUTOR, STREAM, UNRESOLVED = "subprocess", "executor", "stream I/O", "unresolved"

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
_WS_METHODS = (
    "receive", "receive_json", "receive_str", "receive_bytes",
    "send_str", "send_json", "send_bytes", "close", "ping", "pong",
)


def _table() -> dict[str, str]:
    table = {}
    for verb in (*_HTTP_VERBS, "ws_connect", "_request"):
        table[f"aiohttp.ClientSession.{verb}"] = NETWORK
        table[f"httpx.AsyncClient.{verb}"] = NETWORK
    for method in ("json", "text", "read", "release", "wait_for_close"):
        table[f"aiohttp.ClientResponse.{method}"] = NETWORK
    for method in ("read", "readany", "readline", "readexactly", "readchunk", "iter_chunked",
                   "iter_any", "iter_chunks"):
        table[f"aiohttp.StreamReader.{method}"] = NETWORK
    for cls in ("ClientWebSocketResponse", "WebSocketResponse"):
        for method in _WS_METHODS:
            table[f"aiohttp.{cls}.{method}"] = NETWORK
    table["aiohttp.request"] = NETWORK
    for cls in ("BaseRequest", "Request"):
        for method in ("json", "post", "read", "text", "multipart"):
            table[f"aiohttp.{cls}.{method}"] = BODY
    for lib in ("asyncio", "anyio", "trio"):
        table[f"{lib}.sleep"] = SLEEP
        table[f"{lib}.Event.wait"] = WAIT
    table.update({
        "anyio.sleep_until": SLEEP, "trio.sleep_until": SLEEP, "asyncio.wait_for": WAIT,
        "asyncio.wait": WAIT, "asyncio.gather": WAIT, "asyncio.shield": WAIT,
        "asyncio.Queue.get": WAIT, "asyncio.Condition.wait": WAIT,
        "asyncio.Condition.wait_for": WAIT, "asyncio.Queue.join": WAIT,
        "asyncio.Barrier.wait": WAIT,
        "asyncio.Future": WAIT, "asyncio.Task": WAIT,
        "asyncio.create_subprocess_exec": SUBPROCESS,
        "asyncio.create_subprocess_shell": SUBPROCESS,
        "asyncio.Process.communicate": SUBPROCESS, "asyncio.Process.wait": SUBPROCESS,
        "anyio.run_process": SUBPROCESS, "anyio.open_process": SUBPROCESS,
        "asyncio.BaseEventLoop.run_in_executor": EXECUTOR,
        "asyncio.AbstractEventLoop.run_in_executor": EXECUTOR,
        "asyncio.to_thread": EXECUTOR, "anyio.run_sync": EXECUTOR, "trio.run_sync": EXECUTOR,
        "asyncio.open_connection": STREAM, "asyncio.open_unix_connection": STREAM,
        "asyncio.start_server": STREAM, "asyncio.StreamWriter.drain": STREAM,
        "asyncio.StreamWriter.wait_closed": STREAM,
    })
    for method in ("read", "readline", "readexactly", "readuntil"):
        table[f"asyncio.StreamReader.{method}"] = STREAM
    return table


PRIMITIVES = _table()
LIBRARY_ROOTS = {"asyncio", "aiohttp", "anyio", "trio", "httpx"}

# Method names distinctive enough to classify on their own when nothing resolves.
_DISTINCTIVE_METHODS = {
    "run_in_executor": ("asyncio.AbstractEventLoop.run_in_executor", EXECUTOR),
    "drain": ("asyncio.StreamWriter.drain", STREAM),
    "communicate": ("asyncio.Process.communicate", SUBPROCESS),
    "readexactly": ("asyncio.StreamReader.readexactly", STREAM),
    "readuntil": ("asyncio.StreamReader.readuntil", STREAM),
    "ws_connect": ("aiohttp.ClientSession.ws_connect", NETWORK),
    "iter_chunked": ("aiohttp.StreamReader.iter_chunked", NETWORK),
    "iter_any": ("aiohttp.StreamReader.iter_any", NETWORK),
}
_SESSION_NAME = re.compile(r"(?i)(session|client|http)$")
_REQUEST_NAME = re.compile(r"(?i)^(request|req)$")
_RESPONSE_NAME = re.compile(r"(?i)(resp|response)$")
_FUTURE_FACTORIES = {"create_future": "asyncio.Future", "create_task": "asyncio.Task",
                     "ensure_future": "asyncio.Task"}
_CONDITION_WAITS = ("Condition.wait", "Condition.wait_for")
# Library awaits that wait for nothing but the event loop or another task's lock.
NON_SUSPENDING = {"asyncio.Lock.acquire", "asyncio.Queue.put", "asyncio.Semaphore.acquire"}


@dataclass(frozen=True)
class Suspension:
    """Why an await may suspend: its kind and the call chain that reaches the primitive."""

    kind: str
    chain: tuple[str, ...]
    certain: bool = True
    # For a Condition's wait()/wait_for(): the receiver as written (``self._cond``).  That
    # wait releases the condition, so it does not count under that same condition.
    condition: str | None = None

    def describe(self) -> str:
        return " → ".join(self.chain)


def primitive_key(qname: str) -> str | None:
    """``aiohttp.client.ClientSession.get`` -> ``aiohttp.ClientSession.get``."""
    parts = qname.split(".")
    if parts[0] not in LIBRARY_ROOTS or len(parts) < 2:
        return None
    if len(parts) >= 3 and parts[-2][:1].isupper():
        return f"{parts[0]}.{parts[-2]}.{parts[-1]}"
    if parts[-1][:1].isupper() and len(parts) >= 2:
        return f"{parts[0]}.{parts[-1]}"
    return f"{parts[0]}.{parts[-1]}"


def _display(key: str) -> str:
    """``aiohttp.ClientSession.get`` -> ``ClientSession.get``; functions keep the module."""
    parts = key.split(".")
    return ".".join(parts[1:]) if len(parts) == 3 else key


def _known(qname: str | None) -> Suspension | None:
    if not qname:
        return None
    key = primitive_key(qname)
    if key and key in PRIMITIVES:
        return Suspension(PRIMITIVES[key], (_display(key),))
    return None


def infer_values(node) -> list:
    """What a node may be, Uninferable dropped, bounded, never raising."""
    values = []
    try:
        for value in node.infer():
            if isinstance(value, UninferableBase):
                continue
            values.append(value)
            if len(values) >= _MAX_INFERRED:
                break
    except Exception:  # noqa: BLE001 - inference failures mean "unknown"
        return []
    return values


def _function_of(value):
    """The FunctionDef behind an inferred callable (function, bound or unbound method)."""
    for _depth in range(4):  # BoundMethod -> UnboundMethod -> FunctionDef
        if isinstance(value, nodes.FunctionDef):
            return value
        if not isinstance(value, bases.UnboundMethod):
            return None
        value = value._proxied
    return None


def _is_library(module, project_root: str | None) -> bool:
    """Whether a module is a dependency (stdlib, site-packages) rather than project code.

    Files under the checked file's project root are project code even when they live in
    site-packages or are the standard library itself (linting asyncio or aiohttp).
    """
    file = getattr(module, "file", None) or ""
    if file and project_root and os.path.abspath(file).startswith(project_root + os.sep):
        return False
    top = module.name.split(".")[0]
    if top in sys.stdlib_module_names or top in LIBRARY_ROOTS:
        return True
    return not file or "site-packages" in file or "dist-packages" in file


def _function_label(function) -> str:
    parent = function.parent.frame() if function.parent else None
    if isinstance(parent, nodes.ClassDef):
        return f"{parent.name}.{function.name}"
    return function.name


def awaiting_nodes(scope):
    """Awaits, ``async with`` and ``async for`` (incl. comprehensions) directly in a scope."""
    # A stack of reversed children yields in source order, so chains name the first await.
    stack = list(scope.get_children()) if not isinstance(scope, list) else list(scope)
    stack.reverse()
    while stack:
        node = stack.pop()
        if isinstance(node, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda,
                             nodes.ClassDef)):
            continue
        if isinstance(node, (nodes.Await, nodes.AsyncWith, nodes.AsyncFor)):
            yield node
        elif isinstance(node, nodes.Comprehension) and node.is_async:
            yield node
        stack.extend(reversed(list(node.get_children())))


class SuspensionAnalysis:
    """Classifies awaits; one instance per run so function summaries are shared."""

    def __init__(self, non_blocking: list[str], project_root: str | None = None):
        self.non_blocking_methods = {n for n in non_blocking if "." not in n}
        self.non_blocking_names = {n for n in non_blocking if "." in n}
        self.project_root = project_root
        self._summaries: dict = {}
        self._in_progress: set = set()

    @classmethod
    def from_file(cls, source, non_blocking) -> "SuspensionAnalysis":
        """The analysis for one checked file: its project's own modules are followed."""
        return cls(list(non_blocking), project_root_for(source.absolute_path))

    # -- entry points -----------------------------------------------------------------
    def of_node(self, node) -> Suspension | None:
        """Classify an Await, AsyncWith, AsyncFor or async Comprehension."""
        if isinstance(node, nodes.Await):
            return self.of_awaitable(node.value)
        if isinstance(node, nodes.AsyncWith):
            results = [self.of_context_manager(expr) for expr, _ in node.items]
            return _strongest([r for r in results if r])
        if isinstance(node, nodes.AsyncFor):
            return self.of_async_iterable(node.iter)
        if isinstance(node, nodes.Comprehension):
            return self.of_async_iterable(node.iter)
        return None

    def of_awaitable(self, value) -> Suspension | None:
        """What awaiting ``value`` (usually a call) may suspend on."""
        if isinstance(value, nodes.Call):
            return self._of_call(value)
        for inferred in infer_values(value):
            known = _known(_instance_class(inferred))
            if known:
                return known
        lexical = self._lexical_type(value)
        if lexical:
            return _known(lexical)
        return Suspension(UNRESOLVED, (value.as_string(),), certain=False)

    def of_context_manager(self, expression) -> Suspension | None:
        if not isinstance(expression, nodes.Call):
            return None  # an existing object: its __aenter__ is not I/O we can name
        callee_values = infer_values(expression.func)
        if any(isinstance(v, nodes.ClassDef) for v in callee_values):
            return None  # constructing (e.g. aiohttp.ClientSession()) is not the I/O
        if (qualified_name(expression.func) or "").endswith(("ClientSession", "Lock", "timeout")):
            return None
        return self._of_call(expression)

    def of_async_iterable(self, expression) -> Suspension | None:
        if isinstance(expression, nodes.Call):
            return self._of_call(expression)
        return self.of_awaitable(expression)

    # -- calls ------------------------------------------------------------------------
    def is_non_blocking(self, call: nodes.Call) -> bool:
        """A configured non-blocking await (default: ``put`` on an asyncio queue)."""
        name = qualified_name(call.func)
        if name and name in self.non_blocking_names:
            return True
        method = final_name(call.func)
        if not isinstance(call.func, nodes.Attribute) or method not in self.non_blocking_methods:
            return False
        # put() on an HTTP client is a request, whatever the configuration says.
        receiver = self._receiver_class(call.func.expr)
        return not (receiver and primitive_key(f"{receiver}.{method}") in PRIMITIVES)

    def _of_call(self, call: nodes.Call) -> Suspension | None:
        found = self._resolve_call(call)
        if (
            found is not None and len(found.chain) == 1
            and found.chain[0] in _CONDITION_WAITS and isinstance(call.func, nodes.Attribute)
        ):
            return dataclasses.replace(found, condition=call.func.expr.as_string())
        return found

    def _resolve_call(self, call: nodes.Call) -> Suspension | None:
        if self.is_non_blocking(call):
            return None
        # `asyncio.sleep(...)` is known from its import alone: no need to build asyncio.
        known = _known(qualified_name(call.func))
        if known:
            return known
        unresolved_chain = None
        for value in infer_values(call.func):
            function = _function_of(value)
            qname = value.qname() if hasattr(value, "qname") else None
            known = _known(qname)
            if known:
                return known
            if function is None:
                if isinstance(value, nodes.ClassDef):
                    return _known(value.qname())  # awaiting a constructed Future etc.
                continue
            if _is_library(function.root(), self.project_root):
                key = primitive_key(qname or "")
                if key in NON_SUSPENDING:
                    return None
                unresolved_chain = unresolved_chain or Suspension(
                    UNRESOLVED, (_display(key) if key else (qname or function.name),),
                    certain=False)
                continue
            summary = self.summary(function)
            if summary is None:
                return None
            label = _function_label(function)
            chained = Suspension(summary.kind, (label, *summary.chain), summary.certain,
                                 summary.condition)
            if summary.certain:
                return chained
            unresolved_chain = chained
        if unresolved_chain is not None:
            return unresolved_chain
        return self._lexical_call(call)

    def _lexical_call(self, call: nodes.Call) -> Suspension | None:
        known = _known(qualified_name(call.func))
        if known:
            return known
        func = call.func
        if isinstance(func, nodes.Attribute):
            method = func.attrname
            receiver = self._receiver_class(func.expr)
            if receiver:
                known = _known(f"{receiver}.{method}")
                if known:
                    return known
            if method in _DISTINCTIVE_METHODS:
                key, kind = _DISTINCTIVE_METHODS[method]
                return Suspension(kind, (_display(primitive_key(key)),))
            receiver_name = final_name(func.expr) or ""
            if method in _HTTP_VERBS and _SESSION_NAME.search(receiver_name):
                return Suspension(NETWORK, (f"ClientSession.{method}",))
            if method in ("json", "post", "read", "text", "multipart") and _REQUEST_NAME.match(
                receiver_name
            ):
                return Suspension(BODY, (f"Request.{method}",))
            if method in ("json", "text", "read", "release") and _RESPONSE_NAME.search(
                receiver_name
            ):
                return Suspension(NETWORK, (f"ClientResponse.{method}",))
        return Suspension(UNRESOLVED, (call.func.as_string() + "()",), certain=False)

    # -- lexical types ----------------------------------------------------------------
    def _receiver_class(self, expression) -> str | None:
        for inferred in infer_values(expression):
            name = _instance_class(inferred)
            if name:
                return primitive_key(name) or name
        return self._lexical_type(expression)

    def _lexical_type(self, expression) -> str | None:
        """The library class a name was bound to, from assignments and annotations."""
        for assignment in lexical_assignments(expression):
            found = self._type_from_binding(assignment)
            if found:
                return found
        return None

    def _type_from_binding(self, binding) -> str | None:
        parent = binding.parent
        if isinstance(binding, nodes.AssignName) and isinstance(parent, nodes.Arguments):
            annotation = _annotation_of(parent, binding)
            name = qualified_name(annotation) if annotation is not None else None
            return primitive_key(name) if name else None
        if isinstance(parent, nodes.AsyncWith):
            for expression, alias in parent.items:
                if alias is binding and isinstance(expression, nodes.Call):
                    return self._type_of_call_result(expression, entered=True)
        if isinstance(parent, nodes.Assign):
            value = parent.value
            if isinstance(value, nodes.Await):
                value = value.value
            if isinstance(value, nodes.Call):
                return self._type_of_call_result(value, entered=False)
        return None

    def _type_of_call_result(self, call: nodes.Call, entered: bool) -> str | None:
        name = qualified_name(call.func) or ""
        method = final_name(call.func)
        if method in _FUTURE_FACTORIES:
            return _FUTURE_FACTORIES[method]
        key = primitive_key(name)
        if key in ("aiohttp.ClientSession", "httpx.AsyncClient"):
            return key
        if key in ("asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"):
            return "asyncio.Process"
        if entered and isinstance(call.func, nodes.Attribute):
            result = self._lexical_call(call)
            if result and result.certain and result.kind == NETWORK and method in _HTTP_VERBS:
                return "aiohttp.ClientResponse"
        return None

    # -- project coroutine summaries --------------------------------------------------
    def summary(self, function) -> Suspension | None:
        """What awaiting a call of a project function may suspend on (memoised)."""
        if function in self._summaries:
            return self._summaries[function]
        if function in self._in_progress:
            return None  # a cycle adds no evidence; the other awaits decide
        self._in_progress.add(function)
        try:
            result = self._compute_summary(function)
        finally:
            self._in_progress.discard(function)
        self._summaries[function] = result
        return result

    def _compute_summary(self, function) -> Suspension | None:
        uncertain = None
        if isinstance(function, nodes.AsyncFunctionDef):
            candidates = [self.of_node(node) for node in awaiting_nodes(function)]
        else:
            # A plain function awaited by its caller returns the awaitable it builds.
            candidates = [
                self.of_awaitable(node.value)
                for node in function.nodes_of_class(nodes.Return, skip_klass=(
                    nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda))
                if isinstance(node.value, nodes.Call)
            ]
            if not candidates:
                return Suspension(UNRESOLVED, (f"{function.name}()",), certain=False)
        for candidate in candidates:
            if candidate is None:
                continue
            if candidate.certain:
                return candidate
            uncertain = uncertain or candidate
        return uncertain


def _annotation_of(arguments: nodes.Arguments, binding: nodes.AssignName):
    for position, argument in enumerate(arguments.args or []):
        if argument is binding:
            return (arguments.annotations or [None] * (position + 1))[position]
    for position, argument in enumerate(arguments.kwonlyargs or []):
        if argument is binding:
            return (arguments.kwonlyargs_annotations or [None] * (position + 1))[position]
    return None


def _instance_class(value) -> str | None:
    if isinstance(value, bases.Instance) and not isinstance(value, bases.BoundMethod):
        proxied = getattr(value, "_proxied", None)
        if isinstance(proxied, nodes.ClassDef):
            return proxied.qname()
    return None


def _strongest(results: list[Suspension]) -> Suspension | None:
    for result in results:
        if result.certain:
            return result
    return results[0] if results else None
