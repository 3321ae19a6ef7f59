"""Requests to the server go through the API client module, not raw ``fetch``.

Why: the API client is where a front end decides how it talks to its server — the base
URL, timeouts, which requests are retried and which must never be (INV701), the
idempotency key of a resubmission (INV702), how an error response becomes an error.  A
raw ``fetch`` elsewhere skips all of it, silently: it has no timeout, retries nothing or
everything, and parses errors its own way.  Refactor plan task 4.4 found
``web/workerLifecycle.js`` still calling ``fetch`` for its master and worker status checks
while ``web/executionUtils.js`` already used ``extension.api.probeWorker()``, so one
probe flow had two implementations.

What is reported, outside the modules matched by ``client-modules`` (default
``**/apiClient.js``): every call of the platform ``fetch`` (``fetch``, ``window.fetch``,
``globalThis.fetch``, ``self.fetch``), every ``new XMLHttpRequest()`` and every
``navigator.sendBeacon(...)``.  The message names the project's client module (the file
matching ``client-modules`` nearest to the checked one).

Only in a project that has an API client: some file of the project matches
``client-modules``.  A front end that never adopted one has no convention to keep, and
"put it in the API client" would be advice it cannot follow (point ``client-modules`` at
the client when it is named differently).

Not reported: a ``fetch`` of a file next to the module (``fetch(new URL('./panel.css',
import.meta.url))``, ``import.meta.resolve(...)``), which loads the module's own asset
rather than calling the API; functions of the file that happen to be named ``fetch``;
calls of the client (``api.probeWorker(url)``).

The plan itself names legitimate exceptions: a same-origin status check of the local
server, and a probe that combines ``AbortSignal.any`` with a timeout the client does not
support yet.  That is what a suppression with a reason is for, so the exception is
visible where it is made:

    // invariant-lint-disable-next-line INV703 -- same-origin status probe
    const response = await fetch('/prompt', { signal });

How to fix: add the request to the client (``probeWorker: async (url, timeout, signal)
=> ...``) and call it (``await extension.api.probeWorker(url, timeout, signal)``).
"""

from __future__ import annotations

from js_rules.analyses.bindings import ScopeIndex
from lint_rules.analyses.project_files import matching_project_file
from js_rules.analyses.raw_requests import fetch_target, raw_requests
from lint_rules.registry import Rule, register
from lint_rules.settings import Boolean, PathPatternList, Setting, Settings


class RawFetchSettings(Settings):
    client_modules = Setting(
        "client-modules", PathPatternList(), ["**/apiClient.js"],
        "path patterns of the API client modules, the only JavaScript files that may call "
        "fetch, XMLHttpRequest or navigator.sendBeacon; messages name the project's file "
        "matching them")
    flag_external_urls = Setting(
        "flag-external-urls", Boolean(), False,
        "also report fetch calls of a fixed http:// or https:// address (a third-party "
        "service rather than the project's server)")


@register
class RawFetch(Rule):
    code = "INV703"
    symbol = "raw-fetch"
    summary = "requests go through the API client module, not raw fetch/XMLHttpRequest/sendBeacon"
    language = "js"
    any_text = ("fetch", "XMLHttpRequest", "sendBeacon")
    settings_class = RawFetchSettings
    bad_example = """
// web/workerLifecycle.js
export async function checkWorkerStatus(worker, signal) {
    const response = await fetch(`${workerUrl(worker)}/prompt`, { signal });
    return response.ok ? (await response.json()).exec_info.queue_remaining : null;
}

// web/apiClient.js
// (the project's API client: it matches client-modules)
"""
    good_example = """
// web/workerLifecycle.js
export async function checkWorkerStatus(extension, worker, signal) {
    const probe = await extension.api.probeWorker(workerUrl(worker), TIMEOUTS.PROBE, signal);
    return probe.ok ? probe.queueRemaining : null;
}

// web/apiClient.js
// The API client (it matches client-modules) is the one place that calls fetch.
export const createApiClient = () => ({
    probeWorker: async (url, timeout, signal) => fetch(`${url}/prompt`, { signal }),
});
"""

    def check(self, ctx):
        if ctx.settings.client_modules.matches(ctx.path):
            return
        scopes = ctx.analysis(ScopeIndex)
        exempt = {"module asset", "element source"}
        if not ctx.settings.flag_external_urls:
            exempt.add("external")
        requests = [r for r in raw_requests(scopes) if fetch_target(r, scopes) not in exempt]
        if not requests:
            return
        client = matching_project_file(ctx.path, ctx.settings.client_modules)
        if client is None:
            return  # the project has no API client: no convention to keep
        for request in requests:
            ctx.report(request.node, f"raw {request.api} outside the API client: add it to "
                                     f"the API client {client} and call that, so timeouts, "
                                     f"retries and error handling stay in one place")
