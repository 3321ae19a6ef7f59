"""The project's error helper."""
from aiohttp import web


async def handle_api_error(request, error, status: int = 500):
    return web.json_response({"error": str(error)}, status=status)
