"""api/config_routes.py after Task 1.3: every mutation inside config_transaction()."""
from aiohttp import web

import server

from ..utils.config import config_transaction, load_config
from ..utils.network import handle_api_error

WORKER_FIELDS = ("enabled", "name", "host", "port", "cuda_device", "extra_args", "type")
MASTER_FIELDS = ("host", "port", "cuda_device", "extra_args")
CONFIG_SECTIONS = ("workers", "master", "settings")
routes = web.RouteTableDef()


@server.PromptServer.instance.routes.get("/distributed/config")
async def get_config_endpoint(request):
    # Read-only: leave it using load_config() directly.
    return web.json_response(load_config())


@server.PromptServer.instance.routes.post("/distributed/config/update_worker")
async def update_worker_endpoint(request):
    try:
        data = await request.json()
        worker_id = data.get("worker_id")
        if worker_id is None:
            return await handle_api_error(request, "Missing worker_id", 400)
        async with config_transaction() as config:
            workers = config.setdefault("workers", [])
            worker = next((w for w in workers if w["id"] == worker_id), None)
            if worker is None:
                workers.append({"id": worker_id, **{k: data[k] for k in WORKER_FIELDS if k in data}})
            else:
                for field in WORKER_FIELDS:
                    if field in data:
                        worker[field] = data[field]
        return web.json_response({"status": "success"})
    except Exception as e:
        return await handle_api_error(request, e, 400)


@server.PromptServer.instance.routes.post("/distributed/config/delete_worker")
async def delete_worker_endpoint(request):
    data = await request.json()
    worker_id = data.get("worker_id")
    async with config_transaction() as config:
        workers = config.get("workers", [])
        remaining = [w for w in workers if w["id"] != worker_id]
        found = len(remaining) != len(workers)
        config["workers"] = remaining
    if not found:
        return await handle_api_error(request, f"Worker {worker_id} not found", 404)
    return web.json_response({"status": "success"})


@server.PromptServer.instance.routes.post("/distributed/config/update_setting")
async def update_setting_endpoint(request):
    data = await request.json()
    key, value = data.get("key"), data.get("value")
    if not key:
        return await handle_api_error(request, "Missing key", 400)
    async with config_transaction() as config:
        config.setdefault("settings", {})[key] = value
    return web.json_response({"status": "success"})


@server.PromptServer.instance.routes.post("/distributed/config/update_master")
async def update_master_endpoint(request):
    data = await request.json()
    async with config_transaction() as config:
        master = config.setdefault("master", {})
        for field in MASTER_FIELDS:
            if field in data:
                master[field] = data[field]
    return web.json_response({"status": "success"})


@routes.post("/distributed/config")
async def update_config_endpoint(request):
    new_config = await request.json()
    unknown = sorted(set(new_config) - set(CONFIG_SECTIONS))
    if unknown:
        return await handle_api_error(request, f"Unknown sections: {', '.join(unknown)}", 400)
    try:
        async with config_transaction() as config:
            config.update(new_config)  # whole sections replaced; saved on exit
    except OSError as e:
        return await handle_api_error(request, e, 500)
    return web.json_response({"status": "success"})
