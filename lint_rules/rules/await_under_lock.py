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

import re

from astroid import nodes

from ..analyses.lock_regions import lock_regions
from ..analyses.suspending_calls import SuspensionAnalysis, awaiting_nodes
from ..findings import finding_at_node
from ..project_index import project_root_for
from ..registry import Option, Rule, register

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


@register
class AwaitUnderLock(Rule):
    code = "INV101"
    symbol = "await-under-lock"
    summary = "await that can suspend on I/O or time while an asyncio lock is held"
    language = "python"
    required_text = ("await",)
    any_text = ("async with", "acquire")
    options = (
        Option("lock-pattern", str, r"(?:^|_)(?i:lock)$|(?<=[a-z0-9])Lock$",
               "regular expression matched against the final name of an `async with` "
               "or acquire() target that cannot be inferred; the default matches names "
               "ending in lock as a word (self._lock, jobs_lock, configLock), not clock; "
               "it applies when inference does not say what the target is"),
        Option("include-semaphores", bool, False,
               "treat semaphores as locks (by default they are not: bounding concurrent "
               "I/O is what they are for)"),
        Option("non-blocking-awaits", list, ["put"],
               "awaits that never block: method names (`put`) or qualified function names"),
        Option("unknown-awaits", str, "report",
               "what to do with an await that cannot be resolved: report (as 'may "
               "suspend') or ignore", choices=("report", "ignore")),
    )
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

    def check(self, source, options):
        try:
            pattern = re.compile(options["lock-pattern"])
        except re.error as error:
            raise ValueError(f"lock-pattern is not a valid regular expression: {error}")
        report_unknown = options["unknown-awaits"] != "ignore"
        analysis = SuspensionAnalysis(options["non-blocking-awaits"],
                                      project_root_for(source.absolute_path))
        module = source.module
        for function in module.nodes_of_class(nodes.AsyncFunctionDef):
            for region in lock_regions(function, pattern, options["include-semaphores"]):
                for node in awaiting_nodes(region.statements):
                    if _condition_wait(node, region):
                        continue
                    suspension = analysis.of_node(node)
                    if suspension is None or (not suspension.certain and not report_unknown):
                        continue
                    if region.is_condition and suspension.condition == region.lock_text:
                        continue  # a helper waiting on the held condition releases it
                    yield self._finding(source.path, node, region, suspension)

    def _finding(self, path, node, region, suspension):
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
        return finding_at_node(path, node, self.code, message)
