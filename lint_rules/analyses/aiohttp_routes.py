"""Which functions are aiohttp route handlers.

A handler is recognised, without importing aiohttp, when it is

- decorated with a route-table method: ``@routes.post("/x")``,
  ``@prompt_server.routes.get(...)``, ``@server.PromptServer.instance.routes.delete(...)``,
  or any name bound to ``web.RouteTableDef()``;
- registered in the same module: ``app.router.add_post("/x", handler)``,
  ``app.router.add_route("POST", "/x", handler)``, ``web.post("/x", handler)``,
  ``web.route("POST", "/x", handler)``;
- or an ``async def`` whose first parameter (after ``self``/``cls``) is ``request``.
"""

from __future__ import annotations

from astroid import nodes

from .local_bindings import lexical_assignments
from .qualified_names import final_name, qualified_name

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options",
                           "route", "view"})
_ROUTER_ADDERS = {"add_get": 1, "add_post": 1, "add_put": 1, "add_patch": 1,
                  "add_delete": 1, "add_head": 1, "add_view": 1, "add_route": 2}
_WEB_ROUTE_DEFS = {f"aiohttp.web.{method}": 1 for method in ROUTE_METHODS - {"route"}}
_WEB_ROUTE_DEFS["aiohttp.web.route"] = 2


def _is_route_table(receiver) -> bool:
    """``routes``, ``x.routes``, or a name bound to ``web.RouteTableDef()``."""
    if final_name(receiver) == "routes":
        return True
    for assignment in lexical_assignments(receiver):
        parent = getattr(assignment, "parent", None)
        if isinstance(parent, nodes.Assign) and isinstance(parent.value, nodes.Call):
            if (qualified_name(parent.value.func) or "").endswith("RouteTableDef"):
                return True
    return False


def is_route_decorator(decorator) -> bool:
    """``@routes.post("/path")`` and its spellings."""
    if not isinstance(decorator, nodes.Call) or not isinstance(decorator.func, nodes.Attribute):
        return False
    return decorator.func.attrname in ROUTE_METHODS and _is_route_table(decorator.func.expr)


def _handler_argument(call: nodes.Call, index: int):
    for keyword in call.keywords or ():
        if keyword.arg == "handler":
            return keyword.value
    return call.args[index] if len(call.args) > index else None


def registered_handler_names(module_nodes) -> set[str]:
    """Names of the functions registered as handlers with ``add_*``/``web.*``.

    ``module_nodes`` is a module (walked with ``nodes_of_class``) or an iterable of
    its nodes that the caller has already collected.
    """
    if isinstance(module_nodes, nodes.Module):
        module_nodes = module_nodes.nodes_of_class(nodes.Call)
    names: set[str] = set()
    for call in module_nodes:
        if not isinstance(call, nodes.Call):
            continue
        func = call.func
        index = None
        if isinstance(func, nodes.Attribute) and func.attrname in _ROUTER_ADDERS:
            index = _ROUTER_ADDERS[func.attrname]
        else:
            index = _WEB_ROUTE_DEFS.get(qualified_name(func) or "")
        if index is None:
            continue
        name = final_name(_handler_argument(call, index))
        if name:
            names.add(name)
    return names


def _first_parameter(function) -> str | None:
    names = [arg.name for arg in (*function.args.posonlyargs, *function.args.args)]
    if names and names[0] in ("self", "cls") and isinstance(function.parent, nodes.ClassDef):
        names = names[1:]
    return names[0] if names else None


def is_route_handler(function, registered: set[str] = frozenset()) -> bool:
    """Whether ``function`` is an aiohttp route handler (see the module docstring)."""
    if not isinstance(function, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
        return False
    decorators = function.decorators.nodes if function.decorators else []
    if any(is_route_decorator(decorator) for decorator in decorators):
        return True
    if function.name in registered:
        return True
    return isinstance(function, nodes.AsyncFunctionDef) and _first_parameter(function) == "request"
