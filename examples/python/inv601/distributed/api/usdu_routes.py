"""Routes that still import through the shim (flagged)."""
from ..utils.usdu_managment import ensure_tile_jobs_initialized  # expect: INV601
from ..utils.usdu_managment import (  # expect: INV601
    init_dynamic_job,
    check_timeouts,
)
from distributed.utils.usdu_managment import init_dynamic_job as init_job  # expect: INV601
from ..compat import CloudflareTunnelManager  # expect: INV601


async def heartbeat_endpoint(request):
    ensure_tile_jobs_initialized()
    CloudflareTunnelManager()
    init_job(request)
    return await check_timeouts(init_dynamic_job(request), 1)
