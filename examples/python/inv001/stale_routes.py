"""Route handlers after the error-helper refactor: the suppressions stayed behind."""

from aiohttp import web

from .errors import handle_api_error


async def get_health(request):
    return web.json_response({"ok": True, "uptime": request.app["uptime"]})  # noqa: INV501  # expect: INV001


async def get_job(request):
    job = request.app["jobs"].get(request.match_info["id"])
    if job is None:
        return await handle_api_error(request, "no such job", 404)  # noqa: E501, INV501  # expect: INV001
    return web.json_response(job)


async def delete_job(request):
    removed = request.app["jobs"].pop(request.match_info["id"], None)
    return web.json_response({"deleted": removed is not None})  # noqa: INV502  # expect: INV001
