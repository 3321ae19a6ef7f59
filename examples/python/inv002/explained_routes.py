"""Suppressions that say why."""

from aiohttp import web


async def moved_endpoint(request):
    target = request.app["router"]["jobs"].url_for()
    return web.json_response({"error": "moved", "to": str(target)}, status=410)  # noqa: INV501 -- clients follow 'to'


async def april_fools(request):
    return web.json_response(  # pylint: disable=raw-error-response  # an April-fools endpoint
        {"error": "teapot", "tea": request.query.get("tea", "green")}, status=418)
