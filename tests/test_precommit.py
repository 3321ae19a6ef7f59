"""The real pre-commit tool on a temporary git repository: the repository's own hook
definition (``.pre-commit-hooks.yaml``) run as a local hook, offline, on the staged files.

pre-commit passes only the staged files; the project-wide rules still compare them with the
whole project (the committed files) and report only what is in the staged files: a new copy
of a committed helper is blocked, a new ``setInterval`` whose ``clearInterval`` is in a
committed file passes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from helpers import COPIED_HELPER as COPY, HELPER, ROOT, write_tree


POLLER_STOP = textwrap.dedent('''\
    // Stops the status poll that web/poller_start.js starts.
    export function stopStatusPoll(panel) {
        clearInterval(panel.statusPollTimer);
        panel.statusPollTimer = null;
    }
''')

POLLER_START = textwrap.dedent('''\
    import { TIMEOUTS } from './constants.js';

    export function startStatusPoll(panel) {
        panel.statusPollTimer = setInterval(() => panel.refresh(), TIMEOUTS.STATUS_POLL);
    }
''')

UNCLEARED_START = textwrap.dedent('''\
    import { TIMEOUTS } from './constants.js';

    export function startHeartbeat(panel) {
        panel.heartbeatTimer = setInterval(() => panel.beat(), TIMEOUTS.HEARTBEAT);
    }
''')

CONSTANTS_JS = "export const TIMEOUTS = { STATUS_POLL: 2000, HEARTBEAT: 5000 };\n"


def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture
def repository(tmp_path, tmp_path_factory):
    """A git repository with the hook configured and one commit; returns (root, run) where
    ``run(*files)`` is ``pre-commit run --files FILES``."""
    root = tmp_path / "repo"
    write_tree(root, {
        "pyproject.toml": '[tool.invariant-lint]\nexclude = ["vendored"]\n',
        "api/__init__.py": "",
        "api/query.py": HELPER,
        "web/constants.js": CONSTANTS_JS,
        "web/poller_stop.js": POLLER_STOP,
    })
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = manifest.replace("- id:", "      - id:").replace("\n  ", "\n        ")
    hook = hook.replace("language: python", "language: system")
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n" + hook, encoding="utf-8")
    _git("init", "-q", cwd=root)
    _git("-c", "user.email=dev@example.invalid", "-c", "user.name=dev", "add", "-A", cwd=root)
    _git("-c", "user.email=dev@example.invalid", "-c", "user.name=dev",
         "commit", "-q", "-m", "initial", cwd=root)
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
           "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
           "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}

    def run(*files):
        _git("add", "-A", cwd=root)
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--verbose", "--files",
                               *files],
                              cwd=root, env=env, capture_output=True, text=True, timeout=300)
    return root, run


def test_hook_passes_force_exclude():
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: invariant-lint check --force-exclude\n" in manifest


def test_a_new_copy_of_a_committed_helper_is_blocked(repository):
    root, run = repository
    write_tree(root, {"api/orchestration/__init__.py": "",
                      "api/orchestration/jobs.py": COPY})
    result = run("api/orchestration/__init__.py", "api/orchestration/jobs.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("api/orchestration/jobs.py:1:1: INV301 'coerce_positive_int' duplicates "
            "'parse_positive_int' at api/query.py:1 (renamed: text -> raw, default -> "
            "fallback, number -> value)") in result.stdout
    # Only the staged file is reported: the committed twin is not the commit's finding.
    assert "api/query.py:1:1:" not in result.stdout
    assert "Found 1 finding in 2 files checked (INV301: 1)." in result.stdout


def test_a_staged_file_excluded_by_the_configuration_is_skipped(repository):
    root, run = repository
    write_tree(root, {"vendored/copy.py": COPY})
    result = run("vendored/copy.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "`exclude` matches it (--force-exclude)" in result.stdout


def test_a_new_interval_cleared_in_a_committed_file_passes(repository):
    root, run = repository
    write_tree(root, {"web/poller_start.js": POLLER_START})
    result = run("web/poller_start.js")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed: 1 file checked." in result.stdout


def test_a_new_interval_nothing_clears_is_blocked(repository):
    root, run = repository
    write_tree(root, {"web/heartbeat.js": UNCLEARED_START})
    result = run("web/heartbeat.js")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "web/heartbeat.js:4:28: INV712" in result.stdout
