"""Tuning values."""
MAX_PAYLOAD_SIZE = 50 * 1024 * 1024
