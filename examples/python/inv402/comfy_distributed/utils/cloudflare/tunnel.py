"""Task 5.2 before: tuning constants defined in the tunnel module itself."""
import os

TUNNEL_START_TIMEOUT = 25  # expect: INV402
TUNNEL_STOP_TIMEOUT: float = float(os.environ.get("TUNNEL_STOP_TIMEOUT", "5"))  # expect: INV402
URL_POLL_INTERVAL = int(os.getenv("URL_POLL_INTERVAL", "1")) / 4  # expect: INV402
BINARY_DOWNLOAD_RETRIES, BINARY_DOWNLOAD_BACKOFF = 3, (1, 2, 4)  # expect: INV402, INV402
LOG_RETENTION_SECONDS = 60 * 60  # expect: INV402
TUNNEL_BINARY = "cloudflared"


class ProcessReader:
    LOG_BUFFER_SIZE: int = 200  # expect: INV402
    ENCODING = "utf-8"

    def __init__(self, process):
        self.process = process
        self.lines = []

    def tail(self):
        return self.lines[-self.LOG_BUFFER_SIZE:]
