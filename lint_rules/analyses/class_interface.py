"""What a class uses on ``self`` across its methods, and what it and its bases define.

A method's receiver is its first parameter (``self``; ``cls`` for a classmethod; none for
a staticmethod).  Across every method of the class — properties and nested functions and
lambdas included (they close over the receiver), nested classes not (their methods have
their own) — the class *uses* ``self.name`` (read, called, augmented: ``self.count += 1``
needs ``count`` first), ``getattr(self, "name")`` and ``hasattr(self, "name")`` with a
literal name, and ``super().name``; it *assigns* ``self.name = ...`` and
``setattr(self, "name", ...)``.  Dunder names are left out: every object has them.

What a class *defines* is its own class body (methods, properties, class attributes,
annotations), what its methods assign on ``self``, and the same of every ancestor
astroid infers (its bases' instance attributes included), ``object`` left out.  A base
astroid cannot infer (a class of an uninstalled dependency, a dynamic base) could define
anything: :func:`defined_names` says so, and callers must not treat the set as complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from astroid import nodes
from astroid.util import UninferableBase

_METHODS = (nodes.FunctionDef, nodes.AsyncFunctionDef)
_ATTRIBUTE_BUILTINS = {"getattr": "use", "hasattr": "use", "setattr": "assign",
                       "delattr": "use"}


@dataclass(frozen=True)
class SelfUse:
    """A name used on the receiver (or through ``super()``: then only the bases can
    provide it), at its first use in source order."""

    name: str
    node: object
    through_super: bool = False


@dataclass(frozen=True)
class ClassUses:
    """The names a class's methods use and assign on their receiver."""

    used: tuple[SelfUse, ...]  # first use of each name, in source order
    assigned: frozenset[str]


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _decorator_names(function) -> set[str]:
    found = set()
    for decorator in function.decorators.nodes if function.decorators else ():
        if isinstance(decorator, nodes.Name):
            found.add(decorator.name)
        elif isinstance(decorator, nodes.Attribute):
            found.add(decorator.attrname)
    return found


def receiver_name(method) -> str | None:
    """The parameter a method receives its instance (or class) in, if any."""
    if "staticmethod" in _decorator_names(method):
        return None
    positional = [*method.args.posonlyargs, *method.args.args]
    return positional[0].name if positional else None


def _is_receiver(node, receiver: str) -> bool:
    return isinstance(node, nodes.Name) and node.name == receiver


def _is_super_call(node) -> bool:
    return (isinstance(node, nodes.Call) and isinstance(node.func, nodes.Name)
            and node.func.name == "super")


def _shadows(function, receiver: str) -> bool:
    """A nested function or lambda with its own parameter of the receiver's name."""
    return receiver in (function.argnames() if function.args is not None else [])


def _method_uses(method, receiver: str):
    """(kind, name, node) of each use or assignment on the receiver in one method."""
    stack = list(reversed(list(method.get_children())))
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.ClassDef):
            continue
        if isinstance(node, (*_METHODS, nodes.Lambda)) and _shadows(node, receiver):
            continue
        if isinstance(node, (nodes.Attribute, nodes.AssignAttr, nodes.DelAttr)) and (
                _is_receiver(node.expr, receiver)):
            store = isinstance(node, nodes.AssignAttr) and not isinstance(
                node.parent, nodes.AugAssign)
            yield ("assign" if store else "use"), node.attrname, node
        elif isinstance(node, nodes.Attribute) and _is_super_call(node.expr):
            yield "super", node.attrname, node
        elif isinstance(node, nodes.Call) and isinstance(node.func, nodes.Name) and (
                node.func.name in _ATTRIBUTE_BUILTINS and len(node.args) >= 2
                and _is_receiver(node.args[0], receiver)
                and isinstance(node.args[1], nodes.Const) and isinstance(node.args[1].value, str)):
            yield _ATTRIBUTE_BUILTINS[node.func.name], node.args[1].value, node
        stack.extend(reversed(list(node.get_children())))


def class_uses(klass: nodes.ClassDef) -> ClassUses:
    """What the methods of ``klass`` use and assign on their receiver."""
    first_use: dict[tuple[str, bool], SelfUse] = {}
    assigned: set[str] = set()
    for method in klass.body:
        if not isinstance(method, _METHODS):
            continue
        receiver = receiver_name(method)
        if receiver is None:
            continue
        for kind, name, node in _method_uses(method, receiver):
            if _is_dunder(name):
                continue
            if kind == "assign":
                assigned.add(name)
            elif (name, kind == "super") not in first_use:
                first_use[name, kind == "super"] = SelfUse(name, node, kind == "super")
    used = sorted(first_use.values(), key=lambda use: (use.node.lineno or 0,
                                                       use.node.col_offset or 0))
    return ClassUses(tuple(used), frozenset(assigned))


def _inferred_bases(klass: nodes.ClassDef) -> tuple[list[nodes.ClassDef], bool]:
    """The classes a class's bases infer to, and whether every base was inferred."""
    found, complete = [], True
    for base in klass.bases:
        try:
            values = list(base.infer())
        except Exception:  # noqa: BLE001 - inference failure: an unknown base
            values = []
        classes = [value for value in values if isinstance(value, nodes.ClassDef)]
        if not classes or any(isinstance(value, UninferableBase) for value in values):
            complete = False
        found.extend(classes)
    return found, complete


def defined_names(klass: nodes.ClassDef, own: bool = True) -> tuple[set[str], bool]:
    """The names ``klass`` (unless ``own`` is false) and its ancestors define (class bodies
    and instance attributes, ``object`` left out), and whether every ancestor could be
    inferred."""
    names: set[str] = set()
    complete = True
    pending, seen = [klass], set()
    while pending:
        current = pending.pop()
        if id(current) in seen or current.qname() in ("builtins.object", "object"):
            continue
        seen.add(id(current))
        if own or current is not klass:
            names.update(current.locals)
            # Not astroid's instance_attrs: those count ``self.n += 1`` as a definition.
            names.update(class_uses(current).assigned)
        bases, known = _inferred_bases(current)
        complete = complete and known
        pending.extend(bases)
    return names, complete
