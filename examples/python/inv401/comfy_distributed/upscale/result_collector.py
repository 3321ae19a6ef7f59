"""Task 5.2 before: the dynamic-mode poll timeout is clamped with a literal."""
import asyncio


async def collect_dynamic_results(queue: asyncio.Queue, expected: int, timeout: float):
    results = []
    while len(results) < expected:
        poll_timeout = min(10.0, timeout)  # expect: INV401
        try:
            item = await asyncio.wait_for(queue.get(), timeout=poll_timeout)
        except asyncio.TimeoutError:
            break
        results.append(item)
    return results


async def drain(queue: asyncio.Queue, limit=64):  # expect: INV401
    drained = []
    while not queue.empty() and len(drained) < limit:
        drained.append(queue.get_nowait())
    if queue.qsize() >= 1000:  # expect: INV401
        raise RuntimeError("result queue is backing up")
    return drained


def collect_previews(source):
    previews = []
    while len(previews) < 8:  # expect: INV401
        previews.append(source())
    return previews
