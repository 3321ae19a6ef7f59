"""Dispatching a queued prompt to the selected workers (after Tasks 4.1 and 4.2)."""

from ...utils.trace_logger import trace_debug, trace_info
from ..schemas import parse_positive_int


def plan_dispatch(prompt, workers, options, trace_execution_id):
    """Pick the workers a prompt goes to and how many batches each one renders."""
    batch_size = parse_positive_int(options.get("batch_size"), 1)
    chosen = [worker for worker in workers if worker.get("enabled")]
    if not chosen:
        trace_info(trace_execution_id, "no enabled workers; running on the master only")
        return []
    trace_debug(trace_execution_id, f"dispatching to {len(chosen)} workers")
    return [
        {"worker_id": worker["id"], "prompt": prompt, "batch_size": batch_size}
        for worker in chosen
    ]
