"""aiohttp routes of the node pack."""

from aiohttp import web

from .queue import manager

# A routing table is data, not logic.
ROUTES = {
    "pause": ("/queue/pause", "POST"),
    "resume": ("/queue/resume", "POST"),
}


def route_table():
    return {
        "pause": ROUTES["pause"],
        "resume": ROUTES["resume"],
        "status": ("/queue/status", "GET"),
    }


def status_table():
    return {
        "pause": ROUTES["pause"],
        "resume": ROUTES["resume"],
        "status": ("/queue/state", "GET"),
    }


async def pause_endpoint(request):
    # In a body this small the called method is the logic: not a copy of resume_endpoint.
    try:
        await manager.pause()
        return web.json_response({"ok": True})
    except RuntimeError as error:
        return web.json_response({"ok": False, "state": str(error)})


async def resume_endpoint(request):
    try:
        await manager.resume()
        return web.json_response({"ok": True})
    except RuntimeError as error:
        return web.json_response({"ok": False, "state": str(error)})


def parse_count(value, default):
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        return default
    return parsed if parsed > 0 else default


def parse_seconds(value, default):
    # int vs float is what each parser is for: the plan keeps both.
    try:
        parsed = float(value)
    except (TypeError, ValueError):
        return default
    return parsed if parsed > 0 else default


async def drain_endpoint(request):  # expect: INV301
    """A long handler pasted for another action: only the called method differs."""
    payload = await request.json()
    worker_ids = payload.get("workers") or []
    if not isinstance(worker_ids, list):
        worker_ids = [worker_ids]
    done, failed = [], []
    for worker_id in worker_ids:
        worker = manager.find(worker_id)
        if worker is None:
            failed.append({"id": worker_id, "reason": "unknown worker"})
            continue
        try:
            await worker.drain()
            done.append(worker_id)
        except RuntimeError as error:
            failed.append({"id": worker_id, "reason": str(error)})
    manager.record("drain", done, failed)
    return web.json_response({"done": done, "failed": failed})


async def restart_endpoint(request):  # expect: INV301
    payload = await request.json()
    worker_ids = payload.get("workers") or []
    if not isinstance(worker_ids, list):
        worker_ids = [worker_ids]
    done, failed = [], []
    for worker_id in worker_ids:
        worker = manager.find(worker_id)
        if worker is None:
            failed.append({"id": worker_id, "reason": "unknown worker"})
            continue
        try:
            await worker.restart()
            done.append(worker_id)
        except RuntimeError as error:
            failed.append({"id": worker_id, "reason": str(error)})
    manager.record("restart", done, failed)
    return web.json_response({"done": done, "failed": failed})
