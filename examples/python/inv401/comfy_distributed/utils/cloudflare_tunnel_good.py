"""Task 5.2 after: the tunnel module imports its tuning values from utils/constants.py."""
import asyncio
import collections
import time

from . import constants
from .constants import CLOUDFLARE_LOG_BUFFER_SIZE, TUNNEL_START_TIMEOUT

STATUS_POLL_SECONDS = constants.JOB_POLL_INTERVAL  # assigned from a name: fine
TUNNEL_RESTART_TIMEOUT: float = TUNNEL_START_TIMEOUT * 2  # derived from a constant: fine


class CloudflareTunnelManager:
    MAX_LOG_LINES = CLOUDFLARE_LOG_BUFFER_SIZE

    def __init__(self, log_limit: int = CLOUDFLARE_LOG_BUFFER_SIZE):
        self.process = self.tunnel_url = None
        self.recent_logs = collections.deque(maxlen=log_limit)

    def _append_log(self, line: str) -> None:
        self.recent_logs.append(line)  # the deque drops the oldest line itself

    async def _wait_for_url(self):
        started = time.monotonic()
        while self.tunnel_url is None:
            if time.monotonic() - started > TUNNEL_START_TIMEOUT:
                raise TimeoutError("cloudflared did not report a URL")
            await asyncio.sleep(STATUS_POLL_SECONDS)

    async def start(self):
        self.process = await asyncio.create_subprocess_exec("cloudflared", "tunnel", "run")
        await asyncio.wait_for(self._wait_for_url(), timeout=TUNNEL_START_TIMEOUT)

    async def stop(self):
        self.process.terminate()
        await asyncio.wait_for(self.process.wait(), timeout=constants.WORKER_PROBE_TIMEOUT)
        await asyncio.sleep(0)  # a bare yield to the loop, not a tuning value
