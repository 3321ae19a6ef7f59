"""Suppressions with no reason (this repository sets require-suppression-reason = true)."""

from aiohttp import web


async def retired_endpoint(request):
    request.app["log"].info("retired endpoint called: %s", request.path)
    return web.json_response({"error": "retired"}, status=410)  # noqa: INV501  # expect: INV002


async def teapot(request):
    if request.method != "BREW":
        raise web.HTTPMethodNotAllowed(request.method, ["BREW"])
    return web.json_response({"error": "teapot"}, status=418)  # noqa: E501, INV501  # expect: INV002
