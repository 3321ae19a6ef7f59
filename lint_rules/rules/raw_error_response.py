"""Error responses go through the project's error helper (refactor plan, Task 6.2).

Some endpoints returned ``web.json_response({"error": ...}, status=400)`` directly while
others called ``await handle_api_error(request, msg, status)``, so clients saw several
error shapes and some errors were never logged.  Once every error flows through the one
helper, the shape and the logging are decided in one place.

Flagged: an aiohttp response built directly (``web.json_response``, ``web.Response``,
or the same names imported bare) whose status is 400 or more (literal, named constant,
or either branch of ``404 if missing else 409``), or whose JSON body is error-shaped (an
``error`` or ``errors`` key, or ``"status": "error"``), even with the default 200
status.  Responses built inside the configured error helpers are the helpers' job and
are not flagged; success responses never are.

Only in a project that has adopted an error helper: some Python file of the project
defines or imports one of ``error-helpers``.  In a project without one there is no
convention to keep (a bare ``web.Response(status=404)`` is plain aiohttp), and the
message names where the project's helper is.
"""

from __future__ import annotations

from astroid import nodes

from ..analyses.call_arguments import argument
from ..analyses.enclosing_nodes import enclosing_function
from ..analyses.inferred_values import dict_literal, int_values
from ..analyses.project_helpers import project_helper_file
from ..analyses.qualified_names import qualified_name
from ..registry import Rule, register
from ..settings import Setting, Settings, TextList

_RESPONSE_BUILDERS = {
    "aiohttp.web.json_response": "json_response",
    "aiohttp.json_response": "json_response",
    "aiohttp.web.Response": "Response",
    "aiohttp.web_response.json_response": "json_response",
    "aiohttp.web_response.Response": "Response",
}
_ERROR_KEYS = {"error", "errors"}


def _builder_kind(call: nodes.Call) -> str | None:
    name = qualified_name(call.func)
    if name is None:
        return None
    return _RESPONSE_BUILDERS.get(name)


def _error_shape(body) -> str | None:
    """Why a JSON body looks like an error (``'error' key``), or None."""
    literal = dict_literal(body)
    if literal is None:
        return None
    for key, value in literal.items:
        if not isinstance(key, nodes.Const) or not isinstance(key.value, str):
            continue
        if key.value in _ERROR_KEYS:
            return f"'{key.value}' key"
        if key.value == "status" and isinstance(value, nodes.Const) and value.value == "error":
            return "'status': 'error'"
    return None


def _json_body(call: nodes.Call, kind: str):
    if kind == "json_response":
        return call.args[0] if call.args else argument(call, None, "data")
    text = argument(call, None, "text") or argument(call, None, "body")
    # web.Response(text=json.dumps({...})) carries a JSON body too.
    if isinstance(text, nodes.Call) and qualified_name(text.func) == "json.dumps" and text.args:
        return text.args[0]
    return None


class RawErrorResponseSettings(Settings):
    error_helpers = Setting(
        "error-helpers", TextList(), ["handle_api_error"],
        "functions that build error responses; responses inside them are allowed, and the "
        "first is named in the message")


@register
class RawErrorResponse(Rule):
    code = "INV501"
    symbol = "raw-error-response"
    summary = "HTTP error response built directly instead of through the error helper"
    language = "python"
    any_text = ("json_response", "Response")
    settings_class = RawErrorResponseSettings
    bad_example = '''
# api/worker_routes.py
from aiohttp import web

async def update_worker_endpoint(request):
    data = await request.json()
    if "id" not in data:
        return web.json_response({"error": "missing id"}, status=400)

# utils/network.py
# (the project's error helper, which other routes already use)
async def handle_api_error(request, message, status=500): ...
'''
    good_example = '''
from ..utils.network import handle_api_error

async def update_worker_endpoint(request):
    data = await request.json()
    if "id" not in data:
        return await handle_api_error(request, "missing id", 400)
'''

    def check(self, ctx):
        helpers = set(ctx.settings.error_helpers)
        helper_file = None
        for call in ctx.tree.nodes_of_class(nodes.Call):
            kind = _builder_kind(call)
            if kind is None:
                continue
            function = enclosing_function(call)
            while function is not None and isinstance(function, nodes.Lambda):
                function = enclosing_function(function)
            if function is not None and function.name in helpers:
                continue
            statuses = [s for s in int_values(argument(call, None, "status")) if s >= 400]
            shape = _error_shape(_json_body(call, kind))
            if not statuses and not shape:
                continue
            if statuses:
                shown = "/".join(str(s) for s in sorted(set(statuses)))
                reason = f"status {shown}"
                status_argument = f", {min(statuses)}"
            else:
                reason = f"error-shaped body ({shape}) with a success status"
                status_argument = ", <4xx status>"
            if helper_file is None:
                helper_file = project_helper_file(
                    ctx.path, ctx.settings.error_helpers, ctx.source.text) or ""
            if not helper_file:
                return  # the project has no error helper: no convention to keep
            helper = ctx.settings.error_helpers[0]
            where = "" if helper_file == ctx.path else f" (the project's helper: {helper_file})"
            ctx.report(call, f"error response built directly with {kind} ({reason}); "
                             f"return await {helper}(request, ...{status_argument}) "
                             f"instead{where}")
