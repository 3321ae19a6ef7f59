"""Trace logging helpers shared by the orchestration modules (Task 4.1).

trace_debug and trace_info differ only in the logger they call: for a one-line wrapper the
callee is the logic, so they are not copies of each other.
"""

from .logging import debug_log, log


def trace_prefix(trace_execution_id: str) -> str:
    return f"[Distributed][exec:{trace_execution_id}]"


def trace_debug(trace_execution_id: str, message: str) -> None:
    debug_log(f"{trace_prefix(trace_execution_id)} {message}")


def trace_info(trace_execution_id: str, message: str) -> None:
    log(f"{trace_prefix(trace_execution_id)} {message}")
