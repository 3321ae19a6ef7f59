"""Queue orchestration (after Tasks 4.1 and 4.2)."""

from ..utils.trace_logger import trace_debug, trace_info
from .schemas import parse_positive_float, parse_positive_int


def build_queue_jobs(payload, trace_execution_id):
    """Split a queue request into one job per requested batch."""
    batches = parse_positive_int(payload.get("batches"), 1)
    delay = parse_positive_float(payload.get("stagger_seconds"), 0.5)  # expect: INV401
    trace_debug(trace_execution_id, f"{batches} batches, {delay}s apart")
    jobs = [{"index": index, "start_after": index * delay} for index in range(batches)]
    if len(jobs) > 1:
        trace_info(trace_execution_id, f"queued {len(jobs)} jobs")
    return jobs
