"""Collecting worker results for a distributed upscale (after Task 4.5): one helper logs
the worker status for either mode."""

import asyncio
import time

from ..utils.constants import HEARTBEAT_INTERVAL, RESULT_WAIT_TIMEOUT
from ..utils.logging import log
from .job_state import BaseJobState


class ResultCollectorMixin:  # expect: INV801
    def _log_worker_timeout_status(self, job_data, current_time, multi_job_id):
        """Log which workers have timed out and for how long."""
        if not isinstance(job_data, BaseJobState):
            return
        worker_status = dict(job_data.worker_status)
        for worker_id, last_seen in worker_status.items():
            elapsed = max(0.0, current_time - float(last_seen))
            log(
                f"[USDU] Timeout: job={multi_job_id} worker={worker_id[:8]} "
                f"elapsed={elapsed:.1f}s"
            )

    async def _collect_results(self, multi_job_id, mode, expected):
        collected = {}
        last_heartbeat_check = time.time()
        queue = self.result_queues[multi_job_id]
        while len(collected) < expected:
            try:
                item = await asyncio.wait_for(queue.get(), timeout=RESULT_WAIT_TIMEOUT)
            except asyncio.TimeoutError:
                current_time = time.time()
                job_data = self.active_jobs.get(multi_job_id)
                self._log_worker_timeout_status(job_data, current_time, multi_job_id)
                if mode == "static":
                    log(f"[USDU] Static job {multi_job_id}: {len(collected)}/{expected} tiles")
                elif current_time - last_heartbeat_check >= HEARTBEAT_INTERVAL:
                    await self._check_and_requeue_timed_out_workers(multi_job_id)
                    last_heartbeat_check = current_time
                continue
            collected[item["index"]] = item["image"]
        return collected
