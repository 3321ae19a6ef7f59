"""Queue orchestration: turning a queue request into per-worker jobs."""

from ..utils.logging import debug_log, log


def _trace_prefix(trace_execution_id: str) -> str:  # expect: INV301
    """The log prefix of one traced execution."""
    return f"[Distributed][exec:{trace_execution_id}]"


def _trace_debug(trace_execution_id: str, message: str) -> None:  # expect: INV301
    # Same helper as in orchestration/dispatch.py; annotations and comments do not matter.
    debug_log(f"{_trace_prefix(trace_execution_id)} {message}")


def _trace_info(trace_execution_id: str, message: str) -> None:  # expect: INV301
    log(f"{_trace_prefix(trace_execution_id)} {message}")


def _parse_positive_int(value, default):  # expect: INV301
    """Parse a positive int from a request field.

    Returns ``default`` when the value is missing, not a number, or not positive.
    """
    if value is None:
        return default
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        return default
    if parsed <= 0:
        return default
    return parsed


def _parse_positive_float(value, default):
    """Parse a positive float from a request field (see ``_parse_positive_int``).

    Not a copy of the int parser: in a body this small, ``float`` vs ``int`` is the logic
    (the plan keeps both parsers, in one module)."""
    if value is None:
        return default
    try:
        parsed = float(value)
    except (TypeError, ValueError):
        return default
    if parsed <= 0:
        return default
    return parsed


def build_queue_jobs(payload, trace_execution_id):
    """Split a queue request into one job per requested batch."""
    batches = _parse_positive_int(payload.get("batches"), 1)
    delay = _parse_positive_float(payload.get("stagger_seconds"), 0.5)  # expect: INV401
    _trace_debug(trace_execution_id, f"{batches} batches, {delay}s apart")
    jobs = [{"index": index, "start_after": index * delay} for index in range(batches)]
    if len(jobs) > 1:
        _trace_info(trace_execution_id, f"queued {len(jobs)} jobs")
    return jobs
