"""Running analyses on a thread with a deep stack, so deeply nested input is analysed.

esprima2 and astroid are recursive: on the main thread's default stack and recursion
limit, 60 nested JS functions or a 500-term Python ``+`` chain raise RecursionError.
Real bundles and generated code nest deeper than that.  A worker thread with a large
stack (virtual memory: only the pages actually used are committed) and a raised
recursion limit handles thousands of levels; beyond that RecursionError still becomes
an ``INV000`` finding, never a crash.
"""

from __future__ import annotations

import sys
import threading

from .constants import DEEP_RECURSION_LIMIT, DEEP_STACK_BYTES

_THREAD_NAME = "invariant-lint-deep-stack"


def call_with_deep_stack(function, *args, **kwargs):
    """``function(*args, **kwargs)`` on a deep-stack thread; its result or its exception."""
    if threading.current_thread().name == _THREAD_NAME:
        return function(*args, **kwargs)
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = error

    previous_limit = sys.getrecursionlimit()
    previous_size = threading.stack_size()
    try:
        threading.stack_size(DEEP_STACK_BYTES)
        worker = threading.Thread(target=target, name=_THREAD_NAME, daemon=True)
    finally:
        threading.stack_size(previous_size)
    sys.setrecursionlimit(max(previous_limit, DEEP_RECURSION_LIMIT))
    try:
        worker.start()
        worker.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
