"""Task 5.2 after: the probe helpers take their tuning values from utils/constants.py."""
import asyncio

import aiohttp

from .constants import JOB_POLL_MAX_ATTEMPTS, WORKER_PROBE_TIMEOUT

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=WORKER_PROBE_TIMEOUT)


async def probe_worker(url: str, timeout: float = WORKER_PROBE_TIMEOUT):
    timeout_cfg = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=timeout_cfg) as session:
        async with session.get(f"{url}/prompt") as response:
            if response.status == 404 or response.status >= 500:
                return None
            return await response.json()


async def probe_with_retries(url: str, *, retries=JOB_POLL_MAX_ATTEMPTS, timeout=None):
    for attempt in range(retries):
        try:
            return await asyncio.wait_for(probe_worker(url), timeout=timeout)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            await asyncio.sleep(WORKER_PROBE_TIMEOUT * (attempt + 1))
    return None


def no_timeout(wait, timeout=-1, retries=1, limit=0):
    # 0, 1 and -1 are never magic: "none", "once", "no limit".
    return wait(timeout, retries, limit)
