"""Task 1.1 before: the probe runs while distributed_tile_jobs_lock is held."""
import time

import server

from ..utils.constants import HEARTBEAT_TIMEOUT, PROBE_TIMEOUT
from ..utils.config import build_worker_url, load_config
from ..utils.network import probe_worker

prompt_server = server.PromptServer.instance


async def _check_and_requeue_timed_out_workers(multi_job_id, batch_size):
    now = time.time()
    requeued = 0
    async with prompt_server.distributed_tile_jobs_lock:
        job_data = prompt_server.distributed_pending_tile_jobs.get(multi_job_id)
        if job_data is None:
            return 0
        timed_out = [
            (wid, ts) for wid, ts in job_data.worker_status.items()
            if (now - float(ts)) > HEARTBEAT_TIMEOUT
        ]
        for worker_id, _last_seen in timed_out:
            worker = load_config()["workers"].get(worker_id)
            result = await probe_worker(build_worker_url(worker), timeout=PROBE_TIMEOUT)  # expect: INV101
            if result is None:
                for task_id in job_data.assigned_to_workers.pop(worker_id, []):
                    await job_data.pending_tasks.put(task_id)
                    requeued += 1
    return requeued
