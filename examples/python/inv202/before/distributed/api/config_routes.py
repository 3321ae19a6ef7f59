"""api/config_routes.py before Task 1.3: every handler loads, mutates and saves unlocked."""
from aiohttp import web

import server

from ..utils.config import load_config, save_config
from ..utils.network import handle_api_error

WORKER_FIELDS = ("enabled", "name", "host", "port", "cuda_device", "extra_args", "type")
MASTER_FIELDS = ("host", "port", "cuda_device", "extra_args")
CONFIG_SECTIONS = ("workers", "master", "settings")


@server.PromptServer.instance.routes.get("/distributed/config")
async def get_config_endpoint(request):
    # Read-only: no lock needed.
    return web.json_response(load_config())


@server.PromptServer.instance.routes.post("/distributed/config/update_worker")
async def update_worker_endpoint(request):
    try:
        data = await request.json()
        worker_id = data.get("worker_id")
        if worker_id is None:
            return await handle_api_error(request, "Missing worker_id", 400)
        config = load_config()
        workers = config.get("workers", [])
        worker = next((w for w in workers if w["id"] == worker_id), None)
        if worker is None:
            workers.append({"id": worker_id, **{k: data[k] for k in WORKER_FIELDS if k in data}})
        else:
            for field in WORKER_FIELDS:
                if field in data:
                    worker[field] = data[field]
        config["workers"] = workers
        if save_config(config):  # expect: INV202
            return web.json_response({"status": "success"})
        return await handle_api_error(request, "Failed to save config")
    except Exception as e:
        return await handle_api_error(request, e, 400)


@server.PromptServer.instance.routes.post("/distributed/config/delete_worker")
async def delete_worker_endpoint(request):
    data = await request.json()
    worker_id = data.get("worker_id")
    config = load_config()
    workers = config.get("workers", [])
    remaining = [w for w in workers if w["id"] != worker_id]
    if len(remaining) == len(workers):
        return await handle_api_error(request, f"Worker {worker_id} not found", 404)
    config["workers"] = remaining
    save_config(config)  # expect: INV202
    return web.json_response({"status": "success"})


@server.PromptServer.instance.routes.post("/distributed/config/update_setting")
async def update_setting_endpoint(request):
    data = await request.json()
    key, value = data.get("key"), data.get("value")
    if not key:
        return await handle_api_error(request, "Missing key", 400)
    config = load_config()
    config.setdefault("settings", {})[key] = value
    save_config(config)  # expect: INV202
    return web.json_response({"status": "success"})


@server.PromptServer.instance.routes.post("/distributed/config/update_master")
async def update_master_endpoint(request):
    data = await request.json()
    config = load_config()
    master = config.setdefault("master", {})
    for field in MASTER_FIELDS:
        if field in data:
            master[field] = data[field]
    save_config(config)  # expect: INV202
    return web.json_response({"status": "success"})


@server.PromptServer.instance.routes.post("/distributed/config")
async def update_config_endpoint(request):
    # The bulk update replaces whole sections: no load, but still a save in a route.
    new_config = await request.json()
    unknown = sorted(set(new_config) - set(CONFIG_SECTIONS))
    if unknown:
        return await handle_api_error(request, f"Unknown sections: {', '.join(unknown)}", 400)
    try:
        saved = save_config(new_config)  # expect: INV202
    except OSError as e:
        return await handle_api_error(request, e, 500)
    return web.json_response({"status": "success" if saved else "unchanged"})


async def import_config_endpoint(req):
    # Registered with app.router below rather than with a decorator.
    payload = await req.json()
    save_config(payload["config"])  # expect: INV202
    return web.json_response({"status": "success"})


def setup_routes(app):
    app.router.add_post("/distributed/config/import", import_config_endpoint)
