"""The project scope users have: a tree without a marker (an archive, an sdist, sources a
CI step copied) is one project -- the folder the CLI was given, or for the per-file front
ends the working directory --; files named on the CLI are compared with their whole
project; other places named in messages are on the finding's own base; a file named
explicitly is checked even when ``exclude`` matches it, unless ``--force-exclude``."""

from __future__ import annotations

import os

from helpers import (
    COPIED_HELPER as COPY, HELPER, located, run_cli, run_json, run_module, write_tree,
)
from lint_rules.project_roots import common_folder, project_root_for, unmarked_root


# No .git, no configuration: the tree as an archive unpacks it.
UNMARKED = {
    "tree/api/__init__.py": "",
    "tree/api/query.py": HELPER,
    "tree/api/orchestration/__init__.py": "",
    "tree/api/orchestration/jobs.py": COPY,
}

JOBS_MESSAGE = ("INV301 'coerce_positive_int' duplicates 'parse_positive_int' at {where}:1 "
                "(renamed: text -> raw, default -> fallback, number -> value); keep one "
                "implementation in a shared module and import it")


def _messages(document) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f"{f['code']} {f['message']}")
            for f in document["findings"]]


def test_without_a_marker_the_given_folder_is_one_project(tmp_path):
    write_tree(tmp_path, UNMARKED)
    proc, document = run_json("--select", "INV301", "tree", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _messages(document) == [
        ("tree/api/orchestration/jobs.py", 1, JOBS_MESSAGE.format(where="tree/api/query.py")),
        ("tree/api/query.py", 1,
         "INV301 'parse_positive_int' duplicates 'coerce_positive_int' at "
         "tree/api/orchestration/jobs.py:1 (renamed: raw -> text, fallback -> default, "
         "value -> number); keep one implementation in a shared module and import it"),
    ]


def test_an_absolute_path_names_the_other_places_absolutely(tmp_path):
    write_tree(tmp_path, UNMARKED)
    tree = (tmp_path / "tree").as_posix()
    proc, document = run_json("--select", "INV301", tree, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _messages(document)[0] == (
        f"{tree}/api/orchestration/jobs.py", 1,
        JOBS_MESSAGE.format(where=f"{tree}/api/query.py"))


def test_named_files_are_compared_with_their_whole_project(tmp_path):
    # Only the new file is given (as pre-commit gives the staged ones): its committed twin is
    # found, and only the given file's finding is reported.
    write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n", **UNMARKED})
    proc, document = run_json("--select", "INV301", "tree/api/orchestration/jobs.py",
                              cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _messages(document) == [
        ("tree/api/orchestration/jobs.py", 1, JOBS_MESSAGE.format(where="tree/api/query.py"))]
    assert document["summary"]["files"] == 1


def test_named_js_file_sees_the_clear_in_another_file(tmp_path):
    write_tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "web/start.js": "export function start(panel) {\n"
                        "    panel.pollTimer = setInterval(() => panel.poll(), panel.every);\n"
                        "}\n",
        "web/stop.js": "export function stop(panel) {\n"
                       "    clearInterval(panel.pollTimer);\n"
                       "}\n",
        "web/leak.js": "export function leak(panel) {\n"
                       "    panel.leakTimer = setInterval(() => panel.poll(), panel.every);\n"
                       "}\n",
    })
    proc, document = run_json("--select", "INV712", "web/start.js", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc, document = run_json("--select", "INV712", "web/start.js", "web/leak.js",
                              cwd=tmp_path)
    assert proc.returncode == 1
    assert located(document) == [("web/leak.js", 2, "INV712")]


def test_flake8_uses_the_working_directory_as_the_unmarked_project(tmp_path):
    write_tree(tmp_path, UNMARKED)
    proc = run_module("flake8", "--select", "INV301", "api", cwd=tmp_path / "tree")
    assert proc.returncode == 1, proc.stderr
    lines = sorted(proc.stdout.splitlines())
    assert lines[0] == ("api/orchestration/jobs.py:1:1: "
                        + JOBS_MESSAGE.format(where="api/query.py"))
    assert len(lines) == 2


def test_unmarked_root_is_the_common_folder_while_the_run_lasts(tmp_path):
    write_tree(tmp_path, UNMARKED)
    jobs = str(tmp_path / "tree/api/orchestration/jobs.py")
    outside = str(tmp_path)
    assert common_folder([jobs, str(tmp_path / "tree/api/query.py")]) \
        == str(tmp_path / "tree/api")
    assert common_folder([str(tmp_path / "missing")]) == os.getcwd()
    with unmarked_root([str(tmp_path / "tree")]):
        assert project_root_for(jobs) == str(tmp_path / "tree")
        assert project_root_for(os.path.join(outside, "x.py")) == outside  # not held
    assert project_root_for(jobs) == str(tmp_path / "tree/api/orchestration")


def test_a_named_file_is_checked_even_when_excluded(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nexclude = ["examples"]\n',
        "examples/bad.js": "export async function send(body) {\n"
                           "    return fetch('/distributed/queue', { method: 'POST', body });\n"
                           "}\n",
        "web/apiClient.js": "export const get = (u) => fetch(u);\n",
    })
    proc = run_cli("check", "--select", "INV703", "examples/bad.js", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 file checked" in proc.stdout
    proc = run_cli("check", "--force-exclude", "examples/bad.js", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == "All checks passed: 0 files checked.\n"
    assert proc.stderr == ("invariant-lint: examples/bad.js: not checked: `exclude` matches "
                           "it (--force-exclude)\n")


def test_a_run_of_no_file_says_why(tmp_path):
    write_tree(tmp_path, {"notes.txt": "hello\n", "empty/.keep": ""})
    proc = run_cli("check", "notes.txt", "empty", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "invariant-lint: notes.txt: not checked: not a Python or JavaScript file",
        "invariant-lint: empty: not checked: no Python or JavaScript file in it outside "
        "`exclude` and the skipped folders",
    ]


def test_the_file_system_root_or_home_is_never_an_unmarked_project(tmp_path, monkeypatch):
    write_tree(tmp_path, UNMARKED)
    jobs = str(tmp_path / "tree/api/orchestration/jobs.py")
    monkeypatch.chdir(tmp_path / "tree")
    assert project_root_for(jobs) == str(tmp_path / "tree")
    monkeypatch.chdir("/")
    assert project_root_for(jobs) == str(tmp_path / "tree/api/orchestration")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert project_root_for(jobs) == str(tmp_path / "tree/api/orchestration")
