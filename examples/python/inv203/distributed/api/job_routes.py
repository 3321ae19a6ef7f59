"""Per-job state in existing containers, reads and counters (must not be flagged)."""
import asyncio

import server as _server
from aiohttp import web

from .queue_orchestration import ensure_distributed_state, prompt_server


@_server.PromptServer.instance.routes.post("/distributed/prepare_job")
async def prepare_job_endpoint(request):
    data = await request.json()
    multi_job_id = data["multi_job_id"]
    ensure_distributed_state()
    async with prompt_server.distributed_jobs_lock:
        if multi_job_id not in prompt_server.distributed_pending_jobs:
            prompt_server.distributed_pending_jobs[multi_job_id] = asyncio.Queue()
        prompt_server.distributed_job_count += 1
    return web.json_response({"status": "success"})


def reset_counters():
    # The initializer creates distributed_job_count: setting it is an update.
    prompt_server.distributed_job_count = 0
    # Not a literal or a constructor: whatever it is, it is not created here.
    prompt_server.last_job = current_job()


def current_job():
    return getattr(prompt_server, "last_job", None)
