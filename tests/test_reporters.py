"""SARIF and GitHub reporters: structure and escaping."""

from __future__ import annotations

import json

from lint_rules.engine import RunResult
from lint_rules.findings import Finding
from lint_rules.reporters import format_github, format_sarif

RESULT = RunResult(
    findings=[
        Finding("api/routes.py", 12, 4, "INV501", "error response built directly, 50% off",
                end_line=12, end_column=40),
        Finding("web/a,b.js", 3, 0, "INV701", "POST retried:\nfix it"),
    ],
    files=2,
)


def test_github_annotations_escape_data_and_properties():
    lines = format_github(RESULT).splitlines()
    assert lines[0] == (
        "::error file=api/routes.py,line=12,col=5,endLine=12,"
        "title=INV501 raw-error-response::INV501 error response built directly, 50%25 off"
    )
    assert lines[1].startswith("::error file=web/a%2Cb.js,line=3,col=1,title=INV701")
    assert lines[1].endswith("::INV701 POST retried:%0Afix it")


def test_sarif_log_shape():
    log = json.loads(format_sarif(RESULT))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {"INV000", "INV101", "INV501", "INV701"} <= {rule["id"] for rule in rules}
    first = run["results"][0]
    assert first["ruleId"] == "INV501"
    assert rules[first["ruleIndex"]]["id"] == "INV501"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 41}
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "web/a,b.js"}


def test_empty_run_gives_empty_outputs():
    empty = RunResult(findings=[], files=0)
    assert format_github(empty) == ""
    assert json.loads(format_sarif(empty))["runs"][0]["results"] == []
