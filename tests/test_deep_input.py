"""Input nested deeper than anything can analyse is an ``INV000`` finding, never a crash.

A 10**6-term ``1+1+...`` chain used to kill the CLI with SIGSEGV: the deep-stack thread
never got its deep stack (the size was reset before the thread started), so the recursion
limit allowed far more C recursion than the stack held.  Each case runs the CLI in a
subprocess (a crash is a signal, not a failed assertion) on a generated file next to a good
file, whose finding must still be reported.  The files name every text a Python rule's
prefilter wants, so every rule builds and walks what the syntax check lets through.

The cases assume no particular CPython limit: a case only needs to be deeper than any
version can analyse, and the deepest file that passes the syntax check is found by trying.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from helpers import RAW_ERROR, RAW_ERROR_LINE, ROOT, run_cli, write_tree
from lint_rules.config import build_config
from lint_rules.deep_stack import call_with_deep_stack, recursion_limit_for
from lint_rules.engine import Engine
from lint_rules.registry import PARSE_ERROR_CODE

MILLION = 1_000_000
# Deeper than the old 8 MiB stack held (about 105,000 levels), far less than 10**6 to keep
# the files small; still deeper than CPython 3.11 parses on the 512 MiB stack (180,000).
DEEP_TERMS = 200_000
SLEEP_LINE = "def pause():\n    time.sleep(2.5)\n"  # one INV401 finding, on the last line


def _python_prefilter_comment() -> str:
    """A comment naming every text a Python rule's prefilter asks for, so that every rule
    builds the file's tree (a rule skips files without its text)."""
    needles = set()
    for rule in Engine(build_config(None)).rules:
        if rule.language == "python":
            needles.update(rule.required_text, rule.any_text)
    return "# " + " ".join(sorted(needles)) + "\nimport time\n"


HEADER = _python_prefilter_comment()


def _chain(term: str, count: int) -> str:
    return "+".join([term] * count)


def _nested_fstrings(inner: str) -> str:
    """f-strings nested as deep as every Python 3 parses them: one per kind of quote."""
    for quote in ("'", '"', "'''", '"""'):
        inner = f"f{quote}{{{inner}}}{quote}"
    return inner


DEEP_PYTHON = {
    "sum_chain.py": "x = " + _chain("1", MILLION) + "\n",
    "string_chain.py": "x = " + _chain("'ab'", DEEP_TERMS) + "\n",
    "brackets.py": "x = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n",
    # As many lambdas as the parser nests (3.11 stops near 3,000), around a deep chain.
    "lambdas.py": "x = " + "lambda: " * 2_000 + _chain("1", DEEP_TERMS) + "\n",
    "fstrings.py": "x = " + _nested_fstrings(_chain("1", DEEP_TERMS)) + "\n",
}


def _python(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": pythonpath})


def _run(tmp_path, files: dict[str, str]) -> dict[str, list[dict]]:
    """The CLI over ``files`` plus the good file: exit code 1 and the findings by path."""
    write_tree(tmp_path, {"good.py": RAW_ERROR, **files})
    proc = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    if proc.returncode < 0:
        pytest.fail(f"the CLI was killed by {signal.Signals(-proc.returncode).name}")
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    by_path: dict[str, list[dict]] = {}
    for finding in json.loads(proc.stdout)["findings"]:
        by_path.setdefault(Path(finding["path"]).as_posix(), []).append(finding)
    assert [(f["line"], f["code"]) for f in by_path.pop("good.py")] == [
        (RAW_ERROR_LINE, "INV501")], "the run did not go on to the good file"
    return by_path


def _assert_too_deep(findings: list[dict]) -> None:
    assert len(findings) == 1 and findings[0]["code"] == PARSE_ERROR_CODE, findings
    assert findings[0]["message"].startswith("too deeply nested"), findings


@pytest.mark.parametrize("name", sorted(DEEP_PYTHON))
def test_too_deep_python_is_one_inv000_and_the_run_goes_on(tmp_path, name):
    by_path = _run(tmp_path, {name: HEADER + DEEP_PYTHON[name] + SLEEP_LINE})
    assert set(by_path) == {name}
    _assert_too_deep(by_path[name])


def _deepest_chain_passing_the_syntax_check() -> int:
    """The longest of some ``1+1+...`` chains that this Python's syntax check accepts on
    the deep stack (whatever passes it, astroid and the rules get); tried in a subprocess,
    where a crash cannot take the test run with it."""
    proc = _python("""
        from lint_rules.deep_stack import call_with_deep_stack
        from lint_rules.python_language import syntax_error

        for terms in (150_000, 50_000, 15_000, 5_000, 1_500):
            text = "x = " + "+".join(["1"] * terms) + "\\n"
            if call_with_deep_stack(syntax_error, "chain.py", text) is None:
                print(terms)
                break
    """)
    assert proc.returncode == 0 and proc.stdout.strip(), (proc.returncode, proc.stderr[-2000:])
    return int(proc.stdout)


def test_files_just_under_the_parse_limit_are_analysed_or_inv000(tmp_path):
    deepest_terms = _deepest_chain_passing_the_syntax_check()
    normal_terms = min(15_000, deepest_terms // 10)  # deep, yet within what astroid builds
    by_path = _run(tmp_path, {
        "deepest.py": HEADER + "x = " + _chain("1", deepest_terms) + "\n" + SLEEP_LINE,
        "normal.py": HEADER + "x = " + _chain("1", normal_terms) + "\n" + SLEEP_LINE,
    })
    # Past the syntax check astroid and every rule meet the tree: a RecursionError there is
    # an INV000 for the file (or the file is checked), never a crash.
    sleep_finding = [(HEADER.count("\n") + 3, "INV401")]
    deepest = by_path["deepest.py"]
    if PARSE_ERROR_CODE in {f["code"] for f in deepest}:
        _assert_too_deep(deepest)
    else:
        assert [(f["line"], f["code"]) for f in deepest] == sleep_finding
    # A deep file within the limits is checked normally: its one real finding, no INV000.
    assert [(f["line"], f["code"]) for f in by_path["normal.py"]] == sleep_finding


def test_deep_javascript_callbacks_are_inv000(tmp_path):
    # A CLI-level check only (the JS parser has its own owner): 100,000 nested callbacks.
    text = "// addEventListener fetch setInterval\n"
    text += "f(function () {\n" * 100_000 + "});\n" * 100_000
    by_path = _run(tmp_path, {"callbacks.js": text})
    _assert_too_deep(by_path["callbacks.js"])


# -- the deep-stack thread ---------------------------------------------------------------

def test_the_deep_stack_thread_holds_recursion_through_c():
    # 50,000 nested generators recurse in C (some 400 bytes a level on 3.11): more than an
    # 8 MiB stack holds, well within the recursion limit and a 512 MiB stack.
    proc = _python("""
        from lint_rules.deep_stack import call_with_deep_stack

        def nested(depth):
            if depth:
                yield from nested(depth - 1)
            yield depth

        try:
            call_with_deep_stack(lambda: next(nested(50_000)))
            print("ok")
        except RecursionError:  # a Python whose C recursion limit is lower
            print("RecursionError")
    """)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.strip() in ("ok", "RecursionError")


@pytest.fixture
def stack_sizes_up_to(monkeypatch):
    """Make ``threading.stack_size`` refuse sizes above a cap, as a system with little
    address space does; returns the setter."""
    real = threading.stack_size

    def refuse_above(cap: int):
        def stack_size(size=None):
            if size is None:
                return real()
            if size > cap:
                raise ValueError("size not valid")
            return real(size)
        monkeypatch.setattr(threading, "stack_size", stack_size)

    return refuse_above


def _limit_and_thread():
    return sys.getrecursionlimit(), threading.current_thread().name


def test_a_smaller_stack_gets_a_lower_recursion_limit(stack_sizes_up_to):
    stack_sizes_up_to(64 * 1024 * 1024)
    limit, thread = call_with_deep_stack(_limit_and_thread)
    assert thread != threading.current_thread().name
    assert limit == recursion_limit_for(64 * 1024 * 1024) < recursion_limit_for(2 ** 40)
    assert threading.stack_size() == 0  # the process-wide setting is restored


def test_without_any_deep_stack_the_call_runs_on_the_callers_thread(stack_sizes_up_to):
    stack_sizes_up_to(0)
    before = sys.getrecursionlimit()
    assert call_with_deep_stack(_limit_and_thread) == (before, threading.current_thread().name)
    assert sys.getrecursionlimit() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as on Linux")
def test_deep_input_with_little_address_space_is_inv000(tmp_path):
    # With no room for a 512 MiB stack the thread gets a smaller one, and a recursion limit
    # that smaller stack holds: the chain is still an INV000, not a SIGSEGV.
    write_tree(tmp_path, {"good.py": RAW_ERROR,
                          "chain.py": "x = " + _chain("1", 150_000) + "\n"})
    proc = _python(f"""
        import resource, runpy, sys
        resource.setrlimit(resource.RLIMIT_AS, ({2 ** 29}, {2 ** 29}))
        sys.argv = ["invariant-lint", "check", {str(tmp_path)!r}]
        runpy.run_module("lint_rules", run_name="__main__", alter_sys=True)
    """)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stdout.splitlines()
    assert any("chain.py:1:1: INV000 too deeply nested" in line for line in lines), lines
    assert any(f"good.py:{RAW_ERROR_LINE}:" in line for line in lines), lines
