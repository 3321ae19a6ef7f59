"""Where an asyncio lock is held inside a function.

A region is the body of ``async with X:`` where X is a lock, or the statements between
``await X.acquire()`` and ``X.release()`` in the same block.  X is a lock when astroid
infers it to an asyncio/anyio/trio ``Lock`` or ``Condition`` (semaphores only when asked:
bounding concurrent I/O is what they are for), or, when it cannot be inferred, when its
final name matches the configured pattern (``self._lock``,
``prompt_server.distributed_tile_jobs_lock``).  The pattern is the user's: it is matched
within a time bound (:class:`~lint_rules.settings.BoundedPattern`), and one that times out
raises :class:`~lint_rules.config_files.ConfigError`, which stops the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from astroid import nodes

from ..settings import BoundedPattern
from .qualified_names import final_name

LOCK_CLASSES = {
    "asyncio.locks.Lock", "asyncio.locks.Condition",
    "anyio._core._synchronization.Lock", "anyio._core._synchronization.Condition",
    "anyio.Lock", "anyio.Condition",
    "trio._sync.Lock", "trio._sync.StrictFIFOLock", "trio._sync.Condition",
    "trio.Lock", "trio.StrictFIFOLock", "trio.Condition",
}
CONDITION_CLASSES = {name for name in LOCK_CLASSES if name.endswith("Condition")}
SEMAPHORE_CLASSES = {
    "asyncio.locks.Semaphore", "asyncio.locks.BoundedSemaphore",
    "anyio._core._synchronization.Semaphore", "anyio.Semaphore",
    "trio._sync.Semaphore", "trio.Semaphore", "trio.CapacityLimiter",
}
_NOT_LOCKS = SEMAPHORE_CLASSES | {"asyncio.locks.Event", "asyncio.queues.Queue"}


@dataclass
class LockRegion:
    """Statements run while ``lock_name`` is held, acquired at ``line``."""

    lock_name: str
    lock_text: str  # the lock expression as written, to match cond.wait() receivers
    line: int
    statements: list = field(default_factory=list)
    is_condition: bool = False


def _class_names(instance) -> set[str]:
    proxied = getattr(instance, "_proxied", None)
    if not isinstance(proxied, nodes.ClassDef):
        return set()
    names = {proxied.qname()}
    try:
        names.update(ancestor.qname() for ancestor in proxied.ancestors())
    except Exception:  # noqa: BLE001 - broken hierarchies are just unknown
        pass
    return names


def lock_kind(expression, pattern: BoundedPattern, include_semaphores: bool) -> str | None:
    """``"lock"``, ``"condition"`` or None for the expression of an ``async with``.

    A name that matches the lock pattern is taken at its word (inference of
    ``prompt_server.distributed_tile_jobs_lock`` would build modules for nothing);
    inference decides the rest (``self._mu = asyncio.Lock()``, semaphores, events).
    """
    name = final_name(expression)
    if name and pattern.search(name):
        return "condition" if re.search(r"(?i)cond", name) else "lock"
    inferred_classes: set[str] = set()
    try:
        for value in expression.infer():
            inferred_classes |= _class_names(value)
    except Exception:  # noqa: BLE001 - inference errors mean "unknown"
        inferred_classes = set()
    if inferred_classes & CONDITION_CLASSES:
        return "condition"
    if inferred_classes & LOCK_CLASSES:
        return "lock"
    if inferred_classes & SEMAPHORE_CLASSES:
        return "lock" if include_semaphores else None
    if inferred_classes & _NOT_LOCKS:
        return None
    if include_semaphores and name and re.search(r"(?i)(semaphore|sem)$", name):
        return "lock"
    return None


def _acquired_lock(statement):
    """The X of a statement ``await X.acquire()``, or None."""
    if not isinstance(statement, nodes.Expr) or not isinstance(statement.value, nodes.Await):
        return None
    call = statement.value.value
    if (
        isinstance(call, nodes.Call)
        and isinstance(call.func, nodes.Attribute)
        and call.func.attrname == "acquire"
    ):
        return call.func.expr
    return None


def _releases(node, lock_text: str) -> bool:
    for call in node.nodes_of_class(nodes.Call):
        func = call.func
        if isinstance(func, nodes.Attribute) and func.attrname == "release":
            if func.expr.as_string() == lock_text:
                return True
    return False


def _statement_blocks(function):
    """Every statement list in a function, not descending into nested scopes."""
    stack = [function]
    while stack:
        node = stack.pop()
        for name in ("body", "orelse", "handlers", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list) and block and isinstance(block[0], nodes.NodeNG):
                if name != "handlers":
                    yield block
                for statement in block:
                    if not isinstance(
                        statement, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef)
                    ):
                        stack.append(statement)
        if isinstance(node, nodes.Match):
            stack.extend(node.cases)


def lock_regions(function, pattern: BoundedPattern, include_semaphores: bool) -> list[LockRegion]:
    """Every region of ``function`` (not of functions nested in it) where a lock is held."""
    regions: list[LockRegion] = []
    for block in _statement_blocks(function):
        for index, statement in enumerate(block):
            if isinstance(statement, nodes.AsyncWith):
                for expression, _alias in statement.items:
                    kind = lock_kind(expression, pattern, include_semaphores)
                    if kind:
                        regions.append(LockRegion(
                            lock_name=final_name(expression) or expression.as_string(),
                            lock_text=expression.as_string(),
                            line=statement.lineno,
                            statements=list(statement.body),
                            is_condition=kind == "condition",
                        ))
            lock = _acquired_lock(statement)
            if lock is None:
                continue
            kind = lock_kind(lock, pattern, include_semaphores)
            if not kind:
                continue
            lock_text = lock.as_string()
            held = []
            for following in block[index + 1:]:
                if isinstance(following, nodes.Try) and any(
                    _releases(final, lock_text) for final in following.finalbody
                ):
                    # try: ... finally: lock.release() - held through the try body only.
                    held.extend(following.body)
                    for handler in following.handlers:
                        held.extend(handler.body)
                    held.extend(following.orelse)
                    break
                if _releases(following, lock_text):
                    break
                held.append(following)
            regions.append(LockRegion(
                lock_name=final_name(lock) or lock_text,
                lock_text=lock_text,
                line=statement.lineno,
                statements=held,
                is_condition=kind == "condition",
            ))
    return regions
