"""Task 5.2 after: the tunnel module imports its tuning constants."""
import os

from .. import constants
from ..constants import CLOUDFLARE_LOG_BUFFER_SIZE, TUNNEL_START_TIMEOUT

TUNNEL_STOP_TIMEOUT = constants.DYNAMIC_MODE_MAX_POLL_TIMEOUT  # assigned from a name
TUNNEL_RESTART_TIMEOUT = TUNNEL_START_TIMEOUT * 2  # derived from a constant
TUNNEL_URL_ENV_TIMEOUT = os.environ.get("TUNNEL_URL_TIMEOUT")  # configuration, no literal
TUNNEL_BINARY = "cloudflared"
DEFAULT_HOST = "localhost"
API_VERSION = 2
TIMEOUT_HINT = "cloudflared did not report a URL within the start timeout"


class ProcessReader:
    LOG_BUFFER_SIZE = CLOUDFLARE_LOG_BUFFER_SIZE

    def __init__(self, process, lines=None):
        self.process, self.lines = process, list(lines or ())

    def drain(self, deadline):
        # Function-local names are not module constants.
        READ_TIMEOUT = deadline / 2
        return READ_TIMEOUT
