"""Network helpers: probe_worker does real I/O, handle_api_error does none."""
import aiohttp
from aiohttp import web

from .constants import PROBE_TIMEOUT


async def _get_client_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession()


async def probe_worker(url: str, timeout: float):
    session = aiohttp.ClientSession()
    async with session:
        try:
            response = await session.get(f"{url}/prompt", timeout=timeout)
            return await response.json()
        except aiohttp.ClientError:
            return None


async def fetch_queue_depth(url: str) -> int:
    # Two hops away from the primitive: fetch_queue_depth -> probe_worker -> session.get
    data = await probe_worker(url, timeout=PROBE_TIMEOUT)
    return len(data or [])


async def handle_api_error(request, error, status: int = 500):
    if isinstance(error, list):
        return web.json_response({"errors": error}, status=status)
    return web.json_response({"error": str(error)}, status=status)


async def countdown(n: int) -> int:
    # Recursion with no I/O: the analysis must terminate and find nothing.
    if n <= 0:
        return 0
    return await countdown(n - 1)
