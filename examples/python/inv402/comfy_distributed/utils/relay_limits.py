"""Bounds and env-derived defaults defined where they are used (bad)."""
import os
import os as operating_system
from os import environ, getenv

RELAY_BACKLOG = 500  # expect: INV402
MAX_PENDING_UPLOADS = 8  # expect: INV402
UPLOAD_SIZE_LIMIT = 50 * 1024 * 1024  # expect: INV402
PROBE_TIMEOUT = float(environ.get("PROBE_TIMEOUT", "2.5"))  # expect: INV402
QUEUE_CAPACITY = int(getenv("QUEUE_CAPACITY") or 64)  # expect: INV402
STALL_THRESHOLD = int(operating_system.environ.get("STALL_THRESHOLD", 12))  # expect: INV402
RETRY_DELAY = float(os.environ["RETRY_DELAY"]) if "RETRY_DELAY" in os.environ else 0.5  # expect: INV402


class UploadQueue:
    MAX_RETRIES = 3  # expect: INV402
    FLUSH_THRESHOLD = 32  # expect: INV402

    def __init__(self):
        self.items = []
