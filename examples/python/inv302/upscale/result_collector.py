"""Collecting worker results for a distributed upscale (before Task 4.5).

The timeout handler logs the status of every worker twice: once for static mode
(TileJobState), once for dynamic mode (ImageJobState), in two pasted blocks.
"""

import asyncio
import time

from ..utils.constants import HEARTBEAT_INTERVAL, RESULT_WAIT_TIMEOUT
from ..utils.logging import log
from .job_state import ImageJobState, TileJobState


class ResultCollectorMixin:  # expect: INV801
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
                if mode == "static":
                    if isinstance(job_data, TileJobState):
                        worker_status = dict(job_data.worker_status)  # expect: INV302
                        for worker_id, last_seen in worker_status.items():
                            elapsed = max(0.0, current_time - float(last_seen))
                            log(
                                f"[USDU] Timeout: job={multi_job_id} worker={worker_id[:8]} "
                                f"elapsed={elapsed:.1f}s"
                            )
                    log(f"[USDU] Static job {multi_job_id}: {len(collected)}/{expected} tiles")
                else:
                    if isinstance(job_data, ImageJobState):
                        worker_status = dict(job_data.worker_status)  # expect: INV302
                        for worker_id, last_seen in worker_status.items():
                            elapsed = max(0.0, current_time - float(last_seen))
                            log(
                                f"[USDU] Timeout: job={multi_job_id} worker={worker_id[:8]} "
                                f"elapsed={elapsed:.1f}s"
                            )
                    if current_time - last_heartbeat_check >= HEARTBEAT_INTERVAL:
                        await self._check_and_requeue_timed_out_workers(multi_job_id)
                        last_heartbeat_check = current_time
                continue
            collected[item["index"]] = item["image"]
        return collected
