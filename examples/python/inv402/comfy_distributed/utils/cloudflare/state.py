"""Near misses: Enum members and non-tuning constants are not flagged."""
import enum

STATE_FILE = "tunnel_state.json"
SCHEMA_VERSION = 3
MAX_LOG_FILES_HINT = "keep at most a handful"


class TunnelStatus(enum.Enum):
    STOPPED = 0
    STARTING = 1
    TIMEOUT = 2
    RETRYING = 3


class StopReason(enum.IntEnum):
    USER = 1
    START_TIMEOUT = 2
