"""Clock readings and elapsed times.

``time.time()``, ``time.monotonic()``, ``loop.time()`` and a name bound to one of them
read a clock; ``time.monotonic() - start`` is an elapsed time.  A comparison of an
elapsed time with a literal is a timeout written in place (``elapsed > 30``).
"""

from __future__ import annotations

from astroid import nodes

from .local_bindings import lexical_assignments
from .qualified_names import qualified_name

_CLOCKS = {
    "time.time", "time.monotonic", "time.perf_counter", "time.time_ns", "time.monotonic_ns",
    "time.perf_counter_ns", "datetime.datetime.now", "datetime.datetime.utcnow",
}
_CLOCK_METHODS = {"time", "monotonic"}  # loop.time(), anyio's current_time is a function


def is_clock(node) -> bool:
    """``time.time()``, ``time.monotonic()``, ``loop.time()`` or a name bound to one."""
    if isinstance(node, nodes.Call):
        if qualified_name(node.func) in _CLOCKS:
            return True
        return (isinstance(node.func, nodes.Attribute) and not node.args
                and node.func.attrname in _CLOCK_METHODS)
    if isinstance(node, nodes.Name):
        for assignment in lexical_assignments(node):
            statement = assignment.parent
            if isinstance(statement, (nodes.Assign, nodes.AnnAssign)) and isinstance(
                    statement.value, nodes.Call) and is_clock(statement.value):
                return True
    return False


def is_elapsed(node) -> bool:
    """A clock reading minus something: ``time.monotonic() - start``, ``now - t0``."""
    return isinstance(node, nodes.BinOp) and node.op == "-" and is_clock(node.left)
