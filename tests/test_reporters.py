"""JSON, SARIF and GitHub reporters: structure, escaping and related locations."""

from __future__ import annotations

import json
from pathlib import Path

from lint_rules.findings import Finding, Related
from lint_rules.reporters import format_github, format_json, format_sarif
from lint_rules.runner import RunResult
from rule_harness import run_rule

RESULT = RunResult(
    findings=[
        Finding("api/routes.py", 12, 4, "INV501", "error response built directly, 50% off",
                end_line=12, end_column=40),
        Finding("web/a,b.js", 3, 0, "INV701", "POST retried:\nfix it"),
    ],
    files=2,
)

# A finding naming two other places (0-based columns internally, as every finding).
WITH_RELATED = RunResult(
    findings=[
        Finding("pkg/jobs.py", 10, 12, "INV101", "await while holding '_lock'",
                end_line=10, end_column=32,
                related=(Related("pkg/jobs.py", 9, 8, "'_lock' is acquired here"),
                         Related("pkg/other.py", 3, 0, "and released here"))),
        Finding("pkg/jobs.py", 20, 4, "INV501", "no related places"),
    ],
    files=2,
)

# INV101 reports the line where the lock is taken as a related place.
AWAIT_UNDER_LOCK = '''\
import asyncio


class Jobs:
    def __init__(self):
        self._lock = asyncio.Lock()

    async def run(self, client):
        async with self._lock:
            await client.fetch()
'''


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
        "uri": "web/a,b.js", "uriBaseId": "%SRCROOT%"}
    # No related places: no relatedLocations key at all (an empty list is noise).
    assert all("relatedLocations" not in result for result in run["results"])


def test_empty_run_gives_empty_outputs():
    empty = RunResult(findings=[], files=0)
    assert format_github(empty) == ""
    assert json.loads(format_sarif(empty))["runs"][0]["results"] == []
    assert json.loads(format_json(empty))["findings"] == []


# -- related locations ---------------------------------------------------------------------

def test_json_lists_related_places_with_1_based_columns():
    findings = json.loads(format_json(WITH_RELATED))["findings"]
    assert findings[0]["related"] == [
        {"path": "pkg/jobs.py", "line": 9, "column": 9, "message": "'_lock' is acquired here"},
        {"path": "pkg/other.py", "line": 3, "column": 1, "message": "and released here"},
    ]
    assert findings[0]["column"] == 13
    assert findings[1]["related"] == []


def test_sarif_related_locations():
    results = json.loads(format_sarif(WITH_RELATED))["runs"][0]["results"]
    assert results[0]["relatedLocations"] == [
        {"id": 0, "message": {"text": "'_lock' is acquired here"},
         "physicalLocation": {"artifactLocation": {"uri": "pkg/jobs.py",
                                                   "uriBaseId": "%SRCROOT%"},
                              "region": {"startLine": 9, "startColumn": 9}}},
        {"id": 1, "message": {"text": "and released here"},
         "physicalLocation": {"artifactLocation": {"uri": "pkg/other.py",
                                                   "uriBaseId": "%SRCROOT%"},
                              "region": {"startLine": 3, "startColumn": 1}}},
    ]
    assert "relatedLocations" not in results[1]


def test_a_real_findings_related_place_reaches_json_and_sarif(tmp_path):
    findings = run_rule("INV101", AWAIT_UNDER_LOCK, filename="jobs.py", directory=tmp_path)
    assert [(f.line, f.code) for f in findings] == [(10, "INV101")]
    result = RunResult(findings=findings, files=1)
    (reported,) = json.loads(format_json(result))["findings"]
    assert [(r["line"], r["column"], r["message"]) for r in reported["related"]] == [
        (9, 1, "'_lock' is acquired here")]
    (sarif,) = json.loads(format_sarif(result))["runs"][0]["results"]
    (location,) = sarif["relatedLocations"]
    assert location["physicalLocation"]["region"] == {"startLine": 9, "startColumn": 1}
    # Outside the working directory (pytest's tmp_path): an absolute file URI, no base.
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": Path(reported["path"]).absolute().as_uri()}
