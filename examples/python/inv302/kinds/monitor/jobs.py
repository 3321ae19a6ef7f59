"""Submitting jobs to the queue."""

QUEUE = []


async def submit_job(**fields):
    """Queue one job; its number."""
    QUEUE.append(dict(fields))
    return len(QUEUE)
