"""The same module with its tuning values in utils/constants.py, and the numbers that
are not tuning values left where they are (good: no finding)."""
import asyncio
import os
import time

from ..utils.constants import (
    LOG_RELAY_BACKLOG, LOG_RELAY_REFRESH_INTERVAL, RELAY_CHUNK_SIZE, RELAY_HEARTBEAT,
    RELAY_KEEPALIVE, RELAY_POOL_LIMIT, RELAY_WORKERS, STATS_INTERVAL, STATS_MAX_ROUNDS,
    WORKER_PROBE_PAUSE, WORKER_PROBE_TRIES,
)

UTF8_BOM = b"\xef\xbb\xbf"
HEADER_FORMAT_BYTES = 4
HTTP_NOT_FOUND = 404


class LogRelay:
    def __init__(self, session):
        self.session = session
        self._lines = []
        self.refresh_interval = LOG_RELAY_REFRESH_INTERVAL
        self.paused = 0

    def add(self, line):
        self._lines.append(line)
        if len(self._lines) > LOG_RELAY_BACKLOG:
            self._lines = self._lines[-LOG_RELAY_BACKLOG:]

    async def connect(self, url):
        return await self.session.ws_connect(url, heartbeat=RELAY_HEARTBEAT, autoping=True)

    async def open_stream(self, url):
        return await self.session.get(url, keepalive=RELAY_KEEPALIVE,
                                      chunk_size=RELAY_CHUNK_SIZE)


async def wait_for_worker(client):
    tries_left = WORKER_PROBE_TRIES
    while tries_left:
        if await client.probe():
            return True
        tries_left -= 1
        await asyncio.sleep(WORKER_PROBE_PAUSE)
    return False


def report_stats(monitor):
    for _ in range(STATS_MAX_ROUNDS):
        monitor.publish()
        time.sleep(STATS_INTERVAL)


def relay_upload(stream, destination):
    while chunk := stream.read(RELAY_CHUNK_SIZE):
        destination.write(chunk)


def pool_settings(request, to_int):
    limit = to_int(request.query.get("limit"), RELAY_POOL_LIMIT)
    workers = to_int(os.environ.get("RELAY_WORKERS"), RELAY_WORKERS)
    return limit, workers


# -- numbers that are formats, domains and shapes, not tuning values ------------------

def read_frame(handle):
    header = handle.read(HEADER_FORMAT_BYTES)  # a record header: a format, read once
    length = int.from_bytes(handle.read(4), "big")
    return header, handle.read(length)


def decode_text(data):
    if data[:3] == UTF8_BOM:
        data = data[3:]
    return data.decode("utf-8")


def pack_flags(flags):
    return (flags & 0xFF) | ((flags >> 8) & 0x0F) << 8


def empty_latent(torch, batch):
    # Image and tensor sizes passed to model code are the model's domain.
    return torch.zeros([batch, 4, 64, 64], dtype=torch.float32)


def split_channels(image):
    return [image[..., channel] for channel in range(3)]


def parse_worker_key(key):
    parts = key.split(":")
    if len(parts) != 3:
        return None
    return parts


def error_status(response):
    if response.status >= 500:
        return "server"
    return "missing" if response.status == HTTP_NOT_FOUND else "client"


def human_size(size):
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.1f} KB"


def widest(nodes):
    max_width = 100
    for node in nodes:
        if node.width > max_width:
            max_width = node.width
    return max_width


class UsageMonitor:
    def __init__(self, rate=USAGE_MONITOR_RATE, width=640):
        self.rate = rate
        self.width = width

    def describe(self):
        return f"every {self.rate} s, {self.width} px wide"
