"""Task 5.2 before: worker probes with literal timeouts, retries and backoff."""
import asyncio

import aiohttp

_TIMEOUT = aiohttp.ClientTimeout(total=30, sock_connect=5)  # expect: INV402


async def probe_worker(url: str, timeout: float = 2.0):  # expect: INV401
    timeout_cfg = aiohttp.ClientTimeout(total=timeout, connect=3)  # expect: INV401
    async with aiohttp.ClientSession(timeout=timeout_cfg) as session:
        async with session.get(f"{url}/prompt") as response:
            return await response.json()


async def probe_with_retries(url: str, *, retries=3, backoff=0.5):  # expect: INV401, INV401
    for attempt in range(retries):
        try:
            return await asyncio.wait_for(probe_worker(url), timeout=8)  # expect: INV401
        except (aiohttp.ClientError, asyncio.TimeoutError):
            await asyncio.sleep(backoff * (attempt + 1))
    return None


async def probe_all(urls):
    # Positional: probe_worker's second parameter is `timeout`.
    return [await probe_worker(url, 5.0) for url in urls]  # expect: INV401


async def fetch_history(session, url, skew_limit=-2.5):  # expect: INV401
    async with session.get(url, params={"max_items": 50}) as response:
        return await response.json(), skew_limit
