"""Task 1.1 after: snapshot under the lock, probe outside it, apply under it again."""
import time

import server

from ..utils.constants import HEARTBEAT_TIMEOUT, PROBE_TIMEOUT
from ..utils.config import build_worker_url, load_config
from ..utils.network import probe_worker

prompt_server = server.PromptServer.instance


def _find_worker_record(worker_id):
    return load_config()["workers"].get(worker_id)


async def _check_and_requeue_timed_out_workers(multi_job_id, batch_size):
    now = time.time()
    # Step 1: snapshot under lock
    async with prompt_server.distributed_tile_jobs_lock:
        job_data = prompt_server.distributed_pending_tile_jobs.get(multi_job_id)
        if job_data is None:
            return 0
        timed_out_snapshot = [
            (wid, ts) for wid, ts in job_data.worker_status.items()
            if (now - float(ts)) > HEARTBEAT_TIMEOUT
        ]
        assigned_snapshot = dict(job_data.assigned_to_workers)

    # Step 2: probe outside lock
    workers_to_requeue = []
    for worker_id, _last_seen in timed_out_snapshot:
        task_ids = assigned_snapshot.get(worker_id, [])
        wrec = _find_worker_record(worker_id)
        if wrec:
            result = await probe_worker(build_worker_url(wrec), timeout=PROBE_TIMEOUT)
            if result is None:
                workers_to_requeue.append((worker_id, task_ids))
        else:
            workers_to_requeue.append((worker_id, task_ids))

    # Step 3: re-acquire lock to apply requeue decisions
    if not workers_to_requeue:
        return 0
    async with prompt_server.distributed_tile_jobs_lock:
        job_data = prompt_server.distributed_pending_tile_jobs.get(multi_job_id)
        if job_data is None:
            return 0
        requeued = 0
        for worker_id, task_ids in workers_to_requeue:
            for task_id in task_ids:
                await job_data.pending_tasks.put(task_id)
                requeued += 1
            job_data.assigned_to_workers.pop(worker_id, None)
            job_data.worker_status.pop(worker_id, None)
        return requeued
