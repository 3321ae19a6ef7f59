"""Findings as LSP diagnostics: code, source, severity, full range, related places, data.

A diagnostic's ``data`` names the rule (``code``, ``symbol``) and the command that shows
its explain page (:data:`EXPLAIN_COMMAND`, arguments ``[code]``), so a client can offer the
documentation; the "show rule documentation" code action runs that command.
"""

from __future__ import annotations

from typing import Callable

from lsprotocol import types
from pygls import uris

from ..findings import Finding
from ..languages import language_of
from ..registry import symbol_for
from .documents import to_client_column, units_of

SOURCE = "invariant-lint"
EXPLAIN_COMMAND = "invariant-lint.explain"

_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}

LinesOf = Callable[[str], list[str]]  # absolute path -> the file's lines (empty if unknown)


def _language(path: str) -> str:
    plugin = language_of(path)
    return plugin.name if plugin is not None else "python"


def _position(path: str, lines: list[str], line: int, column: int,
              encoding: str) -> types.Position:
    index = max(0, line - 1)
    text = lines[index] if index < len(lines) else ""
    return types.Position(index, to_client_column(_language(path), text, max(0, column),
                                                  encoding))


def finding_range(finding: Finding, lines: list[str], encoding: str) -> types.Range:
    """The full range of a finding; one without an end runs to the end of its line."""
    start = _position(finding.path, lines, finding.line, finding.column, encoding)
    if finding.end_line is not None and finding.end_column is not None:
        end = _position(finding.path, lines, finding.end_line, finding.end_column, encoding)
    else:
        index = finding.line - 1
        text = lines[index] if 0 <= index < len(lines) else ""
        end = types.Position(start.line, units_of(text.rstrip(), encoding))
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start, end)


def to_diagnostic(finding: Finding, lines_of: LinesOf, encoding: str) -> types.Diagnostic:
    """The LSP diagnostic of one finding (paths absolute; ``lines_of`` gives the text the
    columns count in, for the finding's file and for each related place's)."""
    try:
        symbol = symbol_for(finding.code)
    except KeyError:  # not a code of the suite's: nothing to name
        symbol = ""
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=uris.from_fs_path(place.path) or place.path,
                range=types.Range(*[_position(place.path, lines_of(place.path), place.line,
                                              place.column, encoding)] * 2)),
            message=place.message)
        for place in finding.related
    ]
    return types.Diagnostic(
        range=finding_range(finding, lines_of(finding.path), encoding),
        message=finding.message,
        severity=_SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        source=SOURCE,
        related_information=related or None,
        data={"code": finding.code, "symbol": symbol, "explainCommand": EXPLAIN_COMMAND},
    )
