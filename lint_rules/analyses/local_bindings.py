"""What the names of one function (or module, or class body) are bound to, lexically.

Rules that follow a value through local variables — a file handle from
``with open(p, "w") as f``, a temporary path from ``fd, tmp = mkstemp(dir=d)``, a part
of a loaded config from ``worker = next(w for w in config["workers"] ...)`` — need the
assignments of each name in its own scope, in source order, without descending into
nested functions, lambdas or classes (their names are theirs).  Everything here is an
iterative walk, so huge or deeply nested files cannot exhaust the recursion limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from astroid import nodes

SCOPE_TYPES = (nodes.Module, nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef,
               nodes.Lambda)
FUNCTION_TYPES = (nodes.FunctionDef, nodes.AsyncFunctionDef)


def position(node) -> tuple[int, int]:
    """(line, column) of a node, for "does this happen after that" comparisons."""
    return (getattr(node, "lineno", None) or 0, getattr(node, "col_offset", None) or 0)


def nodes_by_scope(module) -> dict:
    """Every node of a module grouped by the scope it belongs to, each group in source order.

    A nested function's or class's decorators belong to the enclosing scope; its
    parameters and body to its own.  Comprehensions are not separate scopes here (their
    calls run in the function), but their loop variables are never reported as the
    function's bindings (see :class:`ScopeBindings`).
    """
    groups: dict = {module: []}
    stack = [(child, module) for child in reversed(list(module.get_children()))]
    while stack:
        node, scope = stack.pop()
        groups[scope].append(node)
        if not isinstance(node, SCOPE_TYPES):
            children = [(child, scope) for child in node.get_children()]
        else:
            groups[node] = []
            decorators = getattr(node, "decorators", None)
            children = [(child, scope if child is decorators else node)
                        for child in node.get_children()]
        stack.extend(reversed(children))
    return groups


@dataclass(frozen=True)
class Binding:
    """One binding of a name: ``name = value``, ``with value as name``, ``for name in value``.

    ``path`` is the position of the name inside tuple unpacking (``fd, tmp = mkstemp()``
    binds ``tmp`` with path ``(1,)``); ``()`` for a plain name.  ``kind`` is one of
    ``assign``, ``augassign``, ``with``, ``for``, ``parameter`` or ``other`` (except
    handlers, match captures and anything else whose value is not an expression).
    """

    name: str
    kind: str
    statement: object
    value: object
    path: tuple
    target: object  # the AssignName node

    def expression(self):
        """The expression this name holds, when it can be read off the source.

        A plain ``name = value`` gives ``value``; ``a, b = x, y`` gives ``y`` for ``b``;
        unpacking a call (``fd, tmp = mkstemp()``) has no expression of its own: None.
        """
        if self.kind not in ("assign", "with"):
            return None
        value = self.value
        for index in self.path:
            if not isinstance(value, (nodes.Tuple, nodes.List)) or index is None:
                return None
            if index >= len(value.elts) or isinstance(value.elts[index], nodes.Starred):
                return None
            value = value.elts[index]
        return value


def _binding_of(target: nodes.AssignName) -> Binding | None:
    path: list = []
    child, parent = target, target.parent
    while isinstance(parent, (nodes.Tuple, nodes.List, nodes.Starred)):
        if isinstance(parent, nodes.Starred):
            path.insert(0, None)
        else:
            path.insert(0, next(i for i, elt in enumerate(parent.elts) if elt is child))
        child, parent = parent, parent.parent
    name = target.name
    if isinstance(parent, (nodes.Assign, nodes.AnnAssign)):
        return Binding(name, "assign", parent, parent.value, tuple(path), target)
    if isinstance(parent, nodes.NamedExpr):
        return Binding(name, "assign", parent, parent.value, tuple(path), target)
    if isinstance(parent, nodes.AugAssign):
        return Binding(name, "augassign", parent, parent.value, tuple(path), target)
    if isinstance(parent, (nodes.For, nodes.AsyncFor)):
        return Binding(name, "for", parent, parent.iter, tuple(path), target)
    if isinstance(parent, (nodes.With, nodes.AsyncWith)):
        for expression, bound in parent.items:
            if bound is child:
                return Binding(name, "with", parent, expression, tuple(path), target)
        return Binding(name, "other", parent, None, tuple(path), target)
    if isinstance(parent, nodes.Comprehension):
        return None  # the comprehension's own variable
    if isinstance(parent, nodes.Arguments):
        return Binding(name, "parameter", parent, None, (), target)
    return Binding(name, "other", parent, None, tuple(path), target)


class ScopeBindings:
    """The bindings of every name of one scope, from that scope's nodes."""

    def __init__(self, scope, scope_nodes: list):
        self.scope = scope
        self.by_name: dict[str, list[Binding]] = {}
        for node in scope_nodes:
            if isinstance(node, nodes.AssignName):
                binding = _binding_of(node)
                if binding is not None:
                    self.by_name.setdefault(binding.name, []).append(binding)
        if isinstance(scope, (*FUNCTION_TYPES, nodes.Lambda)):
            for name in scope.argnames():
                if not any(b.kind == "parameter" for b in self.by_name.get(name, ())):
                    self.by_name.setdefault(name, []).insert(
                        0, Binding(name, "parameter", scope.args, None, (), None))

    def of(self, name: str) -> list[Binding]:
        """Every binding of ``name`` in this scope, in source order."""
        return self.by_name.get(name, [])

    def is_local(self, name: str) -> bool:
        return name in self.by_name

    def latest_before(self, name: str, node) -> Binding | None:
        """The last binding of ``name`` that starts before ``node`` (else the first one)."""
        found = self.of(name)
        if not found:
            return None
        where = position(node)
        before = [b for b in found if b.target is None or position(b.target) < where]
        return before[-1] if before else found[0]

    def single_expression(self, name: str):
        """The expression of ``name`` when it is bound exactly once, by an assignment."""
        found = self.of(name)
        if len(found) != 1:
            return None
        return found[0].expression()


def lexical_assignments(name_node) -> list:
    """What a bare name refers to by astroid's lexical lookup (``[]`` when not a name).

    The nodes are the binding sites astroid reports: ``Import``/``ImportFrom`` nodes,
    ``AssignName`` targets, function and class definitions.
    """
    if not isinstance(name_node, nodes.Name):
        return []
    try:
        _scope, assignments = name_node.lookup(name_node.name)
    except Exception:  # noqa: BLE001 - lookup on odd trees means "unknown"
        return []
    return list(assignments)


def unwrap_await(node):
    """``await x`` -> ``x``; anything else unchanged."""
    while isinstance(node, nodes.Await):
        node = node.value
    return node
