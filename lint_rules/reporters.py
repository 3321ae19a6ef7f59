"""Turning findings into text, JSON, SARIF or GitHub annotations (contracts in DESIGN.md)."""

from __future__ import annotations

import json
from collections import Counter

from . import __version__
from .runner import RunResult
from .registry import all_codes


def _symbols() -> dict[str, str]:
    return {info.code: info.symbol for info in all_codes()}


def format_text(result: RunResult) -> str:
    """``path:line:col: CODE message`` lines, then a summary line."""
    lines = [f"{f.path}:{f.line}:{f.column + 1}: {f.code} {f.message}" for f in result.findings]
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    files = "file" if result.files == 1 else "files"
    if count:
        by_code = Counter(f.code for f in result.findings)
        detail = ", ".join(f"{code}: {n}" for code, n in sorted(by_code.items()))
        lines.append(f"Found {count} {noun} in {result.files} {files} checked ({detail}).")
    elif result.missing:
        lines.append(f"No findings in {result.files} {files} checked, but "
                     f"{len(result.missing)} path(s) not found.")
    else:
        lines.append(f"All checks passed: {result.files} {files} checked.")
    return "\n".join(lines) + "\n"


def format_json(result: RunResult) -> str:
    """The JSON document of DESIGN.md; columns 1-based."""
    symbols = _symbols()
    findings = [
        {
            "path": f.path,
            "line": f.line,
            "column": f.column + 1,
            "end_line": f.end_line if f.end_line is not None else f.line,
            "end_column": (f.end_column + 1) if f.end_column is not None else f.column + 1,
            "code": f.code,
            "symbol": symbols.get(f.code, ""),
            "severity": f.severity,
            "message": f.message,
            "related": [{"path": r.path, "line": r.line, "column": r.column + 1,
                         "message": r.message} for r in f.related],
        }
        for f in result.findings
    ]
    document = {
        "tool": "invariant-lint",
        "version": __version__,
        "findings": findings,
        "summary": {
            "files": result.files,
            "findings": len(findings),
            "by_code": dict(sorted(Counter(f.code for f in result.findings).items())),
        },
    }
    return json.dumps(document, indent=2) + "\n"


def _github_escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(result: RunResult) -> str:
    """GitHub Actions workflow commands: one ``::error`` annotation per finding."""
    symbols = _symbols()
    lines = []
    for f in result.findings:
        properties = ",".join([
            f"file={_github_escape(f.path, True)}",
            f"line={f.line}",
            f"col={f.column + 1}",
            *([f"endLine={f.end_line}"] if f.end_line else []),
            "title=" + _github_escape(f"{f.code} {symbols.get(f.code, '')}", True),
        ])
        message = _github_escape(f"{f.code} {f.message}")
        lines.append(f"::error {properties}::{message}")
    return "".join(line + "\n" for line in lines)


def format_sarif(result: RunResult) -> str:
    """A SARIF 2.1.0 log with one run, the rules as its driver's rules."""
    infos = all_codes()
    index = {info.code: position for position, info in enumerate(infos)}
    rules = [
        {
            "id": info.code,
            "name": info.symbol,
            "shortDescription": {"text": info.summary},
        }
        for info in infos
    ]
    results = []
    for f in result.findings:
        region = {"startLine": f.line, "startColumn": f.column + 1}
        if f.end_line is not None:
            region["endLine"] = f.end_line
        if f.end_column is not None:
            region["endColumn"] = f.end_column + 1
        related = [{
            "id": position,
            "message": {"text": r.message},
            "physicalLocation": {
                "artifactLocation": {"uri": r.path.replace("\\", "/")},
                "region": {"startLine": r.line, "startColumn": r.column + 1},
            },
        } for position, r in enumerate(f.related)]
        results.append({
            "ruleId": f.code,
            "ruleIndex": index.get(f.code, 0),
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path.replace("\\", "/")},
                "region": region,
            }}],
            **({"relatedLocations": related} if related else {}),
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "invariant-lint", "version": __version__,
                                "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


FORMATTERS = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
