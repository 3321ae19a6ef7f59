"""Task 5.2 after: the clamp comes from utils/constants.py."""
import asyncio

from ..utils.constants import DYNAMIC_MODE_MAX_POLL_TIMEOUT


async def collect_dynamic_results(queue: asyncio.Queue, expected: int, timeout: float):
    poll_timeout = min(DYNAMIC_MODE_MAX_POLL_TIMEOUT, timeout)
    results = []
    for _ in range(expected):
        get = asyncio.wait_for(queue.get(), timeout=poll_timeout)
        done, item = await _next_or_timeout(get)
        if not done:
            break
        results.append(item)
    # Not bounds against a tuning value: plain arithmetic and counting.
    batches = max(1, len(results) // 4)
    return results[:expected], batches


async def _next_or_timeout(awaitable):
    try:
        return True, await awaitable
    except asyncio.TimeoutError:
        return False, None
