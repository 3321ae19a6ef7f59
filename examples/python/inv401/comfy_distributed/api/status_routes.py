"""Near misses: numbers that are not tuning values, and constants that are not tuning knobs."""
import asyncio
import enum
import hashlib

from aiohttp import web

from ..utils import constants
from ..utils.constants import HEARTBEAT_TIMEOUT

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 8188
API_VERSION = 2
TIMEOUT_MESSAGE = "worker did not answer within 5 seconds"
PROBE_TIMEOUT = constants.WORKER_PROBE_TIMEOUT
UNSET_LIMIT = None


class WorkerState(enum.Enum):
    IDLE = 1
    TIMEOUT = 2
    RETRYING = 3


async def worker_status(request):
    workers = request.app["workers"]
    if len(workers) > 0 and workers[0].get("port", DEFAULT_PORT) == 8189:
        first, rest = workers[0], workers[1:3]
        return web.json_response({"first": first, "rest": rest}, status=201)
    pages = [workers[i:i + 10] for i in range(0, len(workers), 10)]
    if len(pages) == 2:
        await asyncio.sleep(0)
    return web.json_response({"pages": pages, "version": API_VERSION}, status=200)


def classify(response, elapsed):
    if response.status == 404 or response.status_code >= 500:
        return "gone"
    if elapsed > HEARTBEAT_TIMEOUT:
        return "late"
    return {"scaled": elapsed * 2, "half": elapsed / 2, "rounded": round(elapsed, 3)}


MAX_NESTING = 8  # an algorithm bound, not a deployment knob: NESTING is a non-tuning word


def split_worker_id(worker_id: str):
    # A shape check: the same sequence is indexed with literals right after.
    parts = worker_id.split(":")
    if len(parts) < 2 or len(parts) > 3:
        return None
    return parts[0], parts[1], flatten(parts, max_depth=MAX_NESTING)


def flatten(items, max_depth=4):
    return items if max_depth <= 0 else [item for item in items]


def fingerprint(payload: bytes, buckets):
    # A hash digest size is a format, and "at least two" is a minimum, not a capacity.
    groups = [bucket for bucket in buckets if not len(bucket) < 2]
    return hashlib.blake2b(payload, digest_size=16).hexdigest(), groups
