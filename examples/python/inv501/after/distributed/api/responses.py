"""A project's own helper that happens to share a name with aiohttp's."""


def json_response(data, status=200):
    return {"data": data, "status": status}
