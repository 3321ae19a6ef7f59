"""In-place changes of values: item and attribute stores and deletes, mutating methods.

``config["x"] = 1``, ``del worker.url``, ``workers.append(w)``: each changes the object
an expression evaluates to, without rebinding a name.  Rules pair the changed expression
with what it refers to (see :mod:`.call_results`) to know which object was changed.
"""

from __future__ import annotations

from astroid import nodes
from astroid.const import Context

MUTATING_METHODS = frozenset({"append", "pop", "update", "setdefault", "remove", "clear",
                              "extend", "insert", "popitem", "add", "discard", "sort",
                              "reverse"})


def in_place_mutations(scope_nodes: list):
    """(node, mutated expression) for every in-place change in a scope."""
    for node in scope_nodes:
        if isinstance(node, nodes.Subscript) and node.ctx in (Context.Store, Context.Del):
            yield node, node.value
        elif isinstance(node, (nodes.AssignAttr, nodes.DelAttr)):
            yield node, node.expr
        elif (isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute)
              and node.func.attrname in MUTATING_METHODS):
            yield node, node.func.expr
