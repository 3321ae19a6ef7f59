"""INV101 beyond the examples: options, acquire/release shapes, recursion, odd code."""

from __future__ import annotations

import textwrap

import pytest

from lint_rules.config import ConfigError, build_config, load_config
from marks import marks_in
from rule_harness import run_project, run_rule


def inv101(tmp_path, code: str, name: str = "mod.py", **settings) -> list[tuple[int, str]]:
    """(line, message) of the findings of INV101 (run with INV000, which fails the test)
    for ``code`` written to ``tmp_path / name``, with ``settings`` (TOML keys)."""
    found = run_rule("INV101", code, settings=settings or None, filename=name,
                     directory=tmp_path)
    return [(f.line, f.message) for f in found]


def lines(findings) -> list[int]:
    return [line for line, _ in findings]


HEADER = """
import asyncio
lock = asyncio.Lock()
"""

LOCKED_SLEEP = """
async def f():
    async with lock:
        await asyncio.sleep(1)
"""


def test_sleep_under_lock_names_lock_and_line(tmp_path):
    found = inv101(tmp_path, HEADER + LOCKED_SLEEP)
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


@pytest.mark.parametrize("pattern", ["(", "mutex[", "(?<=a+)lock"])
def test_invalid_lock_pattern_is_a_config_error_not_a_finding(tmp_path, pattern):
    # Rejected when the configuration is built, before any file is checked: no rule
    # ever sees the pattern, so it can be neither an INV101 message nor an INV000.
    with pytest.raises(ConfigError, match="lock-pattern: not a valid regular expression"):
        build_config({"lock-pattern": pattern})
    with pytest.raises(ConfigError, match="lock-pattern"):
        inv101(tmp_path, HEADER + LOCKED_SLEEP, **{"lock-pattern": pattern})


def test_invalid_lock_pattern_in_a_config_file_is_reported_with_the_other_problems(tmp_path):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.invariant-lint]\nlock-pattern = "("\n'
                      'unknown-awaits = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(str(config))
    problems = raised.value.problems
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{config}: lock-pattern: not a valid regular expression")
    assert "unknown-awaits" in problems[1]


def test_lock_pattern_from_a_config_file_is_a_regex(tmp_path):
    # A real regular expression (anchors, a class, a repetition), written in
    # pyproject.toml as a user would: it replaces the default, which matches "lock" only.
    code = """
        import asyncio

        async def f(state):
            async with state.guard2:
                await asyncio.sleep(1)  # expect: INV101
            async with state.guards:
                await asyncio.sleep(1)
            async with state.jobs_lock:
                await asyncio.sleep(1)
    """
    found = run_project("INV101", tmp_path, {"mod.py": code},
                        settings={"lock-pattern": r"^guard\d+$"})
    assert {(f.line, f.code) for f in found} == marks_in(textwrap.dedent(code))
    assert "while holding 'guard2'" in found[0].message
    (tmp_path / "default").mkdir()
    default = run_project("INV101", tmp_path / "default", {"mod.py": code})
    assert [f.line for f in default] == [10]  # jobs_lock: the default pattern's lock


def test_unknown_awaits_rejects_other_values():
    with pytest.raises(ConfigError, match='unknown-awaits: expected one of "report", "ignore"'):
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
