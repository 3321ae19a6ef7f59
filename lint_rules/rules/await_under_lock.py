"""No await that can suspend on I/O or time while an asyncio lock is held (plan, Task 1.1).

``_check_and_requeue_timed_out_workers`` awaited ``probe_worker(...)`` — a network
request — while holding ``distributed_tile_jobs_lock``, so every heartbeat, tile
submission and image request that needed the lock waited out the whole probe timeout.
The fix is snapshot → probe → apply: read what you need under the lock, release it,
do the I/O, then re-acquire the lock to apply the result.

A lock region is the body of ``async with X:`` where X infers to an asyncio/anyio/trio
``Lock`` or ``Condition`` or its final name matches ``lock-pattern``, and the statements
between ``await X.acquire()`` and ``X.release()``.  Inside one, an await is flagged when
it can suspend: aiohttp requests and response reads, request body reads, sleeps,
``wait_for``/``wait``/``gather``, event and queue waits, streams, subprocesses,
executors — or a project coroutine that reaches one through its own awaits, however many
modules away (the message names the chain).  Awaits that cannot block are not flagged:
a project coroutine that awaits nothing I/O-bound, a Condition's own ``wait``, and the
configured ``non-blocking-awaits`` (default ``put``: an unbounded asyncio queue's put
never waits).  An await that cannot be resolved is reported as "may suspend" unless
``unknown-awaits = "ignore"``.
"""

from __future__ import annotations

from astroid import nodes

from ..analyses.lock_regions import lock_regions
from ..analyses.suspending_calls import SuspensionAnalysis, awaiting_nodes
from ..registry import Rule, register
from ..settings import Boolean, Setting, Settings, Text, TextList
from ..shared_settings import LOCK_PATTERN

_VERBS = {nodes.Await: "await", nodes.AsyncWith: "async with", nodes.AsyncFor: "async for",
          nodes.Comprehension: "async for"}


def _condition_wait(node, region) -> bool:
    """``await cond.wait()`` / ``wait_for`` on the held Condition releases it."""
    if not region.is_condition or not isinstance(node, nodes.Await):
        return False
    call = node.value
    if isinstance(call, nodes.Call) and isinstance(call.func, nodes.Attribute):
        if call.func.attrname in ("wait", "wait_for"):
            return call.func.expr.as_string() == region.lock_text
    return False


class AwaitUnderLockSettings(Settings):
    include_semaphores = Setting(
        "include-semaphores", Boolean(), False,
        "treat semaphores as locks (by default they are not: bounding concurrent I/O is "
        "what they are for)")
    non_blocking_awaits = Setting(
        "non-blocking-awaits", TextList(), ["put"],
        "awaits that never block: method names (`put`) or qualified function names")
    unknown_awaits = Setting(
        "unknown-awaits", Text(choices=("report", "ignore")), "report",
        "what to do with an await that cannot be resolved: report (as 'may suspend') or "
        "ignore")
    lock_pattern = LOCK_PATTERN


@register
class AwaitUnderLock(Rule):
    code = "INV101"
    symbol = "await-under-lock"
    summary = "await that can suspend on I/O or time while an asyncio lock is held"
    language = "python"
    required_text = ("await",)
    any_text = ("async with", "acquire")
    settings_class = AwaitUnderLockSettings
    bad_example = '''
async def requeue_timed_out(job_data, timed_out):
    async with prompt_server.distributed_tile_jobs_lock:
        for worker_id, url in timed_out:
            result = await probe_worker(url, timeout=PROBE_TIMEOUT)  # I/O under the lock
            if result is None:
                await job_data.pending_tasks.put(worker_id)


async def probe_worker(url, timeout):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/prompt", timeout=timeout) as response:
            return await response.json()
'''
    good_example = '''
async def requeue_timed_out(job_data, timed_out):
    async with prompt_server.distributed_tile_jobs_lock:    # 1. snapshot under the lock
        candidates = [(w, url) for w, url in timed_out if w in job_data.worker_status]
    dead = [w for w, url in candidates                       # 2. probe outside it
            if await probe_worker(url, timeout=PROBE_TIMEOUT) is None]
    async with prompt_server.distributed_tile_jobs_lock:    # 3. apply under the lock
        for worker_id in dead:
            await job_data.pending_tasks.put(worker_id)     # put never blocks


async def probe_worker(url, timeout):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/prompt", timeout=timeout) as response:
            return await response.json()
'''

    def check(self, ctx):
        settings = ctx.settings
        report_unknown = settings.unknown_awaits != "ignore"
        analysis = ctx.analysis(SuspensionAnalysis, settings.non_blocking_awaits)
        for function in ctx.tree.nodes_of_class(nodes.AsyncFunctionDef):
            for region in lock_regions(function, settings.lock_pattern,
                                       settings.include_semaphores):
                for node in awaiting_nodes(region.statements):
                    if _condition_wait(node, region):
                        continue
                    suspension = analysis.of_node(node)
                    if suspension is None or (not suspension.certain and not report_unknown):
                        continue
                    if region.is_condition and suspension.condition == region.lock_text:
                        continue  # a helper waiting on the held condition releases it
                    self._report(ctx, node, region, suspension)

    @staticmethod
    def _report(ctx, node, region, suspension):
        verb = _VERBS.get(type(node), "await")
        if isinstance(node, nodes.Comprehension):
            node = node.parent  # comprehensions carry no position of their own
        held = f"while holding '{region.lock_name}' (acquired at line {region.line})"
        if suspension.certain:
            message = f"{verb} of {suspension.kind} ({suspension.describe()}) {held}"
        else:
            message = (f"{verb} of '{suspension.describe()}' may suspend (its target could "
                       f"not be resolved) {held}")
        message += "; snapshot under the lock, do the I/O after releasing it"
        ctx.report(node, message, related=[
            ctx.related(region.line, f"'{region.lock_name}' is acquired here")])
