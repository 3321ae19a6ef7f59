"""Turning findings into text or JSON (the contracts in DESIGN.md)."""

from __future__ import annotations

import json
from collections import Counter

from . import __version__
from .engine import RunResult
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


FORMATTERS = {"text": format_text, "json": format_json}
