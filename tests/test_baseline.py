"""The baseline: written, read, matched across edits, stale entries, pruning, the file's
stability, and the same through the CLI, pylint, flake8 and the real pre-commit tool."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT, run_cli, run_json, run_module, write_tree
from lint_rules.baseline import Baseline, BaselineKey, line_fingerprint
from lint_rules.result_cache import CACHE_FOLDER

BASELINE = ".invariant-lint-baseline.json"
CONFIGURED = f'[tool.invariant-lint]\nbaseline = "{BASELINE}"\n'

# Two INV501 findings (lines 4 and 6) in two functions.
ROUTES = (
    "from aiohttp import web\n"
    "\n"
    "async def get_job(request):\n"
    '    return web.json_response({"error": "no job"}, status=404)\n'
    "async def put_job(request):\n"
    '    return web.json_response({"error": "bad job"}, status=400)\n'
)
# INV501 reports in projects that have adopted an error helper: these projects have one.
ERRORS = ("from aiohttp import web\n\n\nasync def handle_api_error(request, message, status):\n"
          '    return web.json_response({"error": message}, status=status)\n')
NEW_FINDING = ('async def post_job(request):\n'
               '    return web.json_response({"error": "full"}, status=503)\n')


def _found(document) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["code"]) for f in document["findings"]]


@pytest.fixture
def project(tmp_path):
    """A project with the baseline configured and two recorded findings."""
    write_tree(tmp_path, {"pyproject.toml": CONFIGURED, "api/routes.py": ROUTES,
                          "api/errors.py": ERRORS})
    proc = run_cli("check", "--write-baseline", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"Wrote {BASELINE}: 2 findings recorded (2 entries).\n"
    return tmp_path


def test_the_file(project):
    text = (project / BASELINE).read_text(encoding="utf-8")
    first = line_fingerprint('return web.json_response({"error": "no job"}, status=404)')
    second = line_fingerprint('return web.json_response({"error": "bad job"}, status=400)')
    assert text == (
        "{\n"
        '  "tool": "invariant-lint",\n'
        '  "format": 1,\n'
        '  "findings": [\n'
        f'    {{"path": "api/routes.py", "code": "INV501", "scope": "get_job", '
        f'"fingerprint": "{first}", "count": 1}},\n'
        f'    {{"path": "api/routes.py", "code": "INV501", "scope": "put_job", '
        f'"fingerprint": "{second}", "count": 1}}\n'
        "  ]\n"
        "}\n")
    assert json.loads(text)["findings"][0]["path"] == "api/routes.py"
    # Written again from elsewhere (another working directory, an absolute path): the same.
    elsewhere = run_cli("check", str(project / "api"), "--write-baseline",
                        cwd=project.parent)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert (project / BASELINE).read_text(encoding="utf-8") == text
    # No temporary file is left (the result cache's folder is the run's, not the write's).
    assert sorted(p.name for p in project.iterdir() if p.name != CACHE_FOLDER) == [
        BASELINE, "api", "pyproject.toml"]


def test_round_trip_across_an_inserted_line_and_a_renamed_function(project):
    proc, document = run_json(".", cwd=project)
    assert (proc.returncode, _found(document)) == (0, [])
    assert document["summary"]["baselined"] == 2

    # Lines inserted above: the same findings, other line numbers, still recorded.
    routes = project / "api/routes.py"
    routes.write_text("import os\n\n" + ROUTES, encoding="utf-8")
    proc, document = run_json(".", cwd=project)
    assert (proc.returncode, _found(document), proc.stderr) == (0, [], "")

    # A renamed function: its finding is new, and its old entry matches nothing.
    routes.write_text(("import os\n\n" + ROUTES).replace("put_job", "replace_job"),
                      encoding="utf-8")
    proc, document = run_json(".", cwd=project)
    assert _found(document) == [("api/routes.py", 8, "INV501")]
    assert proc.returncode == 1
    assert proc.stderr == (f"invariant-lint: {BASELINE}: 1 recorded finding no longer "
                           "found (--prune-baseline removes it)\n")
    assert document["summary"]["stale_baseline_entries"] == 1


def test_strict_and_prune(project):
    routes = project / "api/routes.py"  # put_job's finding fixed (the function removed)
    routes.write_text("\n".join(ROUTES.splitlines()[:4]) + "\n", encoding="utf-8")
    assert run_cli("check", ".", cwd=project).returncode == 0
    strict = run_cli("check", "--strict-baseline", ".", cwd=project)
    assert strict.returncode == 1 and "1 recorded finding no longer found" in strict.stderr
    pruned = run_cli("check", "--prune-baseline", ".", cwd=project)
    assert pruned.returncode == 0
    assert pruned.stderr == f"invariant-lint: removed 1 stale entry from {BASELINE}\n"
    entries = json.loads((project / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [e["scope"] for e in entries] == ["get_job"]
    assert run_cli("check", "--strict-baseline", ".", cwd=project).returncode == 0


def test_a_growing_count_reports_the_extra_findings(project):
    routes = project / "api/routes.py"
    text = ROUTES.replace('    return web.json_response({"error": "no job"}, status=404)\n',
                          '    if request.query:\n'
                          '        return web.json_response({"error": "no job"}, status=404)\n'
                          '    return web.json_response({"error": "no job"}, status=404)\n')
    routes.write_text(text, encoding="utf-8")
    _proc, document = run_json(".", cwd=project)
    assert _found(document) == [("api/routes.py", 6, "INV501")]  # the second, the extra one


def test_new_findings_and_a_partial_run(project):
    routes = project / "api/routes.py"
    routes.write_text(ROUTES + NEW_FINDING, encoding="utf-8")
    write_tree(project, {"api/other.py": (
        "from aiohttp import web\n"
        "async def post_job(request):\n"
        '    return web.json_response({"error": "gone"}, status=410)\n')})
    _proc, document = run_json(".", cwd=project)
    assert _found(document) == [("api/other.py", 3, "INV501"), ("api/routes.py", 8, "INV501")]
    # Record one file only: the other file's entries stay, and nothing is stale.
    assert run_cli("check", "api/other.py", "--write-baseline", cwd=project).returncode == 0
    entries = json.loads((project / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["scope"]) for e in entries] == [
        ("api/other.py", "post_job"), ("api/routes.py", "get_job"), ("api/routes.py", "put_job")]
    proc, document = run_json("api/routes.py", cwd=project)
    assert _found(document) == [("api/routes.py", 8, "INV501")] and proc.stderr == ""
    # A code the run does not check is not stale either.
    proc, document = run_json("--select", "INV1", ".", cwd=project)
    assert (_found(document), proc.stderr) == ([], "")


def test_a_deleted_file_makes_its_entries_stale(project):
    (project / "api/routes.py").unlink()
    write_tree(project, {"api/__init__.py": ""})
    proc = run_cli("check", ".", cwd=project)
    assert "2 recorded findings no longer found" in proc.stderr
    proc = run_cli("check", "api/__init__.py", cwd=project)  # the file was not covered
    assert proc.stderr == ""


def test_explicit_baseline_and_its_problems(tmp_path):
    write_tree(tmp_path, {"routes.py": ROUTES, "errors.py": ERRORS})
    assert run_cli("check", "--write-baseline=base.json", ".", cwd=tmp_path).returncode == 0
    assert run_cli("check", "--baseline", "base.json", ".", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", cwd=tmp_path).returncode == 1  # not configured: not read
    missing = run_cli("check", "--baseline", "nope.json", ".", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2, "invariant-lint: error: baseline file not found: nope.json (write one with "
           "`invariant-lint check --write-baseline`)\n")
    (tmp_path / "bad.json").write_text('{"tool": "invariant-lint", "format": 1, '
                                       '"findings": [{"path": 1}]}', encoding="utf-8")
    bad = run_cli("check", "--baseline", "bad.json", ".", cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (
        2, "invariant-lint: error: bad.json: not an invariant-lint baseline (entry 1 needs "
           "path, code, scope, fingerprint and a count)\n")
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe")
    assert run_cli("check", "--baseline", "bad.json", ".", cwd=tmp_path).returncode == 2
    usage = run_cli("check", "--write-baseline", ".", cwd=tmp_path)
    assert usage.returncode == 2 and "that is a path to check" in usage.stderr
    assert run_cli("check", "--strict-baseline", ".", cwd=tmp_path).returncode == 2


def test_parse_errors_are_never_baselined(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": CONFIGURED, "broken.py": "def f(:\n"})
    assert run_cli("check", "--write-baseline", cwd=tmp_path).stdout.startswith(
        f"Wrote {BASELINE}: 0 findings recorded")
    _proc, document = run_json(".", cwd=tmp_path)
    assert _found(document) == [("broken.py", 1, "INV000")]


def test_a_baseline_entry_survives_whitespace_changes():
    assert line_fingerprint("  return  f( x )") == line_fingerprint("return f( x )\t")
    assert line_fingerprint("return f(x)") != line_fingerprint("return f(y)")
    key = BaselineKey("a.py", "INV501", "h", line_fingerprint("x"))
    assert Baseline("b.json").pruned({key: 1}).counts == {}


# -- the plugins read the configured baseline ---------------------------------------------------

def test_pylint_and_flake8_read_the_configured_baseline(project):
    routes = project / "api/routes.py"
    routes.write_text("import os\n" + ROUTES + NEW_FINDING, encoding="utf-8")
    flake8 = run_module("flake8", "--select=INV", "--format=%(row)d:%(code)s",
                        "api/routes.py", cwd=project)
    assert flake8.stdout.split() == ["9:INV501"], flake8.stderr
    pylint = run_module("pylint", "--load-plugins=lint_rules.pylint_plugin", "--disable=all",
                        "--enable=raw-error-response", "--output-format=json", "--score=n",
                        "--persistent=n", "api/routes.py", cwd=project)
    assert [(m["line"], m["symbol"]) for m in json.loads(pylint.stdout)] == [
        (9, "raw-error-response")], pylint.stderr


def test_plugins_stop_on_a_missing_configured_baseline(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": CONFIGURED, "routes.py": ROUTES,
                          "errors.py": ERRORS})
    flake8 = run_module("flake8", "--select=INV", "routes.py", cwd=tmp_path)
    assert flake8.returncode != 0 and "baseline file not found" in flake8.stdout + flake8.stderr
    pylint = run_module("pylint", "--load-plugins=lint_rules.pylint_plugin", "--disable=all",
                        "--enable=raw-error-response,config-parse-error",
                        "--output-format=json", "--score=n", "--persistent=n", "routes.py",
                        cwd=tmp_path)
    messages = json.loads(pylint.stdout)
    assert [m["symbol"] for m in messages] == ["config-parse-error"]
    assert "baseline file not found" in messages[0]["message"]


# -- the real pre-commit tool ---------------------------------------------------------------------

def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_runs_the_hook_with_a_baseline(project, tmp_path_factory):
    """The repository's own hook definition (``.pre-commit-hooks.yaml``), run by pre-commit
    as a local hook on the staged files: no network, the installed ``invariant-lint``."""
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = manifest.replace("- id:", "      - id:").replace("\n  ", "\n        ")
    hook = hook.replace("language: python", "language: system")
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n" + hook, encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
           "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
           "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}

    def pre_commit(*files):
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files],
                              cwd=project, env=env, capture_output=True, text=True,
                              timeout=300)

    clean = pre_commit("api/routes.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "invariant-lint" in clean.stdout and "Passed" in clean.stdout

    (project / "api/routes.py").write_text("import os\n" + ROUTES + NEW_FINDING,
                                           encoding="utf-8")
    _git("add", "-A", cwd=project)
    failed = pre_commit("api/routes.py")
    assert failed.returncode == 1
    assert "api/routes.py:9:12: INV501 error response built directly" in failed.stdout
    assert "Found 1 finding in 1 file checked (INV501: 1). 2 more are in the baseline." \
        in failed.stdout
