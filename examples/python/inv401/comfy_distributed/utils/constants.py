"""Every tuning value of the plugin, in one place (Task 5.2): never flagged."""
import os

WORKER_PROBE_TIMEOUT: float = 2.0
HEARTBEAT_TIMEOUT = int(os.environ.get("COMFYUI_HEARTBEAT_TIMEOUT", "60"))

# Cloudflare tunnel
TUNNEL_START_TIMEOUT: float = float(os.environ.get("TUNNEL_START_TIMEOUT", "25"))
CLOUDFLARE_LOG_BUFFER_SIZE: int = 200

# USDU result collection
DYNAMIC_MODE_MAX_POLL_TIMEOUT: float = 10.0

# Static mode job poll loop
JOB_POLL_INTERVAL: float = 1.0
JOB_POLL_MAX_ATTEMPTS: int = 20

MAX_UPLOAD_SIZE = 50 * 1024 * 1024


def probe_timeout(timeout=5.0):
    # Even a default here is fine: this module is where tuning values live.
    return min(30.0, timeout)

# Worker heartbeat and log relay (workers/heartbeat_good.py)
LOG_RELAY_BACKLOG = 500
LOG_RELAY_REFRESH_INTERVAL = 3.0
RELAY_HEARTBEAT = 20.0
RELAY_KEEPALIVE = 30
RELAY_CHUNK_SIZE = 64 * 1024
RELAY_POOL_LIMIT = int(os.environ.get("RELAY_POOL_LIMIT", "16"))
RELAY_WORKERS = int(os.environ.get("RELAY_WORKERS", "4"))
STATS_INTERVAL = 15.0
STATS_MAX_ROUNDS = 30
WORKER_PROBE_TRIES = 4
WORKER_PROBE_PAUSE = 0.25
USAGE_MONITOR_RATE = 5.0
