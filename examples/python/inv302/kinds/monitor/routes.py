"""aiohttp routes of the monitor."""

from aiohttp import web

from .jobs import submit_job

SETTINGS = {}


async def set_rate(request):
    # Every handler opens by reading the body and checking a field: a preamble of up to
    # three statements is not a copy.
    payload = await request.json()
    if "value" not in payload:
        return web.json_response({"missing": "value"})
    value = payload["value"]
    SETTINGS["rate"] = float(value)
    return web.json_response({"rate": SETTINGS["rate"]})


async def set_switch(request):
    payload = await request.json()
    if "value" not in payload:
        return web.json_response({"missing": "value"})
    value = payload["value"]
    SETTINGS["enabled"] = bool(value)
    return web.json_response({"enabled": SETTINGS["enabled"]})


async def start_render(request):
    # The call sites of an already extracted helper: its long argument list repeats, the
    # logic does not.
    SETTINGS["last"] = "render"
    payload = await request.json()
    job = await submit_job(
        prompt=payload.get("prompt"),
        workflow=payload.get("workflow"),
        client_id=payload.get("client_id"),
        priority=payload.get("priority"),
        width=payload.get("width"),
        height=payload.get("height"),
    )
    if job is None:
        return web.json_response({"queued": False})
    renders = SETTINGS.setdefault("renders", {})
    renders[job] = {"client": payload.get("client_id"), "state": "queued"}
    for other, entry in list(renders.items()):
        if other != job and entry["state"] == "done":
            del renders[other]
    SETTINGS["render_count"] = len(renders)
    return web.json_response({"job": job, "renders": sorted(renders)})


async def start_preview(request):
    SETTINGS["previews"] = SETTINGS.get("previews", 0) + 1
    payload = await request.json()
    job = await submit_job(
        prompt=payload.get("prompt"),
        workflow=payload.get("workflow"),
        client_id=payload.get("client_id"),
        priority=payload.get("priority"),
        width=payload.get("width"),
        height=payload.get("height"),
    )
    if job is None:
        return web.json_response({"queued": False})
    previews = SETTINGS.setdefault("preview_jobs", [])
    previews.append(job)
    while len(previews) > SETTINGS.get("preview_limit", len(previews)):
        dropped = previews.pop(0)
        SETTINGS.setdefault("dropped", []).append(dropped)
    return web.json_response({"job": job, "preview": True, "kept": len(previews)})


def render_names(items):
    # Loops over the same items open alike and then do different things.
    names = []
    for item in items:
        if item is None:
            continue
        label = item.name.strip()
        kind = item.kind.lower()
        names.append(f"{kind}: {label.title()}")
    return names


def render_sizes(items):
    sizes = {}
    for item in items:
        if item is None:
            continue
        label = item.name.strip()
        kind = item.kind.lower()
        sizes[(kind, label)] = item.size
    return sizes


def worker_batches(jobs, limit):
    """A block copied into a nested function is still found."""

    def batches(pending):
        ready = [job for job in pending if job.ready()]  # expect: INV302
        ready.sort(key=lambda job: job.priority, reverse=True)
        chosen = ready[:limit]
        for job in chosen:
            job.claim()
        return chosen

    return batches(jobs)


def claim_ready(pending, limit, log, clock):
    started = clock()
    waiting = {job.key: job for job in pending if not job.ready()}
    for key, job in waiting.items():
        job.touch(started)
        log.append(("waiting", key))
    ready = [job for job in pending if job.ready()]  # expect: INV302
    ready.sort(key=lambda job: job.priority, reverse=True)
    chosen = ready[:limit]
    for job in chosen:
        job.claim()
    elapsed = clock() - started
    log.append(("claimed", len(chosen), elapsed))
    return {"chosen": chosen, "waiting": sorted(waiting), "elapsed": elapsed}
