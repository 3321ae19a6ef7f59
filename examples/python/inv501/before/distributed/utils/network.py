"""The project's error helper: some routes already use it, others build responses by hand."""
import logging

from aiohttp import web

log = logging.getLogger(__name__)


async def handle_api_error(request, message, status=500):
    log.warning("%s %s: %s", request.method, request.path, message)
    return web.json_response({"status": "error", "message": message}, status=status)
