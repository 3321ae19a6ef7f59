"""Config routes before Task 6.2: error responses built by hand."""
from http import HTTPStatus

from aiohttp import web
from aiohttp.web import json_response

import server

BAD_REQUEST = 400
prompt_server = server.PromptServer.instance


@prompt_server.routes.post("/distributed/config/update_worker")
async def update_worker_endpoint(request):
    data = await request.json()
    worker_id = data.get("worker_id")
    if worker_id is None:
        return web.json_response({"error": "Missing worker_id"}, status=400)  # expect: INV501
    if not isinstance(data.get("enabled", True), bool):
        return web.json_response(  # expect: INV501
            {"error": "enabled must be a boolean"},
            status=BAD_REQUEST,
        )
    return web.json_response({"status": "success"})


@prompt_server.routes.post("/distributed/queue")
async def queue_endpoint(request):
    data = await request.json()
    errors = [f"missing {key}" for key in ("prompt", "workers") if key not in data]
    if errors:
        return web.json_response({"error": errors}, status=400)  # expect: INV501
    return web.json_response({"prompt_id": "abc"})


@prompt_server.routes.delete("/distributed/config/worker/{worker_id}")
async def delete_worker_endpoint(request):
    worker_id = request.match_info["worker_id"]
    found = worker_id.startswith("w")
    if not found:
        return json_response({"errors": ["unknown worker"]})  # expect: INV501
    return json_response({"status": "error", "message": "locked"})  # expect: INV501


@prompt_server.routes.post("/distributed/config/update_setting")
async def update_setting_endpoint(request):
    data = await request.json()
    missing = "key" not in data
    status = 404 if missing else 409
    if data.get("locked"):
        return web.json_response({"message": "conflict"}, status=status)  # expect: INV501
    if data.get("gone"):
        return web.Response(status=HTTPStatus.GONE, text="gone")  # expect: INV501
    if data.get("broken"):
        return web.Response(text="internal error", status=500)  # expect: INV501
    body = {"error": "not allowed"}
    return web.json_response(body, status=403)  # expect: INV501
