"""Whether an expression builds a new object, and whether it is a plain scalar literal.

A *new object* is a container display or comprehension (``{}``, ``[]``, ``{k: v for
...}``), or a constructor call: a callee astroid infers to a class
(``collections.defaultdict``, a project class), a builtin container type (``dict()``,
``set()``), or, when inference cannot tell (an uninstalled dependency), a callee whose
final name is capitalised (``asyncio.Lock()``, ``Queue()``, ``web.Application()``).
A *scalar literal* is a number, string, bytes, boolean or ``None`` (``-1`` too).
"""

from __future__ import annotations

from astroid import nodes
from astroid.util import UninferableBase

from .qualified_names import final_name
from ..constants import MAX_INFERRED_NEW_OBJECTS as _MAX_INFERRED

_DISPLAYS = (nodes.Dict, nodes.List, nodes.Set, nodes.Tuple, nodes.DictComp, nodes.ListComp,
             nodes.SetComp)
_BUILTIN_TYPES = {"dict", "list", "set", "frozenset", "tuple", "bytearray", "object"}


def _infers_to_class(call: nodes.Call) -> bool | None:
    """True or False when inference tells whether the callee is a class, else None."""
    try:
        values = []
        for value in call.func.infer():
            values.append(value)
            if len(values) >= _MAX_INFERRED:
                break
    except Exception:  # noqa: BLE001 - inference failure means "unknown"
        return None
    known = [value for value in values if not isinstance(value, UninferableBase)]
    if not known:
        return None
    return any(isinstance(value, nodes.ClassDef) for value in known)


def is_constructor_call(node) -> bool:
    """``asyncio.Lock()``, ``defaultdict(list)``, ``dict()``: a call that builds an object."""
    if not isinstance(node, nodes.Call):
        return False
    name = final_name(node.func)
    if isinstance(node.func, nodes.Name) and name in _BUILTIN_TYPES:
        return True
    inferred = _infers_to_class(node)
    if inferred is not None:
        return inferred
    return bool(name) and name[:1].isupper()


def is_new_object(node) -> bool:
    """A container display, a comprehension or a constructor call."""
    return isinstance(node, _DISPLAYS) or is_constructor_call(node)


def is_scalar_literal(node) -> bool:
    """``0``, ``-1``, ``"idle"``, ``True``, ``None``."""
    if isinstance(node, nodes.UnaryOp) and node.op in ("-", "+"):
        node = node.operand
    return isinstance(node, nodes.Const)
