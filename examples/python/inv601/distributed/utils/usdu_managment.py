# utils/usdu_managment.py — backward-compat shim
from ..upscale.job_store import (
    ensure_tile_jobs_initialized,
    init_dynamic_job,
)
from ..upscale.job_timeout import _check_and_requeue_timed_out_workers as check_timeouts


async def _send_heartbeat_to_master(multi_job_id, worker_id):
    return (multi_job_id, worker_id)  # kept here: it is worker-side only
