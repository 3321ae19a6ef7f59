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

from astroid import nodes

from ..analyses.enclosing_nodes import ancestors_up_to, inside_function_named
from ..analyses.inferred_values import string_literal
from ..analyses.local_bindings import FUNCTION_TYPES
from ..analyses.new_objects import is_new_object, is_scalar_literal
from ..analyses.state_holders import StateHolders
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


class _Initializers:
    """The initializer functions defined in a project and the attributes they create."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self.definitions: dict[str, tuple] = {}  # name -> (file context, function)
        self.created: set[str] = set()

    def collect(self, ctx) -> None:
        for function in ctx.tree.nodes_of_class(FUNCTION_TYPES):
            if function.name not in self.names:
                continue
            self.definitions.setdefault(function.name, (ctx, function))
            for _node, receiver, name, _value in _attribute_writes(function):
                if not (isinstance(receiver, nodes.Name) and receiver.name == "self"):
                    self.created.add(name)

    def named(self) -> tuple[str, tuple | None]:
        """The initializer a message names, and its (context, function) when defined."""
        for name in self.names:
            if name in self.definitions:
                return name, self.definitions[name]
        return (self.names[0] if self.names else "the state initializer"), None


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

    def check_project(self, project):
        settings = project.settings
        holders = StateHolders(settings.state_holders)
        initializers = _Initializers(tuple(settings.state_initializers))
        spelled = [_literal_text(holder) for holder in settings.state_holders]
        candidates = [file for file in project.files
                      if any(all(part in file.text for part in parts) for parts in spelled)]
        for file in project.files:
            if any(name in file.text for name in initializers.names):
                initializers.collect(file)
        # Files that import a module-level alias of a holder (``from .shared import
        # prompt_server``) without spelling the holder themselves.
        aliases = set()
        for file in candidates:
            for statement in file.tree.body:
                if isinstance(statement, nodes.Assign) and holders.holder_of(statement.value):
                    aliases.update(target.name for target in statement.targets
                                   if isinstance(target, nodes.AssignName))
        if aliases:
            alias_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(aliases)))
                                       + r")\b")
            candidates += [file for file in project.files if file not in candidates
                           and "import" in file.text and alias_pattern.search(file.text)]
        for file in candidates:
            self._check_file(file, holders, initializers)

    def _check_file(self, ctx, holders: StateHolders, initializers: _Initializers) -> None:
        allowed = set(initializers.names)
        for statement, receiver, name, value in _attribute_writes(ctx.tree):
            holder = holders.holder_of(receiver)
            if holder is None or inside_function_named(statement, allowed):
                continue
            scope = statement.scope()
            if _guarded_by_absence(statement, name, scope):
                why = " (checking first that it does not exist does not make this the initializer)"
            elif is_new_object(value):
                why = ""
            elif is_scalar_literal(value) and name not in initializers.created:
                why = " (which does not create it)"
            else:
                continue
            self._report(ctx, statement, f"'{name}' is created on {holder} outside its "
                         f"initializer{why}", initializers)

    @staticmethod
    def _report(ctx, statement, what: str, initializers: _Initializers) -> None:
        name, definition = initializers.named()
        if definition is None:
            where = "(not defined in this project yet)"
            related = ()
        else:
            defined_in, function = definition
            shown = path_beside(defined_in.source.absolute_path, ctx.source.path)
            where = f"({shown}:{function.lineno})"
            related = (Related(defined_in.path, function.lineno, function.col_offset,
                               f"the initializer {name}()"),)
        ctx.report(statement, f"{what}; create it in {name}() {where} and call that instead",
                   end=statement.targets[0] if isinstance(statement, nodes.Assign) else None,
                   related=related)
