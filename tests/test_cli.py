"""The ``invariant-lint`` command: exit codes, text and JSON output, code selection,
``rules`` and ``explain`` (the CLI contract of DESIGN.md)."""

from __future__ import annotations

import re

import pytest

from helpers import (
    ADOPTS_ERROR_HELPER, AWAIT_UNDER_LOCK, CLEAN, RAW_ERROR, RAW_ERROR_COLUMN, RAW_ERROR_LINE,
    run_cli, write_tree,
)
from lint_rules import __version__
from lint_rules.cli import rules_row_summary
from lint_rules.registry import all_codes, all_rules

INV501_MESSAGE = (
    "error response built directly with json_response (status 400); "
    "return await handle_api_error(request, ..., 400) instead"
)
BROKEN = "def broken(:\n    pass\n"


@pytest.fixture
def project(tmp_path):
    """A tree with two INV501 files (three findings), a clean file and a syntax error."""
    write_tree(tmp_path / "proj", {
        "b_routes.py": RAW_ERROR,
        "a_routes.py": (
            "from aiohttp import web\n"
            "\n"
            "async def one(r):\n"
            '    return web.json_response({"error": "x"}, status=404)\n'
            "\n"
            "async def two(r):\n"
            '    return web.Response(text="gone", status=410)\n'
            + ADOPTS_ERROR_HELPER
        ),
        "pkg/__init__.py": "",
        "pkg/clean.py": CLEAN,
        "pkg/broken.py": BROKEN,
    })
    return tmp_path


# -- exit codes -------------------------------------------------------------------------

def test_clean_directory_exits_0(tmp_path):
    write_tree(tmp_path, {"ok.py": CLEAN, "app.js": "export const x = 1;\n"})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "All checks passed: 2 files checked.\n"
    assert proc.stderr == ""


def test_findings_exit_1(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR})
    proc = run_cli("check", "routes.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        f"routes.py:{RAW_ERROR_LINE}:{RAW_ERROR_COLUMN}: INV501 {INV501_MESSAGE}",
        "Found 1 finding in 1 file checked (INV501: 1).",
    ]


def test_default_path_is_current_directory(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR})
    proc = run_cli("check", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"routes.py:{RAW_ERROR_LINE}:{RAW_ERROR_COLUMN}: INV501 ")


def test_missing_path_exits_2_with_one_line_error(tmp_path):
    proc = run_cli("check", "no_such_dir", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "invariant-lint: error: no such file or directory: no_such_dir"
    ]


def test_missing_path_beside_a_real_one_still_exits_2(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR})
    proc = run_cli("check", "routes.py", "gone.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "no such file or directory: gone.py" in proc.stderr
    assert "routes.py:3:12: INV501" in proc.stdout


@pytest.mark.parametrize("argv", [
    ["check", "--select"],                 # --select needs a value
    ["check", "--ignore"],
    ["check", "--format", "xml", "."],     # unknown format
    ["check", "--no-such-flag", "."],
    ["explain"],                           # explain needs a code
    ["frobnicate"],                        # unknown command
    [],                                    # no command
])
def test_usage_errors_exit_2(tmp_path, argv):
    proc = run_cli(*argv, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("invariant-lint: error: ")
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_unknown_config_key_via_config_exits_2(tmp_path):
    write_tree(tmp_path, {
        "lint.toml": "[tool.invariant-lint]\nno-such-option = 1\n",
        "routes.py": RAW_ERROR,
    })
    proc = run_cli("check", "--config", "lint.toml", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1
    assert "no-such-option" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_config_file_exits_2(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR})
    proc = run_cli("check", "--config", "nope.toml", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "invariant-lint: error: config file not found: nope.toml\n"


# -- text format ------------------------------------------------------------------------

_TEXT_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>INV\d{3}) (?P<msg>.+)$")


def test_text_lines_sorted_with_summary(project):
    proc = run_cli("check", "proj", cwd=project)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    *finding_lines, summary = lines
    parsed = [_TEXT_LINE.match(line) for line in finding_lines]
    assert all(parsed), finding_lines
    keys = [(m["path"], int(m["line"]), int(m["col"]), m["code"]) for m in parsed]
    assert keys == [
        ("proj/a_routes.py", 4, 12, "INV501"),
        ("proj/a_routes.py", 7, 12, "INV501"),
        ("proj/b_routes.py", 3, 12, "INV501"),
        ("proj/pkg/broken.py", 1, 12, "INV000"),
    ]
    assert keys == sorted(keys)
    assert parsed[3]["msg"] == "syntax error: invalid syntax"
    assert summary == "Found 4 findings in 5 files checked (INV000: 1, INV501: 3)."


def test_text_paths_follow_the_command_line(project):
    proc = run_cli("check", "proj/pkg", "proj/b_routes.py", cwd=project)
    paths = [line.split(":")[0] for line in proc.stdout.splitlines()[:-1]]
    assert paths == ["proj/b_routes.py", "proj/pkg/broken.py"]


# -- JSON format ------------------------------------------------------------------------

FINDING_KEYS = {
    "path", "line", "column", "end_line", "end_column", "code", "symbol", "severity", "message",
    "related",
}


def test_json_schema(project):
    import json

    proc = run_cli("check", "--format", "json", "proj", cwd=project)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert set(document) == {"tool", "version", "findings", "summary"}
    assert document["tool"] == "invariant-lint"
    assert document["version"] == __version__
    for finding in document["findings"]:
        assert set(finding) == FINDING_KEYS
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(finding[key], int) and finding[key] >= 1, (key, finding)
        for key in ("path", "code", "symbol", "severity", "message"):
            assert isinstance(finding[key], str) and finding[key], (key, finding)
        assert isinstance(finding["related"], list), finding
    first = document["findings"][0]
    assert first == {
        "path": "proj/a_routes.py",
        "line": 4,
        "column": 12,  # 1-based: "    return " is 11 characters
        "end_line": 4,
        "end_column": 57,  # one past the closing parenthesis, 1-based
        "code": "INV501",
        "symbol": "raw-error-response",
        "severity": "error",
        "message": INV501_MESSAGE.replace("400", "404"),
        "related": [],  # INV501 names no other place
    }
    assert [(f["path"], f["line"], f["code"], f["symbol"]) for f in document["findings"]] == [
        ("proj/a_routes.py", 4, "INV501", "raw-error-response"),
        ("proj/a_routes.py", 7, "INV501", "raw-error-response"),
        ("proj/b_routes.py", 3, "INV501", "raw-error-response"),
        ("proj/pkg/broken.py", 1, "INV000", "parse-error"),
    ]
    assert document["summary"] == {
        "files": 5,
        "findings": 4,
        "by_code": {"INV000": 1, "INV501": 3},
    }


def test_json_columns_match_text_columns(project):
    import json

    text = run_cli("check", "proj", cwd=project).stdout.splitlines()[:-1]
    document = json.loads(run_cli("check", "--format", "json", "proj", cwd=project).stdout)
    as_text = [f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
               for f in document["findings"]]
    assert as_text == text


def test_json_clean_run(tmp_path):
    import json

    write_tree(tmp_path, {"ok.py": CLEAN})
    proc = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 0
    document = json.loads(proc.stdout)
    assert document["findings"] == []
    assert document["summary"] == {"files": 1, "findings": 0, "by_code": {}}


def test_json_related_places(tmp_path):
    """INV101 names where the lock is taken: a "related" entry, 1-based like the finding."""
    import json

    write_tree(tmp_path, {"jobs.py": AWAIT_UNDER_LOCK})
    proc = run_cli("check", "--format", "json", "--select", "INV101", "jobs.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    assert (finding["line"], finding["column"]) == (10, 13)
    assert finding["related"] == [
        {"path": "jobs.py", "line": 9, "column": 1, "message": "'_lock' is acquired here"}]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_has_the_same_exit_code(project, fmt):
    assert run_cli("check", "--format", fmt, "proj", cwd=project).returncode == 1
    clean = project / "clean"
    write_tree(clean, {"ok.py": CLEAN})
    assert run_cli("check", "--format", fmt, ".", cwd=clean).returncode == 0


def test_sarif_and_github_carry_every_finding(project):
    import json

    document = json.loads(run_cli("check", "--format", "json", "proj", cwd=project).stdout)
    expected = [(f["path"], f["line"], f["column"], f["code"]) for f in document["findings"]]
    sarif = json.loads(run_cli("check", "--format", "sarif", "proj", cwd=project).stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"],
             r["ruleId"]) for r in results] == expected
    github = run_cli("check", "--format", "github", "proj", cwd=project).stdout.splitlines()
    annotations = [line for line in github if line.startswith("::error ")]
    assert len(annotations) == len(expected)
    for line, (path, row, column, code) in zip(annotations, expected):
        assert f"file={path},line={row},col={column}," in line
        assert f"::{code} " in line


# -- --select / --ignore ----------------------------------------------------------------

def _codes(proc) -> list[str]:
    return [_TEXT_LINE.match(line)["code"] for line in proc.stdout.splitlines()[:-1]]


@pytest.mark.parametrize("options, codes, exit_code", [
    ([], ["INV501", "INV501", "INV501", "INV000"], 1),
    (["--select", "INV501"], ["INV501"] * 3, 1),
    (["--select", "INV5"], ["INV501"] * 3, 1),
    (["--select", "inv5"], ["INV501"] * 3, 1),
    (["--select", "INV"], ["INV501", "INV501", "INV501", "INV000"], 1),
    (["--select", "ALL"], ["INV501", "INV501", "INV501", "INV000"], 1),
    (["--select", "INV000"], ["INV000"], 1),
    (["--select", "INV1"], [], 0),
    (["--select", "INV1,INV0"], ["INV000"], 1),
    (["--ignore", "INV501"], ["INV000"], 1),
    (["--ignore", "INV5,INV0"], [], 0),
    (["--ignore", "INV"], [], 0),
    (["--select", "INV", "--ignore", "INV50"], ["INV000"], 1),
])
def test_select_and_ignore(project, options, codes, exit_code):
    proc = run_cli("check", *options, "proj", cwd=project)
    assert proc.returncode == exit_code, proc.stderr
    assert _codes(proc) == codes


def test_cli_select_overrides_config_select(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nselect = ["INV000"]\n',
        "routes.py": RAW_ERROR,
    })
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0
    assert _codes(run_cli("check", "--select", "INV5", ".", cwd=tmp_path)) == ["INV501"]


def test_cli_ignore_adds_to_config_ignore(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nignore = ["INV000"]\n',
        "routes.py": RAW_ERROR,
        "broken.py": BROKEN,
    })
    assert _codes(run_cli("check", ".", cwd=tmp_path)) == ["INV501"]
    assert run_cli("check", "--ignore", "INV501", ".", cwd=tmp_path).returncode == 0


# -- rules and explain ------------------------------------------------------------------

def test_rules_lists_every_code():
    proc = run_cli("rules")
    assert proc.returncode == 0, proc.stderr
    rows = [line.split(None, 2) for line in proc.stdout.splitlines()]
    expected = [[info.code, info.symbol, rules_row_summary(info)] for info in all_codes()]
    assert rows == expected
    listed = [row[0] for row in rows]
    assert listed[0] == "INV000"
    assert {"INV000", "INV101", "INV501", "INV701"} <= set(listed)
    assert listed == sorted(listed)


@pytest.mark.parametrize("name", ["INV501", "raw-error-response", "inv501"])
def test_explain_inv501(name):
    proc = run_cli("explain", name)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    rule = all_rules()["INV501"]
    assert text.startswith(f"INV501 raw-error-response: {rule.summary}\n")
    assert rule.rationale().splitlines()[0] in text
    assert 'error-helpers = ["handle_api_error"]' in text  # the default, as TOML
    assert "Bad:\n" in text and "Good:\n" in text
    bad = text.split("Bad:\n", 1)[1].split("Good:\n", 1)[0]
    good = text.split("Good:\n", 1)[1]
    assert "web.json_response(" in bad and "status=400" in bad
    assert "handle_api_error(request" in good
    assert all(line.startswith("    ") for line in good.splitlines() if line.strip())


def test_explain_lists_shared_settings_with_their_other_readers():
    text = run_cli("explain", "INV101").stdout
    options = text.split("Options ([tool.invariant-lint] in pyproject.toml):\n", 1)[1]
    assert "  include-semaphores = false\n" in options
    assert "  unknown-awaits = \"report\"\n" in options
    # lock-pattern is declared once and read by INV101 and INV202.
    assert "  lock-pattern = " in options
    assert "(shared with INV202)" in options.split("  lock-pattern = ", 1)[1].split("\n")[1]


def test_explain_same_for_code_and_symbol():
    assert run_cli("explain", "INV501").stdout == run_cli("explain", "raw-error-response").stdout


def test_explain_parse_error():
    proc = run_cli("explain", "INV000")
    assert proc.returncode == 0
    assert proc.stdout.startswith("INV000 parse-error")


def test_explain_unknown_exits_2():
    proc = run_cli("explain", "NOPE")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "invariant-lint: error: unknown rule 'NOPE'\n"


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"invariant-lint {__version__}"
