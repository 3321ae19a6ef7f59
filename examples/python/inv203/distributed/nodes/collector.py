"""A node that creates the state it needs on first run (flagged)."""
import asyncio

from ..api.queue_orchestration import prompt_server as ps


class DistributedCollectorNode:
    def __init__(self, server_instance=ps):
        self.server = server_instance

    def run(self, multi_job_id):
        if not hasattr(self.server, "distributed_jobs_lock"):
            setattr(self.server, "distributed_jobs_lock", asyncio.Lock())  # expect: INV203
        self.server.distributed_pending_jobs[multi_job_id] = asyncio.Queue()
        if getattr(ps, "collector_results", None) is None:
            ps.collector_results = self.load_results()  # expect: INV203
        ps.collector_queue = asyncio.Queue()  # expect: INV203
        self.results = {}
        return self.results

    def load_results(self):
        return {}
