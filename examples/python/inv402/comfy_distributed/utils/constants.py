"""The constants module: tuning constants belong here and are never flagged."""
import os

# Cloudflare tunnel
TUNNEL_START_TIMEOUT: float = float(os.environ.get("TUNNEL_START_TIMEOUT", "25"))
CLOUDFLARE_LOG_BUFFER_SIZE: int = 200

# USDU result collection
DYNAMIC_MODE_MAX_POLL_TIMEOUT: float = 10.0

# Static mode job poll loop
JOB_POLL_INTERVAL: float = 1.0
JOB_POLL_MAX_ATTEMPTS: int = 20

# Relay limits (utils/relay_limits_good.py)
RELAY_BACKLOG = 500
MAX_PENDING_UPLOADS = 8
PROBE_TIMEOUT = float(os.environ.get("PROBE_TIMEOUT", "2.5"))
