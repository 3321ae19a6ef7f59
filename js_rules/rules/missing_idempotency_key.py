"""A mutating request to the queue endpoint carries its idempotency key header.

Why: a job submission that fails on the way back (a timeout, a dropped connection) may
still have been queued.  Whoever sends it again — a retry, an impatient user, a second
tab — queues the job twice unless the server can tell the two requests apart.  Refactor
plan task 1.2 therefore has ``queueDistributed`` send the ``trace_execution_id`` the
caller already generated as an ``X-Idempotency-Key`` header, so the backend can
deduplicate; this rule keeps every submission to that endpoint sending it.

What is reported, at the request call (the ``fetch``, or the call of a request helper of
the same file, as for INV701): a request whose method is mutating (the
``mutating-methods`` option of INV701: ``POST``, ``PUT``, ``PATCH``, ``DELETE``) to one of
the ``idempotent-endpoints`` (default ``/distributed/queue``; a literal path matches
exactly, a full URL by its path, and a template or concatenation when its static end is
the endpoint, as in ``${origin}/distributed/queue``) whose ``headers`` certainly lack the
``idempotency-header`` (default ``X-Idempotency-Key``, compared case-insensitively).

The header counts when it is a key of the ``headers`` object, comes from a conditional
spread in it (``...(id ? { 'X-Idempotency-Key': id } : {})`` — sent whenever there is a
key to send), is in ``new Headers({...})``, is ``set``/``append``-ed on a ``const``
headers object, or is added by the request helper itself.  Headers the analysis cannot
see (passed in from a caller, built by a function) are not reported, nor are requests
whose method or endpoint is not known statically.

How to fix: send the key the caller already has::

    headers: {
        'Content-Type': 'application/json',
        ...(payload.trace_execution_id
            ? { 'X-Idempotency-Key': payload.trace_execution_id } : {}),
    },
"""

from __future__ import annotations

from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.headers import endpoint_matches, function_sends_header, sends_header
from js_rules.analyses.requests import RequestIndex, call_argument, request_method, request_option
from js_rules.analyses.values import ABSENT, UNKNOWN
from lint_rules.registry import Rule, register
from lint_rules.settings import Setting, Settings, Text, TextList
from lint_rules.shared_settings import MUTATING_METHODS


class MissingIdempotencyKeySettings(Settings):
    idempotent_endpoints = Setting(
        "idempotent-endpoints", TextList(), ["/distributed/queue"],
        "endpoints whose mutating requests must carry the idempotency header (a path, "
        "matched exactly or as the end of a URL)")
    idempotency_header = Setting(
        "idempotency-header", Text(), "X-Idempotency-Key",
        "the header that carries the idempotency key (case-insensitive)")
    mutating_methods = MUTATING_METHODS


@register
class MissingIdempotencyKey(Rule):
    code = "INV702"
    symbol = "missing-idempotency-key"
    summary = "a mutating request to the queue endpoint sends its idempotency key header"
    language = "js"
    required_text = ("fetch",)  # requests are found through fetch, as for INV701
    settings_class = MissingIdempotencyKeySettings
    bad_example = """
export const queueDistributed = (payload) =>
    fetch('/distributed/queue', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
    });
"""
    good_example = """
export const queueDistributed = (payload) =>
    fetch('/distributed/queue', {
        method: 'POST',
        headers: {
            'Content-Type': 'application/json',
            ...(payload.trace_execution_id
                ? { 'X-Idempotency-Key': payload.trace_execution_id }
                : {}),
        },
        body: JSON.stringify(payload),
    });
"""

    def check(self, ctx):
        mutating = {m.upper() for m in ctx.settings.mutating_methods}
        endpoints = list(ctx.settings.idempotent_endpoints)
        header = ctx.settings.idempotency_header
        scopes = ctx.analysis(ScopeIndex)
        requests = ctx.analysis(RequestIndex)
        for call, signature in requests.request_calls():
            argument = call_argument(call, signature.endpoint_index)
            if argument is None or argument is UNKNOWN:
                continue
            endpoint = endpoint_matches(argument, endpoints, scopes)
            if endpoint is None:
                continue
            method = request_method(call, signature, scopes)
            if method not in mutating:
                continue
            if self._sends(call, signature, header, requests):
                continue
            ctx.report(call, (
                f"{method} '{endpoint}' is sent without the '{header}' header: if it "
                f"is retried or submitted twice the server cannot tell, and queues the "
                f"job again; add headers: {{ '{header}': <the caller's unique id, e.g. "
                f"payload.trace_execution_id> }}"))

    @staticmethod
    def _sends(call, signature, header: str, requests: RequestIndex) -> bool:
        """Whether the call sends the header, or may (headers we cannot see)."""
        headers = request_option(call, signature, "headers", requests.scopes)
        if headers is UNKNOWN:
            return True
        if headers is not ABSENT and sends_header(headers, header, requests.scopes) is not False:
            return True
        callee = requests.callee_of(call)
        return callee is not None and function_sends_header(callee, header, requests)
