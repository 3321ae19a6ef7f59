"""Worker processes neither outlive a run nor take it down.

A killed ``invariant-lint`` (SIGKILL, SIGTERM, Ctrl-C) leaves no worker behind holding its
output open, so whoever reads that output to the end (CI, pre-commit, an editor) gets EOF.
A worker that dies on a file is replaced: that file is reported as ``INV000``, every other
file as usual, and the exit code is 1 because of that finding, not because of a traceback.

The crashes are made by a wrapper around the CLI (written to a temporary folder put on
PYTHONPATH) whose engine kills its own process when it checks a file named ``kill_me.py``;
workers are forked, so they inherit it.  Processes are found through ``/proc``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ADOPTS_ERROR_HELPER, ROOT, run_json
from test_benchmarks import generate_tree  # the benchmarks' tree generator
from lint_rules.config import load_config
from lint_rules.constants import FILES_PER_WORKER_CHUNK, MIN_FILES_FOR_WORKERS
from lint_rules.engine import Engine
from lint_rules.parallel import CRASH_MESSAGE
from lint_rules.runner import check_paths

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(),
                                reason="finds processes through /proc (Linux)")

KILLER = "kill_me.py"
KILLER_TEXT = "def killer_module():\n    return None\n"  # no rule flags it
# Generous bounds for what must happen at once; only a hang (the bug) exceeds them.
SETTLE_SECONDS = 10.0
POLL_SECONDS = 0.05
# A worker with this much CPU time (in clock ticks) is analysing files.
BUSY_TICKS = 10

# The CLI with a killer engine: ``python -m killer_cli check ...``.
KILLER_CLI = f'''\
import os
import runpy
import signal

from lint_rules.engine import Engine

_check_source = Engine.check_source


def check_source(self, source):
    if os.path.basename(source.path) == {KILLER!r}:
        os.kill(os.getpid(), signal.SIGKILL)
    return _check_source(self, source)


Engine.check_source = check_source
runpy.run_module("lint_rules", run_name="__main__", alter_sys=True)
'''

# The CLI with the kernel's parent-death signal never requested: only the workers' own
# checks of their parent remain.
NO_PDEATHSIG_CLI = '''\
import runpy

import lint_rules.parallel

lint_rules.parallel._PR_SET_PDEATHSIG = 0  # prctl(0, ...) fails and changes nothing
runpy.run_module("lint_rules", run_name="__main__", alter_sys=True)
'''


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory) -> Path:
    """A tree that takes -j2 far longer to check than any bound here (about a minute);
    killed runs only start on it."""
    tree = tmp_path_factory.mktemp("big") / "tree"
    generate_tree.generate(tree, 60_000)
    return tree


def _write_handlers(tree: Path, names: list[str]) -> Path:
    """One aiohttp handler with a raw error response (an INV501) in each named file."""
    tree.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names):
        (tree / name).write_text(
            "from aiohttp import web\n"
            f"async def handler_{n}(request):\n"
            f"    return web.json_response({{'error': 'no {n}'}}, status=400)\n"
            + ADOPTS_ERROR_HELPER, encoding="utf-8")
    return tree


@pytest.fixture(scope="module")
def killer_tree(tmp_path_factory) -> Path:
    """Files with findings, and a ``kill_me.py`` among them that no rule flags."""
    tree = _write_handlers(tmp_path_factory.mktemp("killer") / "tree",
                           [f"f{n:02d}.py" for n in range(2 * MIN_FILES_FOR_WORKERS)])
    (tree / KILLER).write_text(KILLER_TEXT, encoding="utf-8")
    return tree


@pytest.fixture(scope="module")
def cli_wrappers(tmp_path_factory) -> Path:
    """A folder with the wrapper modules, to put on PYTHONPATH."""
    folder = tmp_path_factory.mktemp("wrappers")
    (folder / "killer_cli.py").write_text(KILLER_CLI, encoding="utf-8")
    (folder / "no_pdeathsig_cli.py").write_text(NO_PDEATHSIG_CLI, encoding="utf-8")
    return folder


def _wrapper_env(folder: Path) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join((str(folder), str(ROOT)))}


def _run_wrapper(wrapper: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m WRAPPER ARGS``, the wrappers and the repository importable."""
    return subprocess.run([sys.executable, "-m", wrapper, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **_wrapper_env(folder)})


# -- processes through /proc -------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    found = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found.update(int(child) for child in
                         Path(f"/proc/{pid}/task/{task}/children").read_text().split())
    except (FileNotFoundError, ProcessLookupError):  # it has just ended
        pass
    return found


def _descendants(pid: int) -> set[int]:
    found = set()
    pending = [pid]
    while pending:
        children = _children(pending.pop())
        found |= children
        pending.extend(children)
    return found


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def _alive(pid: int) -> bool:
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has ended


def _busy(pid: int) -> bool:
    fields = _stat_fields(pid)
    return fields is not None and int(fields[11]) + int(fields[12]) >= BUSY_TICKS


def _wait_until(condition, seconds: float = SETTLE_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def _start_check(command: list[str], env: dict | None = None) -> subprocess.Popen:
    """``command`` with piped output, once its two workers are analysing files."""
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    started = _wait_until(lambda: len(_children(proc.pid)) == 2
                          and all(_busy(pid) for pid in _children(proc.pid)))
    if not started:
        proc.kill()
        proc.communicate()
        pytest.fail("the run never had two busy workers")
    return proc


def _kill_and_check_nothing_is_left(proc: subprocess.Popen, signal_number: int) -> bytes:
    """Send the signal to the run; once it has gone, no process of it is left and its
    output pipes are at EOF.  Its stderr."""
    run_processes = _descendants(proc.pid)
    try:
        os.kill(proc.pid, signal_number)
        try:
            _, stderr = proc.communicate(timeout=SETTLE_SECONDS)  # EOF: nobody holds them
        except subprocess.TimeoutExpired:
            pytest.fail("the output pipes stayed open after the run was killed")
        assert _wait_until(lambda: not any(_alive(pid) for pid in run_processes)), \
            f"processes of the run survived: {sorted(filter(_alive, run_processes))}"
        return stderr
    finally:  # never leave strays behind, whatever failed
        for pid in [proc.pid, *run_processes]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.kill()
        proc.communicate()


# -- a killed parent -------------------------------------------------------------------------
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT],
                         ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_killed_run_leaves_no_process_holding_its_output(big_tree, signal_number):
    proc = _start_check([sys.executable, "-m", "lint_rules", "check", "-j2", str(big_tree)],
                        env={"PYTHONPATH": str(ROOT)})
    stderr = _kill_and_check_nothing_is_left(proc, signal_number)
    assert b"Process invariant-lint-worker" not in stderr  # Ctrl-C is not the workers'
    if signal_number == signal.SIGINT:  # Ctrl-C: one line and the shell's code, no traceback
        assert b"Traceback" not in stderr and b"invariant-lint: interrupted" in stderr
        assert proc.returncode == 130


def test_workers_also_notice_a_dead_parent_without_the_kernels_help(big_tree, cli_wrappers):
    proc = _start_check([sys.executable, "-m", "no_pdeathsig_cli", "check", "-j2",
                         str(big_tree)], env=_wrapper_env(cli_wrappers))
    _kill_and_check_nothing_is_left(proc, signal.SIGKILL)


def test_a_run_that_fails_in_the_parent_stops_its_workers(killer_tree, monkeypatch):
    def broken(self, sources):
        raise RuntimeError("project-wide rules failed")

    monkeypatch.setattr(Engine, "check_project", broken)
    engine = Engine(load_config(start=str(killer_tree)))
    with pytest.raises(RuntimeError, match="project-wide rules failed"):
        check_paths(engine, [str(killer_tree)], jobs=2)
    assert multiprocessing.active_children() == []


# -- a worker that dies ----------------------------------------------------------------------
def _findings(document) -> list[tuple]:
    return [(f["path"], f["line"], f["column"], f["code"], f["message"])
            for f in document["findings"]]


def test_a_worker_killed_by_one_file_costs_only_that_file(killer_tree, cli_wrappers):
    reference, document = run_json("-j1", str(killer_tree))
    assert reference.returncode == 1
    expected = _findings(document)
    assert expected and not any(KILLER in path for path, *_ in expected)
    killer = str(killer_tree / KILLER)
    expected = sorted([*expected, (killer, 1, 1, "INV000", CRASH_MESSAGE)])

    proc = _run_wrapper("killer_cli", cli_wrappers, "check", "--format", "json", "-j2",
                        str(killer_tree))
    assert proc.stderr == ""  # no BrokenProcessPool traceback, nothing at all
    assert proc.returncode == 1
    assert _findings(json.loads(proc.stdout)) == expected


def test_the_crash_alone_makes_the_exit_code_1(tmp_path, cli_wrappers):
    for number in range(MIN_FILES_FOR_WORKERS):  # clean, distinct files (no clones)
        (tmp_path / f"m_{number:02d}.py").write_text(
            f"def add_{number}(a, b):\n    return a + b * {number}\n", encoding="utf-8")
    clean = _run_wrapper("killer_cli", cli_wrappers, "check", "-j2", str(tmp_path))
    assert (clean.returncode, clean.stderr) == (0, "")

    (tmp_path / KILLER).write_text(KILLER_TEXT, encoding="utf-8")
    crashed = _run_wrapper("killer_cli", cli_wrappers, "check", "--format", "json", "-j2",
                           str(tmp_path))
    assert (crashed.returncode, crashed.stderr) == (1, "")
    assert _findings(json.loads(crashed.stdout)) == [
        (str(tmp_path / KILLER), 1, 1, "INV000", CRASH_MESSAGE)]


@pytest.fixture
def many_killers(tmp_path) -> Path:
    """Files with findings, in chunks in name order: two killers in the first chunk, one
    in the second, and in the third a file that kills its worker only the first time."""
    special = {3: "_kill_me", 5: "_kill_me", 12: "_kill_me", 20: "_once"}
    assert FILES_PER_WORKER_CHUNK == 8, "the positions above assume chunks of 8"
    return _write_handlers(tmp_path / "tree", [f"f{n:02d}{special.get(n, '')}.py"
                                               for n in range(2 * MIN_FILES_FOR_WORKERS)])


def test_each_file_that_kills_a_worker_is_found_and_every_other_file_reported(
        many_killers, monkeypatch):
    engine = Engine(load_config(start=str(many_killers)))
    reference = check_paths(engine, [str(many_killers)], jobs=1).findings
    assert len(reference) >= 2 * MIN_FILES_FOR_WORKERS

    marker = many_killers.parent / "once.crashed"
    original = Engine.check_source
    test_process = os.getpid()

    def check_source(self, source):
        name = os.path.basename(source.path)
        if os.getpid() != test_process:  # never kill pytest itself
            if name.endswith("_kill_me.py"):
                os.kill(os.getpid(), signal.SIGKILL)
            if name.endswith("_once.py") and not marker.exists():
                marker.touch()
                os._exit(70)
        return original(self, source)

    monkeypatch.setattr(Engine, "check_source", check_source)
    result = check_paths(engine, [str(many_killers)], jobs=2)
    killers = sorted(str(p) for p in many_killers.glob("*_kill_me.py"))
    assert len(killers) == 3
    assert [f.path for f in result.findings if f.code == "INV000"] == killers
    assert all(f.message == CRASH_MESSAGE for f in result.findings if f.code == "INV000")
    # The _once file killed its first worker but not the fresh one: reported as usual.
    assert marker.exists()
    assert [f for f in result.findings if f.code != "INV000"] == \
        [f for f in reference if f.path not in killers]
    assert len(result.worker_pids) > 2, "the files were re-run in fresh workers"
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_escaping_the_engine_is_the_files_inv000(many_killers, monkeypatch, jobs):
    original = Engine.check_source
    failing = many_killers / "f03_kill_me.py"

    def check_source(self, source):
        if source.path == str(failing):
            raise MemoryError("out of memory in a test")
        return original(self, source)

    monkeypatch.setattr(Engine, "check_source", check_source)
    engine = Engine(load_config(start=str(many_killers)))
    result = check_paths(engine, [str(many_killers)], jobs=jobs)
    assert [(f.path, f.message) for f in result.findings if f.code == "INV000"] == [
        (str(failing), f"{CRASH_MESSAGE}: MemoryError: out of memory in a test")]
    assert len({f.path for f in result.findings}) == result.files == 2 * MIN_FILES_FOR_WORKERS
