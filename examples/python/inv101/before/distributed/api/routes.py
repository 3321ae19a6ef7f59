"""Awaits that suspend while a lock is held, in their many disguises."""
import asyncio

import aiohttp
from aiohttp import web

from ..utils.constants import QUICK_PROBE_TIMEOUT, RETRY_PAUSE
from ..utils.network import fetch_queue_depth, probe_worker


class JobRegistry:
    def __init__(self):
        self._lock = asyncio.Lock()
        self._mu = asyncio.Lock()
        self._ready = asyncio.Event()
        self.results = asyncio.Queue()
        self.jobs = {}

    async def _refresh_worker(self, url):
        return await probe_worker(url, timeout=QUICK_PROBE_TIMEOUT)

    async def wait_for_result(self, job_id):
        async with self._lock:
            item = await asyncio.wait_for(self.results.get(), timeout=0.1)  # expect: INV101, INV401
            self.jobs[job_id] = item

    async def refresh(self, url):
        async with self._mu:  # inferred asyncio.Lock, whatever its name
            await self._refresh_worker(url)  # expect: INV101
            await self._ready.wait()  # expect: INV101
            await asyncio.sleep(RETRY_PAUSE)  # expect: INV101

    async def depth(self, url):
        async with self._lock:
            return await fetch_queue_depth(url)  # expect: INV101


registry = JobRegistry()
dispatch_lock = asyncio.Lock()


async def dispatch(request: web.Request, session: aiohttp.ClientSession, url: str):
    async with dispatch_lock:
        payload = await request.json()  # expect: INV101
        async with session.post(f"{url}/prompt", json=payload) as resp:  # expect: INV101
            body = await resp.json()  # expect: INV101
    return body


async def drain_log(writer):
    await registry._lock.acquire()
    try:
        writer.write(b"done\n")
        await writer.drain()  # expect: INV101
    finally:
        registry._lock.release()


async def run_tool(config_lock):
    async with config_lock:
        proc = await asyncio.create_subprocess_exec("nvidia-smi")  # expect: INV101
        await proc.communicate()  # expect: INV101
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, print, "x")  # expect: INV101
        await asyncio.to_thread(print, "y")  # expect: INV101


async def unknown_callback(jobs_lock, callback):
    async with jobs_lock:
        await callback()  # expect: INV101
        results = [r async for r in stream_results()]  # expect: INV101
    return results


async def stream_results():
    async with aiohttp.ClientSession() as session:
        async with session.get("http://worker/results") as resp:
            async for chunk in resp.content.iter_chunked(1024):
                yield chunk
