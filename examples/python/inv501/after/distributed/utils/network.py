"""The error helper itself builds the error body: allowed."""
from aiohttp import web


def debug_log(message):
    print(message)


async def handle_api_error(request, error, status: int = 500):
    if isinstance(error, list):
        return web.json_response({"errors": error}, status=status)
    msg = str(error)
    debug_log(f"API error [{status}]: {msg}")
    return web.json_response({"error": msg}, status=status)
