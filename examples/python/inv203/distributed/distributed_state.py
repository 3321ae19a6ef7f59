"""State created at import time, before the plan's Task 5.1 (flagged)."""
import asyncio
from collections import defaultdict

import server
from server import PromptServer

prompt_server = server.PromptServer.instance

if not hasattr(prompt_server, "distributed_pending_jobs"):
    prompt_server.distributed_pending_jobs = {}  # expect: INV203
prompt_server.distributed_jobs_lock = asyncio.Lock()  # expect: INV203
PromptServer.instance.distributed_tile_jobs = defaultdict(list)  # expect: INV203
prompt_server.distributed_worker_count = 0  # expect: INV203
