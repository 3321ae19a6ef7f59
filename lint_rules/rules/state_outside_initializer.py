"""Shared process state is created in one place: its initializer (refactor plan, Task 5.1).

ComfyUI-Distributed hangs its job queues and locks off ComfyUI's
``server.PromptServer.instance``.  ``distributed_pending_jobs`` and
``distributed_jobs_lock`` were created in four places (``api/queue_orchestration.py``,
``distributed.py``, the ``prepare_job`` endpoint, ``nodes/collector.py``), each with its
own ``if not hasattr(...)``: whichever ran first won, and a second creation silently
replaced a dict other code already held, dropping its queues.  The plan makes
``ensure_distributed_state()`` the sole, idempotent creator, and every other site calls
it.  Its verify step: ``distributed_pending_jobs = {}`` and ``distributed_jobs_lock =``
appear only in ``ensure_distributed_state``.

A *state holder* is an expression of ``state-holders`` (default
``server.PromptServer.instance``), however it is reached: through import aliases, a
name bound to it (``prompt_server = server.PromptServer.instance``, also imported from
another module of the project), a parameter defaulting to it, ``ps = server_instance or
prompt_server``, or ``self.server`` assigned from it.

Flagged, outside the functions of ``state-initializers`` (default
``ensure_distributed_state``): an assignment that *creates* an attribute of a state
holder —

- ``holder.attr = {}`` / ``[]`` / ``asyncio.Lock()`` / ``asyncio.Queue()``: any container
  display or constructor call (a callee astroid infers to a class, a builtin container
  type, or a capitalised name);
- ``holder.attr = 0`` (any scalar literal) when the initializer does not create
  ``attr``;
- ``setattr(holder, "attr", ...)`` with the same values;
- anything under ``if not hasattr(holder, "attr"):`` (or ``getattr(holder, "attr",
  None) is None``): the guard is exactly the creation idiom the plan removes.

Not creation, never flagged: per-key writes into existing state
(``holder.pending[job_id] = asyncio.Queue()``), reads, ``holder.count += 1``, setting a
scalar the initializer also creates (a counter reset), and values that are neither
literals nor constructor calls.  The message names the initializer to call instead and
where it is defined in the project (the project's files are searched; a run over part of
a project still sees the whole project).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from astroid import nodes

from ..analyses.enclosing_nodes import ancestors_up_to, inside_function_named
from ..analyses.inferred_values import string_literal
from ..analyses.local_bindings import FUNCTION_TYPES
from ..analyses.new_objects import is_new_object, is_scalar_literal
from ..analyses.state_holders import StateHolders
from ..context import node_span
from ..findings import Related
from ..project_roots import path_beside
from ..registry import Rule, register
from ..settings import Setting, Settings, TextList


class StateOutsideInitializerSettings(Settings):
    state_holders = Setting(
        "state-holders", TextList(), ["server.PromptServer.instance"],
        "dotted expressions (as imported: module.Class.attribute) of the objects shared "
        "process state hangs off")
    state_initializers = Setting(
        "state-initializers", TextList(), ["ensure_distributed_state"],
        "functions (names) that create the shared state; creations inside them are "
        "allowed, and the first one defined in the project is named in the message")


def _literal_text(expression: str) -> list[str]:
    """The parts of a holder expression every file that spells it contains: all but the
    module, which an import can rename (``PromptServer``, ``instance``)."""
    parts = expression.split(".")
    return parts[1:] if len(parts) > 1 else parts


def _absence_check(test) -> tuple[object, str] | None:
    """(receiver, name) of ``not hasattr(x, "n")`` or ``getattr(x, "n", None) is None``."""
    if isinstance(test, nodes.UnaryOp) and test.op == "not":
        call = test.operand
        if (isinstance(call, nodes.Call) and isinstance(call.func, nodes.Name)
                and call.func.name == "hasattr" and len(call.args) == 2
                and string_literal(call.args[1]) is not None):
            return call.args[0], string_literal(call.args[1])
    if (isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0][0] == "is"
            and isinstance(test.ops[0][1], nodes.Const) and test.ops[0][1].value is None):
        call = test.left
        if (isinstance(call, nodes.Call) and isinstance(call.func, nodes.Name)
                and call.func.name == "getattr" and len(call.args) >= 2
                and string_literal(call.args[1]) is not None):
            return call.args[0], string_literal(call.args[1])
    return None


def _guarded_by_absence(statement, name: str, scope) -> bool:
    """Whether the statement runs in the body of ``if not hasattr(<x>, name)`` (or of an
    ``or`` of such tests)."""
    child = statement
    for ancestor in ancestors_up_to(statement, scope):
        if isinstance(ancestor, nodes.If) and child in ancestor.body:
            test = ancestor.test
            tests = test.values if isinstance(test, nodes.BoolOp) and test.op == "or" else [test]
            if any((_absence_check(part) or (None, None))[1] == name for part in tests):
                return True
        child = ancestor
    return False


def _attribute_writes(module):
    """(node to report, receiver, attribute name, value) of each attribute assignment and
    literal-named ``setattr`` of a module."""
    for node in module.nodes_of_class((nodes.AssignAttr, nodes.Call)):
        if isinstance(node, nodes.AssignAttr):
            statement = node.parent
            if isinstance(statement, nodes.Assign) and node in statement.targets:
                yield statement, node.expr, node.attrname, statement.value
            elif isinstance(statement, nodes.AnnAssign) and statement.value is not None:
                yield statement, node.expr, node.attrname, statement.value
        elif (isinstance(node.func, nodes.Name) and node.func.name == "setattr"
              and len(node.args) == 3 and string_literal(node.args[1]) is not None):
            yield node, node.args[0], string_literal(node.args[1]), node.args[2]


@dataclass(frozen=True)
class _Write:
    """An attribute of a state holder set outside an initializer: where, and why it may
    be a creation (``guarded``: under an absence check; ``new``: a new object;
    ``scalar``: a literal, a creation unless an initializer creates the attribute)."""

    name: str
    holder: str
    reason: str
    span: tuple
    end_span: tuple | None


@dataclass(frozen=True)
class _FileState:
    """What INV203's project pass needs of one file."""

    spelled: bool  # the file spells a holder (else it may still import an alias of one)
    initializers: tuple  # (name, line, column) of initializer functions defined here
    created: frozenset  # attributes those initializers create
    aliases: frozenset  # module-level names bound to a holder
    writes: tuple | None  # _Write; None when the file does not spell a holder (computed
    # in the project pass only if it imports an alias of one)


def _initializers_in(tree, names: tuple[str, ...]):
    """(name, line, column) of the initializer functions, and what they create."""
    defined, created = [], set()
    for function in tree.nodes_of_class(FUNCTION_TYPES):
        if function.name not in names:
            continue
        defined.append((function.name, function.lineno, function.col_offset))
        for _node, receiver, name, _value in _attribute_writes(function):
            if not (isinstance(receiver, nodes.Name) and receiver.name == "self"):
                created.add(name)
    return tuple(defined), frozenset(created)


def _writes_in(tree, holders: StateHolders, allowed: set[str]):
    for statement, receiver, name, value in _attribute_writes(tree):
        holder = holders.holder_of(receiver)
        if holder is None or inside_function_named(statement, allowed):
            continue
        if _guarded_by_absence(statement, name, statement.scope()):
            reason = "guarded"
        elif is_new_object(value):
            reason = "new"
        elif is_scalar_literal(value):
            reason = "scalar"
        else:
            continue
        end = statement.targets[0] if isinstance(statement, nodes.Assign) else None
        yield _Write(name, holder, reason, node_span(statement),
                     node_span(end) if end is not None else None)


@register
class StateOutsideInitializer(Rule):
    code = "INV203"
    symbol = "state-outside-initializer"
    summary = "shared server state created outside its initializer"
    language = "python"
    project_wide = True
    settings_class = StateOutsideInitializerSettings
    bad_example = '''
# state_setup.py
import asyncio
import server

prompt_server = server.PromptServer.instance
if not hasattr(prompt_server, "distributed_pending_jobs"):
    prompt_server.distributed_pending_jobs = {}
prompt_server.distributed_jobs_lock = asyncio.Lock()
'''
    good_example = '''
# api/queue_orchestration.py
def ensure_distributed_state(server_instance=None):
    ps = server_instance or prompt_server
    if not hasattr(ps, "distributed_pending_jobs"):
        ps.distributed_pending_jobs = {}
    if not hasattr(ps, "distributed_jobs_lock"):
        ps.distributed_jobs_lock = asyncio.Lock()

# state_setup.py
ensure_distributed_state()
prompt_server.distributed_pending_jobs[job_id] = asyncio.Queue()  # per-job: fine
'''

    def summarise(self, ctx) -> _FileState:
        settings = ctx.settings
        names = tuple(settings.state_initializers)
        spelled = any(all(part in ctx.text for part in _literal_text(holder))
                      for holder in settings.state_holders)
        initializers, created = ((), frozenset())
        if any(name in ctx.text for name in names):
            initializers, created = _initializers_in(ctx.tree, names)
        if not spelled:
            return _FileState(False, initializers, created, frozenset(), None)
        holders = StateHolders(settings.state_holders)
        aliases = set()
        for statement in ctx.tree.body:
            if isinstance(statement, nodes.Assign) and holders.holder_of(statement.value):
                aliases.update(target.name for target in statement.targets
                               if isinstance(target, nodes.AssignName))
        writes = tuple(_writes_in(ctx.tree, holders, set(names)))
        return _FileState(spelled, initializers, created, frozenset(aliases), writes)

    def check_project(self, project):
        names = tuple(project.settings.state_initializers)
        files = [file for file in project.files if file.summary is not None]
        definitions: dict[str, tuple] = {}  # name -> (file, line, column), first found
        created: set[str] = set()
        aliases: set[str] = set()
        for file in files:
            for name, line, column in file.summary.initializers:
                definitions.setdefault(name, (file, line, column))
            created |= file.summary.created
            if file.summary.spelled:
                aliases |= file.summary.aliases
        named = next((name for name in names if name in definitions),
                     names[0] if names else "the state initializer")
        definition = definitions.get(named)
        # Files that import a module-level alias of a holder (``from .shared import
        # prompt_server``) without spelling the holder themselves.
        alias_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(aliases)))
                                   + r")\b") if aliases else None
        holders = StateHolders(project.settings.state_holders)
        for file in files:
            writes = file.summary.writes
            if writes is None:
                if not (alias_pattern and "import" in file.text
                        and alias_pattern.search(file.text)):
                    continue
                writes = _writes_in(file.tree, holders, set(names))  # a rare importer
            for write in writes:
                if write.reason == "scalar" and write.name in created:
                    continue  # resetting a scalar the initializer creates
                why = {"guarded": " (checking first that it does not exist does not make "
                                  "this the initializer)",
                       "scalar": " (which does not create it)"}.get(write.reason, "")
                self._report(file, write, f"'{write.name}' is created on {write.holder} "
                             f"outside its initializer{why}", named, definition)

    @staticmethod
    def _report(file, write: _Write, what: str, name: str, definition) -> None:
        if definition is None:
            where = "(not defined in this project yet)"
            related = ()
        else:
            defined_in, line, column = definition
            shown = path_beside(defined_in.source.absolute_path, file.source.path)
            where = f"({shown}:{line})"
            related = (Related(defined_in.path, line, column, f"the initializer {name}()"),)
        line, column, end_line, end_column = write.span
        if write.end_span is not None:
            _line, _column, end_line, end_column = write.end_span
        file.report_at(line, column,
                       f"{what}; create it in {name}() {where} and call that instead",
                       end_line=end_line, end_column=end_column, related=related)
