"""The one place shared distributed state is created (must not be flagged)."""
import asyncio

import server

prompt_server = server.PromptServer.instance


def ensure_distributed_state(server_instance=None):
    """Create the shared job state once; safe to call again."""
    ps = server_instance or prompt_server
    if not hasattr(ps, "distributed_pending_jobs"):
        ps.distributed_pending_jobs = {}
    if not hasattr(ps, "distributed_jobs_lock"):
        ps.distributed_jobs_lock = asyncio.Lock()
    if not hasattr(ps, "distributed_job_count"):
        ps.distributed_job_count = 0


ensure_distributed_state()
