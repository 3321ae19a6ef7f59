"""Which expressions evaluate to a configured state holder, however it is reached.

A *state holder* is a long-lived object that shared process state hangs off, named by a
dotted expression (``server.PromptServer.instance`` for ComfyUI).  An expression is that
holder when it

- spells it, under any import alias (``import server as _server`` then
  ``_server.PromptServer.instance``; ``from server import PromptServer`` then
  ``PromptServer.instance``);
- is a name bound to the holder: ``prompt_server = server.PromptServer.instance``, a
  parameter defaulting to it (``def f(ps=server.PromptServer.instance)``), or imported
  from a project module that binds it (``from .shared import prompt_server``, resolved
  with astroid);
- is ``server_instance or prompt_server``, either branch of a conditional, or a walrus
  around the holder;
- is ``self.server`` where the class assigns the holder to ``self.server``.

A name bound several times is a holder when any binding is (it may hold it).
"""

from __future__ import annotations

from astroid import nodes

from .local_bindings import lexical_assignments
from .module_bindings import project_module
from .qualified_names import qualified_name

_MAX_DEPTH = 8  # aliases of aliases followed


class StateHolders:
    """Answers "which configured holder is this expression?" for the expressions of a
    run; answers are memoised per node."""

    def __init__(self, holders):
        self.holders = tuple(holders)
        self._memo: dict[int, str | None] = {}

    def holder_of(self, node, depth: int = 0) -> str | None:
        """The configured holder ``node`` evaluates to, or None."""
        if node is None or depth > _MAX_DEPTH:
            return None
        key = id(node)
        if key not in self._memo:
            self._memo[key] = None  # a cycle of aliases holds nothing
            self._memo[key] = self._resolve(node, depth)
        return self._memo[key]

    def _resolve(self, node, depth: int) -> str | None:
        if isinstance(node, (nodes.Attribute, nodes.Name)):
            name = qualified_name(node)
            if name in self.holders:
                return name
        if isinstance(node, nodes.BoolOp):
            return self._first(node.values, depth)
        if isinstance(node, nodes.IfExp):
            return self._first((node.body, node.orelse), depth)
        if isinstance(node, nodes.NamedExpr):
            return self.holder_of(node.value, depth + 1)
        if isinstance(node, nodes.Name):
            return self._first_binding(node, depth)
        if isinstance(node, nodes.Attribute) and isinstance(node.expr, nodes.Name) \
                and node.expr.name == "self":
            return self._instance_attribute(node, depth)
        return None

    def _first(self, expressions, depth: int) -> str | None:
        for expression in expressions:
            found = self.holder_of(expression, depth + 1)
            if found:
                return found
        return None

    def _first_binding(self, name: nodes.Name, depth: int) -> str | None:
        for binding in lexical_assignments(name):
            found = self._binding_value(binding, name.name, depth)
            if found:
                return found
        return None

    def _binding_value(self, binding, name: str, depth: int) -> str | None:
        if isinstance(binding, nodes.AssignName):
            parent = binding.parent
            if isinstance(parent, (nodes.Assign, nodes.AnnAssign, nodes.NamedExpr)):
                return self.holder_of(parent.value, depth + 1)
            if isinstance(parent, nodes.Arguments):
                try:
                    default = parent.default_value(name)
                except Exception:  # noqa: BLE001 - a parameter without a default
                    return None
                return self.holder_of(default, depth + 1)
            return None
        if isinstance(binding, nodes.ImportFrom):
            return self._imported(binding, name, depth)
        return None

    def _imported(self, node: nodes.ImportFrom, name: str, depth: int) -> str | None:
        module = project_module(node)
        if module is None:
            return None
        try:
            original = node.real_name(name)
        except Exception:  # noqa: BLE001 - not bound by this import
            return None
        for binding in module.locals.get(original, []):
            found = self._binding_value(binding, original, depth + 1)
            if found:
                return found
        return None

    def _instance_attribute(self, node: nodes.Attribute, depth: int) -> str | None:
        klass = node.frame()
        while klass is not None and not isinstance(klass, nodes.ClassDef):
            klass = klass.parent.frame() if klass.parent is not None else None
        if klass is None:
            return None
        for assigned in klass.instance_attrs.get(node.attrname, []):
            parent = assigned.parent
            if isinstance(parent, nodes.Assign):
                found = self.holder_of(parent.value, depth + 1)
                if found:
                    return found
        return None
