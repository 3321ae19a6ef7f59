"""Suppressions that still suppress something, and directives INV001 leaves alone."""

from aiohttp import web


async def legacy_status(request):
    # Old dashboards parse this exact body; the error helper would change its shape.
    return web.json_response({"error": "gone"}, status=410)  # noqa: INV501 -- old dashboards parse it


async def get_version(request):
    return web.json_response({"version": request.app["version"], "build": request.app["build"]})  # noqa: E501


async def get_ping(request):
    workers = list(request.app["workers"])
    return web.json_response({"pong": workers})  # pylint: disable=raw-error-response  # pylint's to judge


async def get_config(request):
    config = dict(request.app["config"])
    config.pop("secret", None)
    return web.json_response(config)  # noqa: INV501, INV001 -- kept while the helper moves
