"""The same bounds imported from the constants module; algorithm and format bounds and
names that are not tuning values stay (good: no finding)."""
from .constants import MAX_PENDING_UPLOADS, PROBE_TIMEOUT, RELAY_BACKLOG

MAX_DEPTH = 8  # a recursion guard: an algorithm bound
MAX_RESOLUTION = 16384  # an image format bound of the model code
MAX_NAME_LENGTH = 64  # a schema limit
RELAY_SCHEMA_VERSION = 2


class UploadQueue:
    BACKLOG = RELAY_BACKLOG
    PENDING = MAX_PENDING_UPLOADS
    TIMEOUT = PROBE_TIMEOUT
