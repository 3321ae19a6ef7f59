"""Worker heartbeat and log relay: tuning values as real modules write them (bad)."""
import asyncio
import os
import time


class LogRelay:
    def __init__(self, session):
        self.session = session
        self._lines = []
        self.refresh_interval = 3.0  # expect: INV401

    def add(self, line):
        self._lines.append(line)
        if len(self._lines) > 500:  # expect: INV401
            self._lines = self._lines[-500:]  # expect: INV401

    async def connect(self, url):
        return await self.session.ws_connect(url, heartbeat=20.0, autoping=True)  # expect: INV401

    async def open_stream(self, url):
        return await self.session.get(url, keepalive=30, chunk_size=8192)  # expect: INV401


async def wait_for_worker(client):
    tries_left = 4  # expect: INV401
    pause_s = 0.25  # expect: INV401
    while tries_left:
        if await client.probe():
            return True
        tries_left -= 1
        await asyncio.sleep(pause_s)
    return False


def report_stats(monitor):
    stats_interval = 15.0  # expect: INV401
    max_wait_rounds = 30  # expect: INV401
    for _ in range(max_wait_rounds):
        monitor.publish()
        time.sleep(stats_interval)


def relay_upload(stream, destination):
    while True:
        chunk = stream.read(65536)  # expect: INV401
        if not chunk:
            break
        destination.write(chunk)


def to_int(raw, default):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def pool_settings(request):
    limit = to_int(request.query.get("limit"), 16)  # expect: INV401
    workers = to_int(os.environ.get("RELAY_WORKERS"), 4)  # expect: INV401
    return limit, workers


class UsageMonitor:
    def __init__(self, rate=5):  # expect: INV401
        self.rate = rate

    async def run(self, publish):
        while self.rate:
            publish()
            await asyncio.sleep(self.rate)
