"""Running analyses on a thread with a deep stack, so deeply nested input is analysed.

esprima2 and astroid are recursive: on the main thread's default stack and recursion
limit, 60 nested JS functions or a 500-term Python ``+`` chain raise RecursionError.
Real bundles and generated code nest deeper than that.  A worker thread with a large
stack (virtual memory: only the pages actually used are committed) and a raised
recursion limit handles thousands of levels; beyond that RecursionError still becomes
an ``INV000`` finding, never a crash.

CPython's guards count levels, not bytes, so the recursion limit is only safe if the stack
holds that many levels: a limit the stack cannot hold turns deep input (a 10**6-term
``1+1+...``: ``ast.parse`` allows three tree levels per level of the limit) into a SIGSEGV
instead of a RecursionError.  The limit is therefore derived from the stack the thread
actually gets (:func:`recursion_limit_for`).  ``threading`` reads the stack size when a
thread *starts*, so the size is set around ``start()``; when the system refuses a stack that
large, smaller ones are tried, each with its own, lower limit.
"""

from __future__ import annotations

import sys
import threading

from .constants import (
    DEEP_RECURSION_LIMIT, DEEP_STACK_BYTES, DEEP_STACK_BYTES_PER_LEVEL, DEEP_STACK_MIN_BYTES,
)

_THREAD_NAME = "invariant-lint-deep-stack"


def recursion_limit_for(stack_bytes: int) -> int:
    """The recursion limit a thread with ``stack_bytes`` of stack can hold (at most
    ``DEEP_RECURSION_LIMIT``)."""
    return min(DEEP_RECURSION_LIMIT, stack_bytes // DEEP_STACK_BYTES_PER_LEVEL)


def _stack_sizes():
    size = DEEP_STACK_BYTES
    while size >= DEEP_STACK_MIN_BYTES:
        yield size
        size //= 2


def _start_deep_thread(target, caller_limit: int) -> threading.Thread | None:
    """``target`` started on a thread with the largest stack the system grants, the
    recursion limit set for that stack; None (limit restored) if no such thread starts."""
    previous_size = threading.stack_size()
    try:
        for stack_bytes in _stack_sizes():
            try:
                threading.stack_size(stack_bytes)
                worker = threading.Thread(target=target, name=_THREAD_NAME, daemon=True)
                sys.setrecursionlimit(max(caller_limit, recursion_limit_for(stack_bytes)))
                worker.start()
                return worker
            except (ValueError, RuntimeError):  # size refused; no memory for the stack
                sys.setrecursionlimit(caller_limit)
    finally:
        threading.stack_size(previous_size)
    return None


def call_with_deep_stack(function, *args, **kwargs):
    """``function(*args, **kwargs)`` on a deep-stack thread; its result or its exception.

    If no thread can be started at all it runs on the caller's thread, with the caller's
    recursion limit (deep input is then a RecursionError sooner, still never a crash).
    """
    if threading.current_thread().name == _THREAD_NAME:
        return function(*args, **kwargs)
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = error

    previous_limit = sys.getrecursionlimit()
    worker = _start_deep_thread(target, previous_limit)
    if worker is None:
        return function(*args, **kwargs)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
