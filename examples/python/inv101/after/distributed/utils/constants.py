"""Tuning values live here (plan Task 5.2)."""
HEARTBEAT_TIMEOUT: float = 60.0
PROBE_TIMEOUT: float = 2.0
QUICK_PROBE_TIMEOUT: float = 1.0
RESULT_POLL_TIMEOUT: float = 0.1
RETRY_PAUSE: float = 0.5
