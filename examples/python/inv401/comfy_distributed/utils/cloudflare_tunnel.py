"""Task 5.2 before: the tunnel start timeout and the log buffer size are local literals."""
import asyncio
import time

TUNNEL_START_TIMEOUT = 25  # expect: INV402
STATUS_POLL_SECONDS = 0.5  # expect: INV402


class CloudflareTunnelManager:
    RESTART_ATTEMPTS = 3  # expect: INV402

    def __init__(self):
        self.process = None
        self.recent_logs = []
        self.tunnel_url = None

    def _append_log(self, line: str) -> None:
        self.recent_logs.append(line)
        if len(self.recent_logs) > 200:  # expect: INV401
            self.recent_logs.pop(0)

    async def _wait_for_url(self):
        started = time.monotonic()
        while self.tunnel_url is None:
            if time.monotonic() - started > 30:  # expect: INV401
                raise TimeoutError("cloudflared did not report a URL")
            await asyncio.sleep(0.25)  # expect: INV401

    async def start(self):
        self.process = await asyncio.create_subprocess_exec("cloudflared", "tunnel")
        await asyncio.wait_for(self._wait_for_url(), TUNNEL_START_TIMEOUT)

    async def stop(self):
        self.process.terminate()
        await asyncio.wait_for(self.process.wait(), 5)  # expect: INV401
