"""After Task 6.2: every error goes through handle_api_error; successes are untouched."""
from aiohttp import web

from ..utils.network import handle_api_error
from .responses import json_response

import server

prompt_server = server.PromptServer.instance
OK = 200


@prompt_server.routes.post("/distributed/config/update_worker")
async def update_worker_endpoint(request):
    data = await request.json()
    if "worker_id" not in data:
        return await handle_api_error(request, "Missing worker_id", 400)
    return web.json_response({"status": "success", "worker_id": data["worker_id"]})


@prompt_server.routes.post("/distributed/queue")
async def queue_endpoint(request):
    data = await request.json()
    errors = [f"missing {key}" for key in ("prompt", "workers") if key not in data]
    if errors:
        return await handle_api_error(request, errors, 400)
    return web.json_response({"prompt_id": "abc", "errors_seen": 0}, status=OK)


@prompt_server.routes.get("/distributed/config")
async def get_config_endpoint(request):
    # A payload that merely mentions errors in a nested value is not an error response.
    summary = {"workers": 3, "last": {"error": None}}
    return web.json_response(summary)


async def created(request):
    return web.Response(status=201, text="created")


async def redirect_hint(request):
    # A project-local json_response (not aiohttp's) is not ours to judge.
    return json_response({"error": "local helper"}, status=400)
