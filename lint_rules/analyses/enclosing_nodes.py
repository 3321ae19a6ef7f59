"""What encloses a node: its functions, its ancestors, the statement it is part of.

Rules ask where a finding sits — inside an allowed helper, under a ``with`` that guards
it, in the condition of a ``while`` loop — by walking up from the node, never down.
"""

from __future__ import annotations

from astroid import nodes

from .local_bindings import FUNCTION_TYPES


def enclosing_function(node):
    """The innermost function (or lambda) that contains ``node``, or None."""
    current = node.parent
    while current is not None:
        if isinstance(current, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
            return current
        current = current.parent
    return None


def inside_function_named(node, names: set[str]) -> bool:
    """Whether ``node`` lies in a function (at any depth) whose name is one of ``names``."""
    current = node.parent
    while current is not None:
        if isinstance(current, FUNCTION_TYPES) and current.name in names:
            return True
        current = current.parent
    return False


def ancestors_up_to(node, stop) -> list:
    """The ancestors of ``node``, innermost first, up to (and without) ``stop``."""
    found = []
    current = node.parent
    while current is not None and current is not stop:
        found.append(current)
        current = current.parent
    return found


def contains(ancestor, node) -> bool:
    """Whether ``node`` is ``ancestor`` or lies inside it."""
    return node is ancestor or ancestor.parent_of(node)


def in_while_condition(node) -> bool:
    """Whether an expression is (part of) the condition of a ``while`` loop."""
    try:
        return isinstance(node.statement(), nodes.While)
    except Exception:  # noqa: BLE001 - a node outside any statement is in no condition
        return False
