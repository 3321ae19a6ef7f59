"""The result cache: a cached run reports exactly what a cold run reports, after every kind
of edit, through the real front ends (the CLI and flake8 as subprocesses, the language
server over stdio).

Each test compares a run that reads the cache with a ``--no-cache`` run of the same tree
(the cold truth), and checks that the edit changed what it should, so a cache that
served stale results, or none, fails.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import (
    ADOPTS_ERROR_HELPER, AWAIT_UNDER_LOCK, ERROR_HELPER_MODULE, RAW_ERROR, ROOT, run_cli,
    run_module, write_tree,
)
from lint_rules.constants import MAX_CACHED_CONFIGURATIONS, MIN_FILES_FOR_WORKERS
from lint_rules.result_cache import CACHE_FOLDER, FORMAT, NO_CACHE_VARIABLE, entry_name
from lint_rules.text_files import write_atomically

ROUTES = (
    "import asyncio\n"
    "\n"
    "from .net import probe\n"
    "\n"
    "LOCK = asyncio.Lock()\n"
    "\n"
    "\n"
    "async def handler():\n"
    "    async with LOCK:\n"
    "        await probe()\n"
)
NET = "from .deep import wait_a_bit\n\n\nasync def probe():\n    await wait_a_bit()\n"
DEEP_QUIET = "async def wait_a_bit():\n    return 1\n"
DEEP_SLEEPS = "import asyncio\n\n\nasync def wait_a_bit():\n    await asyncio.sleep(1)\n"
INV101_VIA_CHAIN = ("pkg/routes.py:10:9: INV101 await of sleep (probe → wait_a_bit → "
                    "asyncio.sleep) while holding 'LOCK' (acquired at line 9); snapshot "
                    "under the lock, do the I/O after releasing it")

HELPER = (
    "def parse_worker_address(text):\n"
    "    host, _, port = text.partition(':')\n"
    "    if not port:\n"
    "        port = '8188'\n"
    "    address = f'http://{host}:{port}'\n"
    "    return address.rstrip('/')\n"
)
OTHER = "def total(values):\n    return sum(v for v in values if v is not None)\n"

TIMER_JS = ("export function start(ui) {\n"
            "  ui.refreshTimer = setInterval(() => ui.poll(), ui.period);\n}\n")
TEARDOWN_JS = "export function stop(ui) {\n  clearInterval(ui.refreshTimer);\n}\n"
OTHER_JS = "export const total = (values) => values.reduce((sum, v) => sum + v, 0);\n"


def _project(root: Path, files: dict[str, str | bytes]) -> Path:
    write_tree(root, files)
    (root / ".git").mkdir(exist_ok=True)
    return root


def _lint(root: Path, *args: str, cwd: Path | None = None) -> list[str]:
    proc = run_cli("check", *(args or (".",)), "--output-format", "concise", cwd=cwd or root)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.splitlines()


def _cached_equals_cold(root: Path, *args: str, cwd: Path | None = None) -> list[str]:
    """The findings of a run with the cache, asserted equal to a ``--no-cache`` run's."""
    cached = _lint(root, *args, cwd=cwd)
    cold = _lint(root, *(args or (".",)), "--no-cache", cwd=cwd)
    assert cached == cold
    return cached


def _codes(lines: list[str]) -> list[tuple[str, str]]:
    """(path, code) of each finding line."""
    found = []
    for line in lines:
        parts = line.split(": ", 1)
        if len(parts) == 2 and parts[1][:3] == "INV":
            found.append((parts[0].split(":")[0], parts[1].split()[0]))
    return found


def _entries(root: Path, kind: str = "files") -> list[Path]:
    return sorted((root / CACHE_FOLDER).glob(f"*/{kind}/*.pickle"))


def _stamp(path: Path):
    with open(path, "rb") as handle:
        return pickle.load(handle)


# -- the folder -----------------------------------------------------------------------------

def test_the_cache_folder_is_created_next_to_the_configuration_and_ignored(tmp_path):
    root = _project(tmp_path / "proj", {
        "pyproject.toml": "[tool.invariant-lint]\nselect = ['INV']\n",
        "src/routes.py": RAW_ERROR})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    _lint(root, "src", cwd=root)
    folder = root / CACHE_FOLDER
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert len(_entries(root)) == 1
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    assert CACHE_FOLDER not in status


def test_no_cache_neither_creates_nor_reads_it(tmp_path):
    root = _project(tmp_path, {"routes.py": RAW_ERROR})
    first = _lint(root, ".", "--no-cache")
    assert not (root / CACHE_FOLDER).exists()
    env_proc = subprocess.run(
        [sys.executable, "-m", "lint_rules", "check", ".", "--output-format", "concise"],
        cwd=root, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), NO_CACHE_VARIABLE: "1"})
    assert env_proc.stdout.splitlines() == first
    assert not (root / CACHE_FOLDER).exists()
    _lint(root)
    _plant_message(root, "planted by the test")
    assert _lint(root, ".", "--no-cache") == first


def test_cache_dir_option_and_key_move_the_folder(tmp_path):
    root = _project(tmp_path, {
        "pyproject.toml": "[tool.invariant-lint]\ncache-dir = 'build/lint'\n",
        "routes.py": RAW_ERROR})
    expected = _lint(root, ".", "--no-cache")
    assert _lint(root) == expected
    assert (root / "build/lint/CACHEDIR.TAG").is_file()
    assert not (root / CACHE_FOLDER).exists()
    assert _lint(root, ".", "--cache-dir", str(tmp_path / "elsewhere")) == expected
    assert (tmp_path / "elsewhere/.gitignore").is_file()


def _rewrite(path: Path, stamped) -> None:
    """Replace an entry as the cache writes one (atomically)."""
    write_atomically(str(path), pickle.dumps(stamped))


def _plant_message(root: Path, message: str) -> None:
    """Rewrite every per-file entry so its findings carry ``message`` (a valid entry)."""
    import dataclasses

    for path in _entries(root):
        magic, version, key, payload = _stamp(path)
        payload["findings"] = [dataclasses.replace(f, message=message)
                               for f in payload["findings"]]
        _rewrite(path, (magic, version, key, payload))


def test_a_warm_run_reports_what_the_entries_hold(tmp_path):
    root = _project(tmp_path, {"routes.py": RAW_ERROR})
    cold = _cached_equals_cold(root)
    assert _lint(root) == cold
    _plant_message(root, "planted by the test")
    assert _lint(root)[0].endswith("INV501 planted by the test")


# -- each kind of edit ------------------------------------------------------------------------

def test_an_edit_of_the_file_itself(tmp_path):
    root = _project(tmp_path, {"routes.py": "from aiohttp import web\n", "other.py": OTHER})
    assert _cached_equals_cold(root) == ["All checks passed: 2 files checked."]
    (root / "routes.py").write_text(RAW_ERROR)
    assert _codes(_cached_equals_cold(root)) == [("routes.py", "INV501")]
    (root / "routes.py").write_text("from aiohttp import web\n")
    assert _codes(_cached_equals_cold(root)) == []


def test_an_edit_of_a_module_the_inv101_chain_reaches(tmp_path):
    root = _project(tmp_path, {"pkg/__init__.py": "", "pkg/routes.py": ROUTES,
                               "pkg/net.py": NET, "pkg/deep.py": DEEP_QUIET})
    assert _codes(_cached_equals_cold(root)) == []
    # routes.py is unchanged; deep.py, two imports away, now sleeps.
    (root / "pkg/deep.py").write_text(DEEP_SLEEPS)
    assert _cached_equals_cold(root)[0] == INV101_VIA_CHAIN
    (root / "pkg/deep.py").write_text(DEEP_QUIET)
    assert _codes(_cached_equals_cold(root)) == []


def test_a_module_the_chain_imports_appearing(tmp_path):
    # The import of .net fails at first: the await is reported as unresolved; once the
    # module exists (and awaits nothing), it is not.
    root = _project(tmp_path, {"pkg/__init__.py": "", "pkg/routes.py": ROUTES,
                               "pkg/deep.py": DEEP_QUIET})
    assert _codes(_cached_equals_cold(root)) == [("pkg/routes.py", "INV101")]
    (root / "pkg/net.py").write_text(NET)
    assert _codes(_cached_equals_cold(root)) == []


def test_another_file_adopting_or_dropping_a_convention(tmp_path):
    # INV501 reports only where the project has an error helper, INV703 only where it has
    # an API client: entries of unchanged files follow the other files coming and going.
    routes = RAW_ERROR.replace(ADOPTS_ERROR_HELPER, "")
    fetching = "export const send = (body) => fetch('/queue', { method: 'POST', body });\n"
    root = _project(tmp_path, {"routes.py": routes, "web/panel.js": fetching})
    assert _codes(_cached_equals_cold(root)) == []
    write_tree(root, {"errors.py": ERROR_HELPER_MODULE,
                      "web/apiClient.js": "export const get = (u) => fetch(u);\n"})
    assert _codes(_cached_equals_cold(root)) == [("routes.py", "INV501"),
                                                 ("web/panel.js", "INV703")]
    (root / "errors.py").unlink()
    assert _codes(_cached_equals_cold(root)) == [("web/panel.js", "INV703")]


def test_an_edit_of_the_configuration(tmp_path):
    root = _project(tmp_path, {"jobs.py": AWAIT_UNDER_LOCK})
    may_suspend = _cached_equals_cold(root)
    assert _codes(may_suspend) == [("jobs.py", "INV101")]
    (root / "pyproject.toml").write_text("[tool.invariant-lint]\nunknown-awaits = 'ignore'\n")
    assert _codes(_cached_equals_cold(root)) == []
    (root / "pyproject.toml").write_text("[tool.invariant-lint]\nunknown-awaits = 'report'\n")
    assert _cached_equals_cold(root) == may_suspend
    # Output options are not part of the key: the same entries serve every format.
    folders = sorted((root / CACHE_FOLDER).iterdir())
    assert run_cli("check", ".", "--output-format", "json", cwd=root).returncode == 1
    assert sorted((root / CACHE_FOLDER).iterdir()) == folders


def test_an_edit_of_one_copy_of_a_clone(tmp_path):
    root = _project(tmp_path, {"a.py": HELPER, "b.py": HELPER, "c.py": OTHER})
    assert _codes(_cached_equals_cold(root)) == [("a.py", "INV301"), ("b.py", "INV301")]
    (root / "b.py").write_text(OTHER.replace("total", "grand_total"))
    # a.py is unchanged, and its half of the pair goes with b.py's copy.
    assert _codes(_cached_equals_cold(root)) == [("b.py", "INV301"), ("c.py", "INV301")]
    (root / "b.py").write_text(HELPER)
    assert _codes(_cached_equals_cold(root)) == [("a.py", "INV301"), ("b.py", "INV301")]


JS_HELPER = (
    "export async function fetchStatus(api, workerId) {\n"
    "    const response = await api.fetchApi(`/worker/${workerId}/status`);\n"
    "    if (!response.ok) throw new Error(`status ${response.status}`);\n"
    "    const data = await response.json();\n"
    "    return { online: data.online, queue: data.queue_remaining ?? 0 };\n"
    "}\n"
)


def test_an_edit_next_to_one_copy_of_a_javascript_clone(tmp_path):
    # The unchanged copy's fingerprints come from the cache, the edited one's are new: both
    # must be the ones a cold run computes.
    copy = JS_HELPER.replace("fetchStatus", "loadStatus")
    root = _project(tmp_path, {"a.js": JS_HELPER, "b.js": copy})
    assert _codes(_cached_equals_cold(root)) == [("a.js", "INV301"), ("b.js", "INV301")]
    with open(root / "b.js", "a", encoding="utf-8") as handle:
        handle.write("// the copy gets a comment\n")
    assert _codes(_cached_equals_cold(root)) == [("a.js", "INV301"), ("b.js", "INV301")]


def _parts_entries(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in _entries(root, "parts")}


def test_a_later_run_fingerprints_only_the_edited_file(tmp_path, monkeypatch):
    # Each run is its own process with its own string hashing (PYTHONHASHSEED): the clone
    # analyses of the unchanged files are reused from the first run's entries, which are not
    # even rewritten; only the edited file's entry is.
    js_copy = JS_HELPER.replace("fetchStatus", "loadStatus")
    root = _project(tmp_path, {"a.py": HELPER, "b.py": HELPER, "c.py": OTHER,
                               "web/a.js": JS_HELPER, "web/b.js": js_copy,
                               "web/c.js": TIMER_JS})
    monkeypatch.setenv("PYTHONHASHSEED", "1")
    first = _cached_equals_cold(root)
    assert _codes(first) == [("a.py", "INV301"), ("b.py", "INV301"),
                             ("web/a.js", "INV301"), ("web/b.js", "INV301"),
                             ("web/c.js", "INV712")]
    before = _parts_entries(root)
    assert len(before) == 6
    (root / "c.py").write_text(OTHER.replace("total", "grand_total"))
    with open(root / "web/c.js", "a", encoding="utf-8") as handle:
        handle.write("// edited\n")
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    assert _lint(root) == first
    after = _parts_entries(root)
    changed = {name for name in before if after.get(name) != before[name]}
    assert changed == {entry_name(str(root / "c.py")), entry_name(str(root / "web/c.js"))}
    monkeypatch.setenv("PYTHONHASHSEED", "3")
    assert _lint(root, ".", "--no-cache") == first


def test_an_edit_of_the_js_file_that_clears_an_interval(tmp_path):
    root = _project(tmp_path, {"web/timer.js": TIMER_JS, "web/teardown.js": TEARDOWN_JS})
    assert _codes(_cached_equals_cold(root)) == []
    (root / "web/teardown.js").write_text(TEARDOWN_JS.replace("refreshTimer", "pollTimer"))
    assert _codes(_cached_equals_cold(root)) == [("web/timer.js", "INV712")]


def test_named_files_and_another_working_directory_share_the_entries(tmp_path):
    root = _project(tmp_path / "proj", {"a.py": HELPER, "b.py": HELPER, "r.py": RAW_ERROR})
    from_inside = _codes(_cached_equals_cold(root))
    from_outside = _codes(_cached_equals_cold(root, "proj", cwd=tmp_path))
    assert from_outside == [("proj/" + path, code) for path, code in from_inside]
    assert _lint(root) == _lint(root, ".", "--no-cache")
    # pre-commit names the staged files: compared with the whole project all the same.
    assert _codes(_cached_equals_cold(root, "a.py")) == [("a.py", "INV301")]


def test_bad_input_is_cached_as_it_is_found(tmp_path):
    root = _project(tmp_path, {"broken.py": "def broken(:\n    pass\n", "empty.py": "",
                               "nul.py": b"x = 1\x00\n", "latin.py": b"s = '\xe9'\n",
                               "bad.js": "function (\n"})
    cold = _cached_equals_cold(root)
    assert {code for _path, code in _codes(cold)} == {"INV000"}
    assert _lint(root) == cold


# -- damaged, foreign and shared caches -------------------------------------------------------

def test_corrupted_and_truncated_entries_are_ignored_and_rewritten(tmp_path):
    root = _project(tmp_path, {"a.py": HELPER, "b.py": HELPER, "r.py": RAW_ERROR,
                               "pkg/__init__.py": "", "pkg/routes.py": ROUTES,
                               "pkg/net.py": NET, "pkg/deep.py": DEEP_SLEEPS})
    cold = _cached_equals_cold(root)
    entries = [*_entries(root), *_entries(root, "parts"), *_entries(root, "projects")]
    for number, path in enumerate(entries):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else b"\x80\x05garbage")
    assert _lint(root) == cold
    for path in entries:
        assert _stamp(path)[:2] == ("invariant-lint-cache", FORMAT)


def test_foreign_entries_are_ignored_and_rewritten(tmp_path):
    root = _project(tmp_path, {"r.py": RAW_ERROR})
    cold = _cached_equals_cold(root)
    _plant_message(root, "from another version")
    for path in _entries(root):
        magic, _version, key, payload = _stamp(path)
        _rewrite(path, (magic, FORMAT + 1, key, payload))
    assert _lint(root) == cold
    assert all(_stamp(path)[1] == FORMAT for path in _entries(root))


def test_configurations_kept_are_bounded(tmp_path):
    root = _project(tmp_path, {"a.py": HELPER, "b.py": HELPER})
    for size in range(6, 6 + MAX_CACHED_CONFIGURATIONS + 2):
        (root / "pyproject.toml").write_text(f"[tool.invariant-lint]\nclone-min-size = {size}\n")
        _lint(root)
    folders = [p for p in (root / CACHE_FOLDER).iterdir() if p.is_dir()]
    assert len(folders) == MAX_CACHED_CONFIGURATIONS


def _many_files(root: Path) -> Path:
    files = {f"m{number:02}.py": RAW_ERROR if number % 5 == 0 else OTHER.replace(
        "total", f"total_{number}") for number in range(MIN_FILES_FOR_WORKERS + 8)}
    return _project(root, files)


def test_worker_processes_read_and_record_entries(tmp_path):
    root = _many_files(tmp_path)
    cold = _lint(root, ".", "--no-cache", "-j", "2")
    assert _lint(root, ".", "-j", "2") == cold
    # Every file was checked in a worker (the parent runs only the project pass), and
    # every file's entry is there.
    assert len(_entries(root)) == MIN_FILES_FOR_WORKERS + 8
    _plant_message(root, "planted by the test")
    per_file = [line for line in _lint(root, ".", "-j", "2") if " INV501 " in line]
    assert len(per_file) == sum(" INV501 " in line for line in cold) > 0
    assert all(line.endswith("planted by the test") for line in per_file)


def test_worker_runs_after_edits_give_the_cold_findings(tmp_path):
    # With workers, the parent takes the cached summaries while they check the edited
    # files, then their fresh summaries: after each edit, what a cold run finds.
    root = _many_files(tmp_path)
    write_tree(root, {"a.py": HELPER, "b.py": HELPER, "web/a.js": JS_HELPER,
                      "web/b.js": JS_HELPER.replace("fetchStatus", "loadStatus"),
                      "web/timer.js": TIMER_JS, "web/teardown.js": TEARDOWN_JS})

    def cached_equals_cold() -> list[tuple[str, str]]:
        cached = _lint(root, ".", "-j", "2")
        assert cached == _lint(root, ".", "--no-cache", "-j", "2")
        # (the m*.py files are copies of each other, and some send raw errors: those
        # findings are left out, nothing else, so an INV000 anywhere still shows)
        return sorted({found for found in _codes(cached) if not (
            found[0].startswith("m") and found[1] in ("INV301", "INV501"))})

    assert cached_equals_cold() == [("a.py", "INV301"), ("b.py", "INV301"),
                                    ("web/a.js", "INV301"), ("web/b.js", "INV301")]
    assert cached_equals_cold() == [("a.py", "INV301"), ("b.py", "INV301"),
                                    ("web/a.js", "INV301"), ("web/b.js", "INV301")]
    # b.py becomes one more copy of the m*.py files' function, a.py's twin is gone.
    (root / "b.py").write_text(OTHER.replace("total", "grand_total"))
    (root / "web/teardown.js").write_text(TEARDOWN_JS.replace("refreshTimer", "pollTimer"))
    assert cached_equals_cold() == [("b.py", "INV301"), ("web/a.js", "INV301"),
                                    ("web/b.js", "INV301"), ("web/timer.js", "INV712")]
    (root / "web/b.js").write_text(OTHER_JS)
    (root / "b.py").write_text(HELPER)
    assert cached_equals_cold() == [("a.py", "INV301"), ("b.py", "INV301"),
                                    ("web/timer.js", "INV712")]


def test_two_concurrent_runs_leave_a_valid_cache(tmp_path):
    root = _many_files(tmp_path)
    (root / "a.py").write_text(HELPER)
    (root / "b.py").write_text(HELPER)
    cold = _lint(root, ".", "--no-cache")
    command = [sys.executable, "-m", "lint_rules", "check", ".", "--output-format", "concise"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([*command, "-j", jobs], cwd=root, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for jobs in ("1", "2")]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert out.splitlines() == cold, err
    for path in [*_entries(root), *_entries(root, "parts"), *_entries(root, "projects")]:
        assert _stamp(path)[:2] == ("invariant-lint-cache", FORMAT)
    assert _lint(root) == cold
    assert not list(root.glob(f"{CACHE_FOLDER}/**/*.tmp"))


# -- the other front ends -----------------------------------------------------------------------

def _flake8(root: Path, **env: str) -> list[str]:
    proc = run_flake8(root, env)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted(proc.stdout.splitlines())


def run_flake8(root: Path, env: dict[str, str]):
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "INV", "."], cwd=root,
        capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_the_flake8_plugin_uses_the_cache(tmp_path):
    root = _project(tmp_path, {"a.py": HELPER, "b.py": HELPER, "r.py": RAW_ERROR})
    cold = _flake8(root, **{NO_CACHE_VARIABLE: "1"})
    assert not (root / CACHE_FOLDER).exists()
    assert [line.split(": ")[1][:6] for line in cold] == ["INV301", "INV301", "INV501"]
    assert _flake8(root) == cold
    assert _flake8(root) == cold
    assert len(_entries(root)) == 3
    (root / "b.py").write_text(OTHER)
    assert _flake8(root) == _flake8(root, **{NO_CACHE_VARIABLE: "1"}) == [
        line for line in cold if not line.startswith("./a.py")
        and not line.startswith("./b.py")]


def test_the_language_server_serves_a_buffer_from_the_cache_only_when_it_matches(tmp_path):
    from lsp_client import diagnostics_when, open_document, run_session

    other = RAW_ERROR.replace("async def h(r):\n", "async def g(r, extra):\n"
                              "    extra = [extra] * 2\n")
    root = _project(tmp_path, {"same.py": RAW_ERROR, "edited.py": other})
    assert _codes(_lint(root)) == [("edited.py", "INV501"), ("same.py", "INV501")]
    _plant_message(root, "planted by the test")
    edited = other.replace("status=400", "status=404")

    async def scenario(client):
        same = open_document(client, root / "same.py")
        changed = open_document(client, root / "edited.py", edited)
        found = await diagnostics_when(client, same, lambda d: len(d) == 1)
        other = await diagnostics_when(client, changed, lambda d: len(d) == 1)
        return found[0].message, other[0].message

    same, changed = run_session([root], scenario)
    assert same == "planted by the test"  # the buffer is the file on disk: from the cache
    assert changed.startswith("error response built directly with json_response (status 404)")
    # The buffer was not recorded: the entry of edited.py is still the planted one.
    assert _lint(root, "edited.py")[0].endswith("planted by the test")


@pytest.mark.parametrize("module", ["lint_rules"])
def test_check_help_documents_the_cache(module):
    proc = run_module(module, "check", "--help")
    assert "--no-cache" in proc.stdout and "--cache-dir DIR" in proc.stdout
