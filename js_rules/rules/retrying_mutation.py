"""A mutating request (POST, PUT, PATCH, DELETE) must never be retried automatically.

Why: a request that fails with a network error or a timeout may still have reached the
server.  Retrying a read is harmless, but retrying a mutation can run it twice: a second
``POST /distributed/queue`` queues the job twice, a second launch starts a second
worker, a second stop or delete acts on something already gone.  Refactor plan task 1.2
found exactly this in ``web/apiClient.js``: one ``request`` helper retried every call in a
``for`` loop with backoff, mutating endpoints included.

What is reported:

- every call of a *retrying request function* of the same file whose method is
  mutating, unless the call opts out.  A retrying request function retries a ``fetch``
  (or another request function) in a loop whose ``catch`` goes round again, or by calling
  itself from a ``catch``; functions that forward their options to one without opting
  out retry too.  Its opt-out is a parameter or destructured option named like
  ``retry``/``retries``/``maxAttempts``; a call opts out with ``{ retry: false }``,
  ``retries: 0``/``1`` or ``maxAttempts: 1`` (or any value it computes: that is a
  deliberate choice);
- every request with a mutating method inside a retry loop written inline, at the
  ``fetch`` call.

The method is read from the options argument (``{ method: 'POST' }``): string literals,
template literals and ``const`` bindings are resolved, case-insensitively.  Calls whose
method cannot be known (a variable, options passed through from a caller) are not
reported.  Only functions defined in the same file are known; a retrying helper
imported from another module is not seen.

How to fix: pass the helper's opt-out on every mutating call (``request(url, { method:
'POST', body }, { retry: false })``), keep retries for reads, and send mutations that
must survive failures with an idempotency key the server deduplicates on (INV702).
"""

from __future__ import annotations

from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.functions import contains
from js_rules.parser import JSNode
from js_rules.analyses.requests import (
    RequestIndex, derive_signature, request_endpoint, request_method,
)
from js_rules.analyses.retries import RetryConstruct, find_retries
from js_rules.analyses.retry_opt_outs import (
    OptOut, RetryingFunction, call_opts_out, find_opt_outs, forwarded_opt_outs,
)
from lint_rules.constants import MAX_DELEGATION_ROUNDS
from lint_rules.registry import Rule, register
from lint_rules.settings import Setting, Settings, TextList
from lint_rules.shared_settings import MUTATING_METHODS


# -- advice ----------------------------------------------------------------------------------

def _suggested_value(opt_out: OptOut, key: str) -> str:
    if key in opt_out.flag_keys:
        return "false"
    return "1" if key in opt_out.attempt_keys else "0"


def opt_out_advice(retrying: RetryingFunction) -> str:
    """The message's closing advice: which argument switches the retries off."""
    if not retrying.opt_outs:
        return (f"'{retrying.name}' cannot turn its retries off: give it an option such as "
                f"{{ retry: false }} and pass it")
    opt_out = retrying.opt_outs[0]
    # A flag reads best; then a count of attempts (1 is unambiguous); then any count.
    key = next((k for k in opt_out.keys if k in opt_out.flag_keys),
               next((k for k in opt_out.keys if k in opt_out.attempt_keys), opt_out.keys[0]))
    value = _suggested_value(opt_out, key)
    if opt_out.positional:
        return f"pass {value} as its '{key}' argument"
    if opt_out.param_index == retrying.signature.options_index:
        return f"add {key}: {value} to its options"
    return f"pass {{ {key}: {value} }}"


# -- the rule --------------------------------------------------------------------------------

def _describe(method: str, endpoint: str | None) -> str:
    return f"{method} '{endpoint}'" if endpoint is not None else method


class RetryingMutationSettings(Settings):
    retry_opt_out_keys = Setting(
        "retry-opt-out-keys", TextList(), ["retry", "retries", "maxAttempts"],
        "parameter or option names through which a caller switches retries off (a false, "
        "null, 0 or 1 value turns them off)")
    mutating_methods = MUTATING_METHODS


@register
class RetryingMutation(Rule):
    code = "INV701"
    symbol = "retrying-mutation"
    summary = "a mutating request (POST, PUT, PATCH, DELETE) is never retried automatically"
    language = "js"
    # Requests are found through fetch; a file without it has no retrying helper to see.
    required_text = ("fetch",)
    settings_class = RetryingMutationSettings
    bad_example = """
const request = async (endpoint, options = {}) => {
    for (let attempt = 0; attempt < 3; attempt++) {
        try {
            return await fetch(endpoint, options);
        } catch (error) {
            await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        }
    }
    throw new Error(`request to ${endpoint} failed`);
};
api.queue = (payload) => request('/distributed/queue', { method: 'POST', body: payload });
"""
    good_example = """
const request = async (endpoint, options = {}, { retries = 3, retry = true } = {}) => {
    const maxAttempts = retry ? retries : 1;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
        try {
            return await fetch(endpoint, options);
        } catch (error) {
            if (attempt === maxAttempts - 1) throw error;
        }
    }
};
api.queue = (payload) =>
    request('/distributed/queue', { method: 'POST', body: payload }, { retry: false });
"""

    def check(self, ctx):
        mutating = {method.upper() for method in ctx.settings.mutating_methods}
        keys = list(ctx.settings.retry_opt_out_keys)
        scopes = ctx.analysis(ScopeIndex)
        requests = ctx.analysis(RequestIndex)
        constructs = find_retries(requests)
        reported: dict[JSNode, tuple] = {}
        retrying: dict[JSNode, RetryingFunction] = {}

        for construct in constructs:
            for call in construct.calls:
                self._report_inline(call, construct, requests, mutating, reported)
            self._note_retrying(construct, requests, keys, retrying)
        self._add_delegating(requests, retrying)

        for call in requests.calls:
            callee = requests.callee_of(call)
            found = retrying.get(callee) if callee is not None else None
            if found is None or call in reported or contains(found.function, call):
                continue
            if found.signature.method_is_fixed:
                continue  # reported where the function fixes its method
            method = request_method(call, found.signature, scopes)
            if method not in mutating or call_opts_out(call, found, scopes):
                continue
            endpoint = request_endpoint(call, found.signature, scopes)
            via = (f", via '{found.via.name}' at line {found.via.line}"
                   if found.via is not None else "")
            reported[call] = (
                f"{_describe(method, endpoint)} through retrying '{found.name}' "
                f"(defined at line {found.line}{via}) may run twice on a transient error; "
                f"{opt_out_advice(found)}",
                [ctx.related(found.function, f"'{found.name}' retries its request")],
            )
        for call, (message, related) in reported.items():
            ctx.report(call, message, related=related)

    @staticmethod
    def _report_inline(call, construct: RetryConstruct, requests: RequestIndex,
                       mutating: set[str], reported: dict) -> None:
        """A mutating request that a retry loop or recursion repeats where it is written."""
        signature = requests.signature_for_call(call)
        method = request_method(call, signature, requests.scopes)
        if method not in mutating or call in reported:
            return
        endpoint = request_endpoint(call, signature, requests.scopes)
        how = ("the retry loop" if construct.kind == "loop" else "the recursive call")
        reported[call] = (
            f"{_describe(method, endpoint)} is retried by {how} at line {construct.line} "
            f"and may run twice on a transient error; send mutating requests once",
            [],
        )

    @staticmethod
    def _note_retrying(construct: RetryConstruct, requests: RequestIndex, keys: list[str],
                       retrying: dict) -> None:
        """Record the construct's function as retrying when its callers pick the method."""
        owner = construct.owner
        if owner is None or owner in retrying:
            return
        for call in construct.calls:
            signature = derive_signature(
                call, requests.signature_for_call(call), owner, requests.scopes)
            if signature is not None and not signature.method_is_fixed:
                retrying[owner] = RetryingFunction(
                    owner, signature, find_opt_outs(owner, keys, requests.scopes))
                return

    @staticmethod
    def _add_delegating(requests: RequestIndex, retrying: dict) -> None:
        """Functions that forward their request to a retrying one without opting out."""
        for _ in range(MAX_DELEGATION_ROUNDS):
            added = False
            for call in requests.calls:
                caller = requests.owners[call]
                callee = requests.callee_of(call)
                target = retrying.get(callee) if callee is not None else None
                if target is None or caller is None or caller in retrying or caller is callee:
                    continue
                signature = derive_signature(call, target.signature, caller, requests.scopes)
                if signature is None or signature.method_is_fixed:
                    continue
                opt_outs = forwarded_opt_outs(call, target, caller, requests.scopes)
                if opt_outs is None:
                    continue
                retrying[caller] = RetryingFunction(caller, signature, opt_outs, via=target)
                added = True
            if not added:
                return
