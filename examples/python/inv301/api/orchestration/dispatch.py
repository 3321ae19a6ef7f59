"""Dispatching a queued prompt to the selected workers.

Before Task 4.1 each orchestration module carried its own copy of the trace helpers, and
before Task 4.2 its own positive-int parser.
"""

from ...utils.logging import debug_log, log
from .worker_selection import select_workers


def _trace_prefix(trace_execution_id):  # expect: INV301
    return f"[Distributed][exec:{trace_execution_id}]"


def _trace_debug(trace_execution_id, message):  # expect: INV301
    debug_log(f"{_trace_prefix(trace_execution_id)} {message}")


def _trace_info(trace_execution_id, message):  # expect: INV301
    log(f"{_trace_prefix(trace_execution_id)} {message}")


def _coerce_positive_int(value, default):  # expect: INV301
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        return default
    return parsed if parsed > 0 else default


def plan_dispatch(prompt, workers, options, trace_execution_id):
    """Pick the workers a prompt goes to and how many batches each one renders."""
    batch_size = _coerce_positive_int(options.get("batch_size"), 1)
    chosen = select_workers(workers, options.get("worker_ids"))
    if not chosen:
        _trace_info(trace_execution_id, "no enabled workers; running on the master only")
        return []
    _trace_debug(trace_execution_id, f"dispatching to {len(chosen)} workers")
    return [
        {"worker_id": worker["id"], "prompt": prompt, "batch_size": batch_size}
        for worker in chosen
    ]
