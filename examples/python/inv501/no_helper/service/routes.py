"""Routes of a project that never adopted an error helper: plain aiohttp, not findings."""
import os

from aiohttp import web

routes = web.RouteTableDef()
FILES = os.path.dirname(__file__)


@routes.get("/files/{name}")
async def get_file(request):
    path = os.path.join(FILES, request.match_info["name"])
    if not os.path.isfile(path):
        return web.Response(status=404)
    return web.FileResponse(path)


@routes.post("/files/{name}")
async def save_file(request):
    if "name" not in request.match_info:
        return web.json_response({"error": "missing name"}, status=400)
    return web.Response(status=201)
