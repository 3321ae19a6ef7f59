"""Partial updates go through a field table, not one ``if "k" in data`` block per field
(refactor plan, Task 4.6).

``update_worker_endpoint``, ``update_master_endpoint`` and ``update_setting_endpoint``
each repeated ``if "name" in data: worker["name"] = data["name"]`` for every field, with
their own special cases (``None`` removes ``host``, ``host`` is normalised).  Adding a
field meant copying a block and remembering the special cases; forgetting one changed
the endpoint's behaviour.  The plan replaces the blocks with a field table
(``(key, normaliser, remove_on_none)``) and one ``_apply_field_patch`` helper.

A *field copy* is one statement that copies one named field from a source onto a
target when it is present:

- ``if "name" in data: target["name"] = data["name"]``, also with ``data.get("name")``,
  ``if data.get("name") is not None``, ``if "name" in data and ...``, a value first
  bound to a local, a normaliser applied (``normalize_host(data["host"])``), and ``None``
  removing the key instead (``target.pop("host", None)`` / ``del target["host"]`` in an
  inner ``if``/``else``);
- attribute targets: ``if "name" in data: obj.name = data["name"]``;
- the ``.get()`` form ``target["name"] = data.get("name", target["name"])``;
- the keyword-argument form, for optional parameters of the function:
  ``if url is not None: state["url"] = url``.

Flagged: ``field-copy-min-statements`` (default 3) or more field copies in one function
from the same source (a dict, or the function's parameters) onto the same target: one
finding, at the first of them, naming the fields.  Not flagged: fewer copies; a block
that does more than copy (validation, logging, a ``raise``); copies into local variables;
and building an object from the source (``Worker(name=data["name"], host=data["host"])``
is one explicit mapping, not boilerplate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from astroid import nodes

from ..analyses.inferred_values import string_literal
from ..analyses.local_bindings import FUNCTION_TYPES, nodes_by_scope, position
from ..analyses.source_text import listed
from ..constants import DEFAULT_FIELD_COPY_MIN_STATEMENTS, MAX_COPIED_FIELDS_SHOWN
from ..registry import Rule, register
from ..settings import Integer, Setting, Settings

PARAMETERS = "<parameters>"
# A line that can start a field copy: ``if "k" in ...``, ``if x is not None``,
# ``if d.get(...)``, or ``t["k"] = d.get(...)``.  A file with fewer such lines than the
# minimum is never built into a tree.
_CANDIDATE_LINE = re.compile(
    r"""^[ \t]*(?:if[ \t].*(?:["'][ \t]+in[ \t]|is[ \t]+not[ \t]+None|\.get\()"""
    r"""|[\w.]+(?:\[[^\]\n]*\])?[ \t]*=[ \t]*.*\.get\()""", re.M)


@dataclass(frozen=True)
class FieldCopy:
    """One statement copying one field: from ``source`` (a dict as written, or
    ``PARAMETERS``) onto ``target`` (as written)."""

    statement: object
    source: str
    target: str
    field: str


@dataclass
class _Field:
    """What the value of one field is spelled as inside its statement."""

    source: str
    key: str
    names: set  # locals and parameters holding the value

    def is_value(self, node) -> bool:
        """``data["k"]``, ``data.get("k", ...)`` or a name holding it."""
        if isinstance(node, nodes.Name):
            return node.name in self.names
        if self.source == PARAMETERS:
            return False
        return _keyed_read(node) == (self.source, self.key)

    def derives(self, node) -> bool:
        """Whether an expression is built from the field's value (a normaliser applied,
        a conditional) and reads no other field of the source."""
        found = False
        for child in [node, *node.nodes_of_class((nodes.Name, nodes.Subscript, nodes.Call))]:
            if self.is_value(child):
                found = True
                continue
            read = _keyed_read(child)
            if read is not None and read[0] == self.source and read[1] != self.key:
                return False
        return found


def _subscript_key(node) -> tuple[str, str] | None:
    """(container, key) of ``container["key"]``."""
    if isinstance(node, nodes.Subscript) and string_literal(node.slice) is not None:
        return node.value.as_string(), string_literal(node.slice)
    return None


def _method_key(node, method: str) -> tuple[str, str] | None:
    """(receiver, key) of ``receiver.<method>("key", ...)``."""
    if (isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute)
            and node.func.attrname == method and node.args
            and string_literal(node.args[0]) is not None):
        return node.func.expr.as_string(), string_literal(node.args[0])
    return None


def _keyed_read(node) -> tuple[str, str] | None:
    """(source, key) of ``source["key"]`` or ``source.get("key"[, default])``."""
    return _subscript_key(node) or _method_key(node, "get")


def _keyed_target(node) -> tuple[str, str] | None:
    """(target, key) of ``target["key"]`` or ``target.key`` being assigned or deleted."""
    if isinstance(node, (nodes.AssignAttr, nodes.DelAttr)):
        return node.expr.as_string(), node.attrname
    return _subscript_key(node)


def _removal(statement) -> tuple[str, str] | None:
    """(target, key) of ``target.pop("key"[, None])`` or ``del target["key"]``."""
    if isinstance(statement, nodes.Expr):
        return _method_key(statement.value, "pop")
    if isinstance(statement, nodes.Delete) and len(statement.targets) == 1:
        return _keyed_target(statement.targets[0])
    return None


def _is_not_none(test) -> object | None:
    """``x is not None``: the ``x``."""
    if (isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0][0] == "is not"
            and isinstance(test.ops[0][1], nodes.Const) and test.ops[0][1].value is None):
        return test.left
    return None


def _presence_field(test, parameters: set[str], local_reads: dict) -> _Field | None:
    """The field whose presence an ``if`` test checks, if it checks one."""
    if isinstance(test, nodes.BoolOp) and test.op == "and":
        return _presence_field(test.values[0], parameters, local_reads)
    if (isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0][0] == "in"
            and string_literal(test.left) is not None
            and isinstance(test.ops[0][1], (nodes.Name, nodes.Attribute, nodes.Subscript))):
        return _Field(test.ops[0][1].as_string(), string_literal(test.left), set())
    checked = _is_not_none(test)
    if checked is None and isinstance(test, nodes.Call):
        checked = test  # if data.get("k"):
    if checked is None:
        return None
    read = _keyed_read(checked)
    if read is not None:
        return _Field(read[0], read[1], set())
    if isinstance(checked, nodes.Name):
        if checked.name in local_reads:  # value = data.get("k"); if value is not None:
            source, key = local_reads[checked.name]
            return _Field(source, key, {checked.name})
        if checked.name in parameters:
            return _Field(PARAMETERS, checked.name, {checked.name})
    return None


class _Effects:
    """The target a block of statements copies one field onto (None: not only copies)."""

    def __init__(self, field: _Field):
        self.field = field
        self.target: str | None = None
        self.assigns = 0

    def _same_target(self, target: str) -> bool:
        if self.target is None:
            self.target = target
        return self.target == target

    def accept(self, body) -> bool:
        """Whether every statement of ``body`` copies (or removes) the field."""
        for statement in body:
            if not self._accept(statement):
                return False
        return True

    def _accept(self, statement) -> bool:
        if isinstance(statement, nodes.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if not self.field.derives(statement.value):
                return False
            if isinstance(target, nodes.AssignName):  # value = normalize(data["k"])
                self.field.names.add(target.name)
                return True
            keyed = _keyed_target(target)
            if keyed is None or not self._same_target(keyed[0]):
                return False
            self.assigns += 1
            return True
        removed = _removal(statement)
        if removed is not None:
            return self._same_target(removed[0])
        if isinstance(statement, nodes.If):  # if value is None: pop ... else: assign
            if not self.field.derives(statement.test):
                return False
            return self.accept(statement.body) and self.accept(statement.orelse)
        return False


def _local_reads(scope_nodes) -> dict:
    """Locals bound exactly once to ``source["k"]`` / ``source.get("k")``."""
    bound: dict[str, list] = {}
    for node in scope_nodes:
        if isinstance(node, nodes.AssignName):
            bound.setdefault(node.name, []).append(node)
    found = {}
    for name, targets in bound.items():
        parent = targets[0].parent
        if len(targets) == 1 and isinstance(parent, nodes.Assign) and len(parent.targets) == 1:
            read = _keyed_read(parent.value)
            if read is not None:
                found[name] = read
    return found


def field_copy(statement, parameters: set[str], local_reads: dict) -> FieldCopy | None:
    """The field copy a statement is, if it is one (see the module docstring)."""
    if isinstance(statement, nodes.If) and not statement.orelse:
        field = _presence_field(statement.test, parameters, local_reads)
        if field is None:
            return None
        effects = _Effects(field)
        if effects.accept(statement.body) and effects.assigns and effects.target:
            return FieldCopy(statement, field.source, effects.target, field.key)
        return None
    if isinstance(statement, nodes.Assign) and len(statement.targets) == 1:
        # target["k"] = data.get("k", target["k"]): copied only when present.
        keyed = _keyed_target(statement.targets[0])
        value = statement.value
        read = _keyed_read(value)
        if keyed is None or read is None or not isinstance(value, nodes.Call):
            return None
        if len(value.args) < 2:
            return None
        default = value.args[1]
        if _keyed_read(default) == keyed or (
                isinstance(default, nodes.Attribute) and (default.expr.as_string(),
                                                          default.attrname) == keyed):
            return FieldCopy(statement, read[0], keyed[0], read[1])
    return None


def _statements(scope) -> list:
    """The statements of a function, nested blocks included, not nested functions."""
    found = []
    stack = list(reversed(scope.body))
    while stack:
        statement = stack.pop()
        found.append(statement)
        if isinstance(statement, (*FUNCTION_TYPES, nodes.ClassDef)):
            continue
        for field in ("body", "orelse", "handlers", "finalbody"):
            block = getattr(statement, field, None)
            if isinstance(block, list):
                stack.extend(reversed(block))
    return found


class FieldCopySettings(Settings):
    field_copy_min_statements = Setting(
        "field-copy-min-statements", Integer(minimum=2), DEFAULT_FIELD_COPY_MIN_STATEMENTS,
        "how many field copies from one source onto one target in one function are "
        "reported (as one finding)")


@register
class FieldCopyBoilerplate(Rule):
    code = "INV303"
    symbol = "field-copy-boilerplate"
    summary = "fields copied one `if \"k\" in data` block at a time instead of by a field table"
    language = "python"
    settings_class = FieldCopySettings
    bad_example = '''
async def update_worker_endpoint(request):
    data = await request.json()
    worker = find_worker(data["id"])
    if "name" in data:
        worker["name"] = data["name"]
    if "enabled" in data:
        worker["enabled"] = data["enabled"]
    if "host" in data:
        if data["host"] is None:
            worker.pop("host", None)
        else:
            worker["host"] = normalize_host(data["host"])
'''
    good_example = '''
_WORKER_FIELDS = [
    ("name", None, False),
    ("enabled", None, False),
    ("host", normalize_host, True),  # pop the key when the value is None
]

async def update_worker_endpoint(request):
    data = await request.json()
    worker = find_worker(data["id"])
    _apply_field_patch(worker, data, _WORKER_FIELDS)
'''

    def wants(self, text: str) -> bool:
        minimum = self.settings.field_copy_min_statements
        for count, _match in enumerate(_CANDIDATE_LINE.finditer(text), 1):
            if count >= minimum:
                return True
        return False

    def check(self, ctx):
        minimum = ctx.settings.field_copy_min_statements
        for scope, scope_nodes in ctx.analysis(nodes_by_scope).items():
            if not isinstance(scope, FUNCTION_TYPES):
                continue
            parameters = set(scope.argnames())
            local_reads = _local_reads(scope_nodes)
            groups: dict[tuple[str, str], list[FieldCopy]] = {}
            for statement in _statements(scope):
                copy = field_copy(statement, parameters, local_reads)
                if copy is not None:
                    groups.setdefault((copy.source, copy.target), []).append(copy)
            for (source, target), copies in groups.items():
                if len(copies) < minimum:
                    continue
                copies.sort(key=lambda copy: position(copy.statement))
                self._report(ctx, source, target, copies)

    @staticmethod
    def _report(ctx, source: str, target: str, copies: list[FieldCopy]) -> None:
        first = copies[0].statement
        fields = list(dict.fromkeys(copy.field for copy in copies))
        shown = listed([f"'{field}'" for field in fields], MAX_COPIED_FIELDS_SHOWN)
        if source == PARAMETERS:
            origin = "the optional parameters"
            helper = (f"one patch helper that skips None, e.g. _apply_field_patch({target}, "
                      f"{{{', '.join(f'{f!r}: {f}' for f in fields[:2])}, ...}}, FIELDS)")
        else:
            origin = source
            helper = f"one patch helper, e.g. _apply_field_patch({target}, {source}, FIELDS)"
        end = first.test if isinstance(first, nodes.If) else first
        related = [ctx.related(copy.statement, f"copies '{copy.field}'") for copy in copies[1:]]
        ctx.report(first, (
            f"{len(copies)} statements copy the fields {shown} from {origin} "
            f"onto {target} one at a time; list the fields in a table of (key, normaliser, "
            f"remove-on-none) and apply it with {helper}"), end=end, related=related)
