"""INV101 beyond the examples: options, acquire/release shapes, recursion, odd code."""

from __future__ import annotations

import textwrap

import pytest

from lint_rules.config import build_config
from lint_rules.engine import Engine
from lint_rules.sources import load_source


def inv101(tmp_path, code: str, name: str = "mod.py", **options) -> list[tuple[int, str]]:
    """(line, message) of INV101 findings for ``code`` written to a file."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    engine = Engine(build_config(options or None), {"INV101", "INV000"})
    return [(f.line, f.message) for f in engine.check_source(load_source(str(path)))]


def lines(findings) -> list[int]:
    return [line for line, _ in findings]


HEADER = """
import asyncio
lock = asyncio.Lock()
"""


def test_sleep_under_lock_names_lock_and_line(tmp_path):
    found = inv101(tmp_path, HEADER + """
async def f():
    async with lock:
        await asyncio.sleep(1)
""")
    assert lines(found) == [7]
    assert "sleep (asyncio.sleep)" in found[0][1]
    assert "'lock' (acquired at line 6)" in found[0][1]


def test_mutual_recursion_terminates_and_finds_io(tmp_path):
    found = inv101(tmp_path, HEADER + """
async def ping(n):
    if n:
        return await pong(n - 1)
    await asyncio.sleep(0.1)

async def pong(n):
    return await ping(n)

async def f():
    async with lock:
        await ping(3)
""")
    assert lines(found) == [15]
    assert "ping → asyncio.sleep" in found[0][1]


def test_mutual_recursion_without_io_is_clean(tmp_path):
    assert inv101(tmp_path, HEADER + """
async def ping(n):
    return await pong(n - 1) if n else 0

async def pong(n):
    return await ping(n)

async def f():
    async with lock:
        await ping(3)
""") == []


def test_unknown_awaits_policy(tmp_path):
    code = HEADER + """
async def f(callback):
    async with lock:
        await callback()
"""
    reported = inv101(tmp_path, code)
    assert lines(reported) == [7] and "may suspend" in reported[0][1]
    assert inv101(tmp_path, code, **{"unknown-awaits": "ignore"}) == []


def test_non_blocking_awaits_option(tmp_path):
    code = HEADER + """
async def f(cache):
    async with lock:
        await cache.put(1)
        await cache.touch()
"""
    assert lines(inv101(tmp_path, code)) == [8]
    assert inv101(tmp_path, code, **{"non-blocking-awaits": ["put", "touch"]}) == []


def test_put_on_http_session_is_still_io(tmp_path):
    found = inv101(tmp_path, HEADER + """
import aiohttp

async def f(session: aiohttp.ClientSession):
    async with lock:
        await session.put("http://w/x")
""")
    assert lines(found) == [9] and "ClientSession.put" in found[0][1]


def test_semaphores_only_when_included(tmp_path):
    code = """
import asyncio
sem = asyncio.Semaphore(3)

async def f():
    async with sem:
        await asyncio.sleep(1)
"""
    assert inv101(tmp_path, code) == []
    assert lines(inv101(tmp_path, code, **{"include-semaphores": True})) == [7]


def test_custom_lock_pattern_for_uninferable_names(tmp_path):
    code = """
import asyncio

async def f(state):
    async with state.mutex:
        await asyncio.sleep(1)
"""
    assert inv101(tmp_path, code) == []
    assert lines(inv101(tmp_path, code, **{"lock-pattern": "mutex$"})) == [6]


def test_clock_is_not_a_lock_name(tmp_path):
    assert inv101(tmp_path, """
import asyncio

async def f(state):
    async with state.clock:
        await asyncio.sleep(1)
""") == []


def test_acquire_without_release_holds_to_end_of_block(tmp_path):
    found = inv101(tmp_path, HEADER + """
async def f():
    await lock.acquire()
    await asyncio.sleep(1)
    if True:
        await asyncio.sleep(2)
""")
    assert lines(found) == [7, 9]


def test_acquire_release_in_sequence(tmp_path):
    found = inv101(tmp_path, HEADER + """
async def f():
    await lock.acquire()
    x = 1
    await asyncio.sleep(1)
    lock.release()
    await asyncio.sleep(2)
    return x
""")
    assert lines(found) == [8]


def test_condition_waits_on_held_condition_only(tmp_path):
    found = inv101(tmp_path, """
import asyncio
cond = asyncio.Condition()
other = asyncio.Condition()

async def f():
    async with cond:
        await cond.wait()
        await cond.wait_for(lambda: True)
        await other.wait()
""")
    assert lines(found) == [10]


def test_nested_lock_acquisition_is_not_io(tmp_path):
    assert inv101(tmp_path, HEADER + """
inner_lock = asyncio.Lock()

async def f():
    async with lock:
        async with inner_lock:
            pass
        await inner_lock.acquire()
        inner_lock.release()
""") == []


def test_lambda_and_class_bodies_in_region_are_not_run_there(tmp_path):
    assert inv101(tmp_path, HEADER + """
async def f():
    async with lock:
        class Later:
            async def run(self):
                await asyncio.sleep(1)
        handler = lambda: asyncio.sleep(1)
    return Later, handler
""") == []


def test_async_comprehension_under_lock(tmp_path):
    found = inv101(tmp_path, HEADER + """
async def ticks():
    for i in range(3):
        await asyncio.sleep(i)
        yield i

async def f():
    async with lock:
        return [i async for i in ticks()]
""")
    assert lines(found) == [12] and "ticks → asyncio.sleep" in found[0][1]


def test_sync_function_returning_a_request_is_followed(tmp_path):
    found = inv101(tmp_path, HEADER + """
import aiohttp

def start_probe(session: aiohttp.ClientSession, url):
    return session.get(url)

async def f(session):
    async with lock:
        await start_probe(session, "http://w")
""")
    assert lines(found) == [12] and "start_probe → ClientSession.get" in found[0][1]


@pytest.mark.parametrize("awaited", ["fut", "task"])
def test_future_and_task_awaits(tmp_path, awaited):
    found = inv101(tmp_path, HEADER + f"""
async def f(coro):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    task = asyncio.create_task(coro)
    async with lock:
        await {awaited}
""")
    assert lines(found) == [10] and "wait" in found[0][1]


def test_invalid_lock_pattern_is_reported_not_raised(tmp_path):
    found = inv101(tmp_path, HEADER + """
async def f():
    async with lock:
        await asyncio.sleep(1)
""", **{"lock-pattern": "("})
    assert len(found) == 1 and "lock-pattern" in found[0][1]


def test_unknown_awaits_rejects_other_values():
    from lint_rules.config import ConfigError

    with pytest.raises(ConfigError, match="unknown-awaits.*report, ignore"):
        build_config({"unknown-awaits": "sometimes"})


def test_helper_waiting_on_the_held_condition_releases_it(tmp_path):
    found = inv101(tmp_path, """
import asyncio

class Barrier:
    def __init__(self):
        self._cond = asyncio.Condition()
        self._other = asyncio.Condition()

    async def _block(self):
        await self._cond.wait_for(lambda: True)

    async def _elsewhere(self):
        await self._other.wait()

    async def wait(self):
        async with self._cond:
            await self._block()
            await self._elsewhere()
""")
    assert lines(found) == [18] and "_elsewhere → Condition.wait" in found[0][1]


def test_functions_of_the_checked_project_are_followed_even_in_site_packages(tmp_path):
    package = tmp_path / "site-packages" / "vendored"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "net.py").write_text(textwrap.dedent("""
        import asyncio

        async def pause():
            await asyncio.sleep(1)
    """), encoding="utf-8")
    found = inv101(package, HEADER + """
from .net import pause

async def f():
    async with lock:
        await pause()
""", name="user.py")
    assert lines(found) == [9] and "pause → asyncio.sleep" in found[0][1]
