"""Every example through every front end.

Per file, each front end reports exactly the lines of the ``expect`` marks, no more, no less.
Per rule folder, the CLI's whole diagnostics (path, line, column, code, message) are the
folder's ``expected.txt``, so are pylint's and flake8's, and the marks name exactly the
(file, line, code) of its lines. ``python -m pytest --update-expected`` rewrites the files.
"""

from __future__ import annotations

import pytest

from conftest import (
    EXAMPLES,
    EXPECTED,
    ROOT,
    Diagnostic,
    example_files,
    folder_lines,
    found_in,
    parse_expected_line,
    rel,
    rule_folders,
)
from lint_rules.runner import RunResult
from lint_rules.findings import Finding
from lint_rules.reporters import format_text
from marks import expected_marks

PYTHON = example_files("python")
JS = example_files("js")
FOLDERS = rule_folders()
PYTHON_FOLDERS = rule_folders("python")
UPDATE = "python -m pytest --update-expected"
PLUGINS = [pytest.param("pylint_findings", id="pylint"),
           pytest.param("flake8_findings", id="flake8")]


def _id(path):
    return path.relative_to(EXAMPLES).as_posix()


def _expected(expected_outputs, folder) -> list[str]:
    lines = expected_outputs[folder]
    assert lines is not None, f"{rel(folder / EXPECTED)} is missing; run `{UPDATE}`"
    return lines


def test_examples_exist():
    assert PYTHON and JS and PYTHON_FOLDERS and len(FOLDERS) > len(PYTHON_FOLDERS)


# -- per file: the marks ----------------------------------------------------------------

@pytest.mark.parametrize("path", PYTHON + JS, ids=_id)
def test_cli_matches_marks(path, cli_findings):
    assert found_in(cli_findings, path) == expected_marks(path)


@pytest.mark.parametrize("path", PYTHON, ids=_id)
def test_pylint_matches_marks(path, pylint_findings):
    assert found_in(pylint_findings, path) == expected_marks(path)


@pytest.mark.parametrize("path", PYTHON, ids=_id)
def test_flake8_matches_marks(path, flake8_findings):
    assert found_in(flake8_findings, path) == expected_marks(path)


# -- per rule folder: expected.txt ------------------------------------------------------

def test_expected_files_are_those_of_the_rule_folders(expected_outputs):
    # (expected_outputs first, so that --update-expected has written them)
    assert sorted(EXAMPLES.rglob(EXPECTED)) == [folder / EXPECTED for folder in FOLDERS]


def test_every_finding_is_in_one_rule_folder(cli_findings):
    assert cli_findings
    assert sum(len(folder_lines(cli_findings, folder)) for folder in FOLDERS) \
        == len(cli_findings)


def test_expected_lines_are_the_cli_text_lines():
    finding = Finding("examples/python/inv501/before/app.py", 3, 11, "INV501", "a message")
    (text, _summary) = format_text(RunResult(findings=[finding], files=1)).splitlines()
    diagnostic = Diagnostic(finding.path, finding.line, finding.column + 1, finding.code,
                            finding.message)
    assert folder_lines([diagnostic], ROOT / "examples/python/inv501") \
        == [text.removeprefix("examples/python/inv501/")]


@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_cli_matches_expected(folder, cli_findings, expected_outputs, request):
    if request.config.getoption("update_expected"):
        pytest.skip(f"--update-expected: {rel(folder / EXPECTED)} written from the CLI run")
    assert folder_lines(cli_findings, folder) == _expected(expected_outputs, folder), \
        f"if the change is intended, run `{UPDATE}`"


@pytest.mark.parametrize("front_end", PLUGINS)
@pytest.mark.parametrize("folder", PYTHON_FOLDERS, ids=_id)
def test_plugin_matches_expected(folder, front_end, expected_outputs, request):
    diagnostics = request.getfixturevalue(front_end)
    assert folder_lines(diagnostics, folder) == _expected(expected_outputs, folder)


@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_marks_match_expected(folder, expected_outputs):
    lines = _expected(expected_outputs, folder)
    pinned = [parse_expected_line(line) for line in lines]
    assert None not in pinned, [line for line, at in zip(lines, pinned) if at is None]
    marks = {(rel(path, folder), line, code)
             for path in example_files() if path.is_relative_to(folder)
             for line, code in expected_marks(path)}
    assert set(pinned) == marks
