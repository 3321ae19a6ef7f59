"""Timeouts and intervals (Task 5.2)."""

HEARTBEAT_INTERVAL = 10.0
RESULT_WAIT_TIMEOUT = 30.0
