"""Heartbeat checks and requeueing, moved out of utils/usdu_managment.py by Task 2.1."""


async def _check_and_requeue_timed_out_workers(multi_job_id, batch_size):
    return 0
