"""Locks held only around awaits that cannot block: must not be flagged."""
import asyncio

from aiohttp import web

from ..utils.constants import PROBE_TIMEOUT, QUICK_PROBE_TIMEOUT
from ..utils.network import countdown, handle_api_error, probe_worker

jobs_lock = asyncio.Lock()
probe_semaphore = asyncio.Semaphore(4)
ready = asyncio.Condition()
clock = asyncio.Event()
pending = {}


async def submit(request: web.Request):
    data = await request.json()  # before the lock: fine
    async with jobs_lock:
        if data["job_id"] in pending:
            return await handle_api_error(request, "duplicate job", 409)
        await countdown(3)
        pending[data["job_id"]] = data
    return web.json_response({"status": "queued"})


async def probe_all(urls):
    # A semaphore bounds concurrent I/O: awaiting under it is its purpose.
    async with probe_semaphore:
        return [await probe_worker(url, timeout=PROBE_TIMEOUT) for url in urls]


async def wait_until_ready():
    async with ready:
        await ready.wait()  # Condition.wait releases the lock while waiting
        await ready.wait_for(lambda: bool(pending))


async def later_probe(url):
    async with jobs_lock:
        async def probe_later():
            # Defined inside the region, but called only after the lock is released.
            return await probe_worker(url, timeout=PROBE_TIMEOUT)

        pending["probe"] = url
    return await probe_later()


async def acquire_release(url):
    await jobs_lock.acquire()
    try:
        pending.pop(url, None)
    finally:
        jobs_lock.release()
    return await probe_worker(url, timeout=PROBE_TIMEOUT)


async def not_a_lock(url):
    # `clock` ends in "lock" but is an Event, and this is not an `async with` on it anyway.
    await clock.wait()
    return await probe_worker(url, timeout=PROBE_TIMEOUT)


async def nested_helper_defined(url):
    async with jobs_lock:
        pending.setdefault(url, 0)
        callbacks = [lambda: probe_worker(url, timeout=QUICK_PROBE_TIMEOUT)]
    return [await cb() for cb in callbacks]
