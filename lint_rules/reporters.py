"""Turning findings into what people and CI platforms read (contracts in DESIGN.md).

* ``full``: each finding as ``path:line:col: CODE problem``, the flagged source line
  with a caret underline of the range, and a ``help:`` line with the fix and the
  ``explain`` command (rule messages state the problem, then ``; `` and the fix), then
  the places the finding names; ``concise``: one line per finding.  ``text`` is ``full``
  on a terminal and ``concise`` elsewhere.  A newline or control character in a message
  is shown escaped, so no finding ever spans two lines in ``concise``.
* ``json``, ``sarif`` (SARIF 2.1.0 for GitHub code scanning), ``github`` (workflow
  annotations) and ``gitlab`` (GitLab's Code Quality report).
* :class:`Progress`: files done / total on a terminal's stderr for long runs.

Colour: on a terminal, unless ``NO_COLOR`` is set (not empty); ``FORCE_COLOR`` (not
empty) turns it on anywhere.  ``NO_COLOR`` wins.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import __version__
from .baseline import relative_path, report_fingerprints
from .constants import (
    FRAME_CONTEXT_CHARACTERS, FRAME_MAX_CHARACTERS, FRAME_TAB_WIDTH, PROGRESS_DELAY_SECONDS,
    PROGRESS_INTERVAL_SECONDS,
)
from .explain import explain_page
from .findings import Finding
from .languages import language_of
from .registry import PARSE_ERROR_CODE, all_codes, all_rules, rule_implementations
from .runner import RunResult
from .sources import load_source
from .text_files import split_lines

TEXT_FORMATS = ("full", "concise")
AUTO_FORMAT = "text"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "invariantLint/v1"
_HELP_SEPARATOR = "; "


# -- options ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportOptions:
    """How to report: colour (text formats), the folder CI reports make paths relative
    to (``--sarif-root``, default the working directory), ``--statistics``."""

    colour: bool = False
    root: str = field(default_factory=os.getcwd)
    statistics: bool = False


def wants_colour(stream, environ=None) -> bool:
    """Whether to colour text written to ``stream`` (NO_COLOR, FORCE_COLOR, a terminal)."""
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return _is_terminal(stream)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def resolve_format(name: str, stream) -> str:
    """The format to write: ``text`` becomes ``full`` on a terminal, else ``concise``."""
    if name == AUTO_FORMAT:
        return "full" if _is_terminal(stream) else "concise"
    return name


class _Style:
    """ANSI styles, or none."""

    RESET, BOLD, RED, YELLOW, BLUE, CYAN = "0", "1", "31", "33", "34", "36"

    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, text: str, *styles: str) -> str:
        if not self.colour or not text:
            return text
        return f"\x1b[{';'.join(styles)}m{text}\x1b[{self.RESET}m"


# -- text ------------------------------------------------------------------------------------

def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else
                   ch.encode("unicode_escape").decode("ascii") for ch in text)


def _symbols() -> dict[str, str]:
    return {info.code: info.symbol for info in all_codes()}


def _location(finding: Finding, style: _Style) -> str:
    return (style(f"{finding.path}:{finding.line}:{finding.column + 1}:", style.BOLD) + " "
            + style(finding.code, style.BOLD, style.RED if finding.severity == "error"
                    else style.YELLOW))


def _summary(result: RunResult, style: _Style) -> str:
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    files = "file" if result.files == 1 else "files"
    hidden = (f" {result.baselined} more {'is' if result.baselined == 1 else 'are'} in the "
              "baseline." if result.baselined else "")
    if count:
        by_code = Counter(f.code for f in result.findings)
        detail = ", ".join(f"{code}: {n}" for code, n in sorted(by_code.items()))
        return style(f"Found {count} {noun} in {result.files} {files} checked ({detail}).",
                     style.BOLD) + hidden
    if result.missing:
        return (f"No findings in {result.files} {files} checked, but "
                f"{len(result.missing)} path(s) not found." + hidden)
    return f"All checks passed: {result.files} {files} checked." + hidden


def format_text(result: RunResult, options: ReportOptions | None = None) -> str:
    """The concise format: ``path:line:col: CODE message`` lines, then a summary line."""
    style = _Style(options is not None and options.colour)
    if options is not None and options.statistics:
        return format_statistics(result, options)
    lines = [f"{_location(f, style)} {one_line(f.message)}" for f in result.findings]
    lines.append(_summary(result, style))
    return "\n".join(lines) + "\n"


def format_statistics(result: RunResult, options: ReportOptions | None = None) -> str:
    """A count per code (most frequent first), then the summary line."""
    style = _Style(options is not None and options.colour)
    symbols = _symbols()
    by_code = Counter(f.code for f in result.findings)
    width = len(str(max(by_code.values(), default=0)))
    lines = [f"{count:>{width}}  {style(code, style.BOLD)}  {symbols.get(code, '')}"
             for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))]
    lines.append(_summary(result, style))
    return "\n".join(lines) + "\n"


class _Lines:
    """The lines of the files findings are in, each file read once."""

    def __init__(self):
        self._files: dict[str, list[str] | None] = {}

    def of(self, path: str) -> list[str] | None:
        if path not in self._files:
            text = load_source(path).text
            self._files[path] = split_lines(text) if text is not None else None
        return self._files[path]

    def line(self, path: str, number: int) -> str | None:
        lines = self.of(path)
        return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None


def char_column(path: str, line: str, column: int) -> int:
    """A finding's 0-based column as an index into ``line`` (Python columns count UTF-8
    bytes, as its ``ast`` does)."""
    language = language_of(path)
    if language is not None and language.columns_in_utf8:
        return len(line.encode("utf-8", "surrogatepass")[:column].decode("utf-8", "ignore"))
    return min(column, len(line))


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _shown(line: str, start: int, end: int) -> tuple[str, int, int]:
    """``line`` as a terminal shows it safely (tabs expanded; control, bidi and other
    invisible characters replaced), cut around ``start`` when very long, and the
    caret's offset and width for the characters ``start:end``."""
    prefix = suffix = ""
    if len(line) > FRAME_MAX_CHARACTERS:
        first = max(0, min(start - FRAME_CONTEXT_CHARACTERS, len(line) - FRAME_MAX_CHARACTERS))
        last = first + FRAME_MAX_CHARACTERS
        prefix, suffix = ("…" if first else ""), ("…" if last < len(line) else "")
        line, start, end = line[first:last], start - first, min(end, last) - first
    pieces, width = [prefix], len(prefix)
    caret_from = caret_to = None
    for index, ch in enumerate(line):
        if index == start:
            caret_from = width
        if index == end:
            caret_to = width
        if ch == "\t":
            piece = " " * (FRAME_TAB_WIDTH - width % FRAME_TAB_WIDTH)
            step = len(piece)
        elif not ch.isprintable():
            piece, step = "\N{REPLACEMENT CHARACTER}", 1
        else:
            piece, step = ch, _width(ch)
        pieces.append(piece)
        width += step
    caret_from = width if caret_from is None else caret_from
    caret_to = width if caret_to is None else caret_to
    return "".join(pieces) + suffix, caret_from, max(1, caret_to - caret_from)


def _split_message(message: str) -> tuple[str, str]:
    """(problem, fix) of a rule message: the fix follows its last ``; ``."""
    problem, separator, fix = message.rpartition(_HELP_SEPARATOR)
    return (problem, fix) if separator and problem and fix else (message, "")


def _frame(finding: Finding, lines: _Lines, style: _Style) -> list[str]:
    text = lines.line(finding.path, finding.line)
    if text is None:
        return []
    start = char_column(finding.path, text, finding.column)
    if finding.end_line == finding.line and finding.end_column is not None:
        end = char_column(finding.path, text, finding.end_column)
    else:
        end = len(text.rstrip())
    shown, offset, width = _shown(text.rstrip("\n"), start, max(end, start + 1))
    gutter = " " * len(str(finding.line))
    bar = style("|", style.BLUE)
    return [f"{gutter} {bar}",
            f"{style(str(finding.line), style.BLUE)} {bar} {shown}".rstrip(),
            f"{gutter} {bar} {' ' * offset}{style('^' * width, style.RED)}",
            f"{gutter} {bar}"]


def format_full(result: RunResult, options: ReportOptions | None = None) -> str:
    """Each finding with its code frame and help, then the summary line."""
    style = _Style(options is not None and options.colour)
    if options is not None and options.statistics:
        return format_statistics(result, options)
    lines = _Lines()
    out = []
    for finding in result.findings:
        problem, fix = _split_message(finding.message)
        out.append(f"{_location(finding, style)} {one_line(problem)}")
        frame = _frame(finding, lines, style)
        out.extend(frame)
        gutter = " " * len(str(finding.line)) if frame else ""
        explain = f"`invariant-lint explain {finding.code}`"
        help_text = f"{one_line(fix)} (more: {explain})" if fix else f"see {explain}"
        out.append(f"{gutter} {style('=', style.BLUE)} {style('help:', style.BOLD, style.CYAN)} "
                   f"{help_text}")
        for related in finding.related:
            out.append(f"{gutter} {style('=', style.BLUE)} {style('note:', style.BOLD)} "
                       f"{related.path}:{related.line}:{related.column + 1}: "
                       f"{one_line(related.message)}")
        out.append("")
    out.append(_summary(result, style))
    return "\n".join(out) + "\n"


# -- JSON --------------------------------------------------------------------------------------

def format_json(result: RunResult, options: ReportOptions | None = None) -> str:
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
    summary = {
        "files": result.files,
        "findings": len(findings),
        "by_code": dict(sorted(Counter(f.code for f in result.findings).items())),
    }
    if result.baselined is not None:  # a baseline was applied
        summary["baselined"] = result.baselined
        summary["stale_baseline_entries"] = result.stale
    document = {"tool": "invariant-lint", "version": __version__, "findings": findings,
                "summary": summary}
    return json.dumps(document, indent=2) + "\n"


# -- GitHub annotations ----------------------------------------------------------------------

def _github_escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(result: RunResult, options: ReportOptions | None = None) -> str:
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


# -- SARIF -------------------------------------------------------------------------------------

_URI_SAFE = "/!$&'()*+,;=:@"
_ENGINE_PRECISION = {PARSE_ERROR_CODE: "very-high"}
_ENGINE_TAGS = {PARSE_ERROR_CODE: ("reliability",)}
_DEFAULT_TAGS = ("maintainability",)


def _artifact(path: str, root: str) -> dict:
    """An artifact location relative to ``%SRCROOT%``, or an absolute ``file:`` URI for a
    file outside it."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive
        relative = None
    if relative is None or relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(relative.replace(os.sep, "/"), safe=_URI_SAFE), "uriBaseId": SRCROOT}


def _sarif_rule(info) -> dict:
    page = explain_page(info.code)
    rule = all_rules().get(info.code)
    first_paragraph = page.rationale.split("\n\n", 1)[0]
    tags = list(rule.tags if rule else _ENGINE_TAGS.get(info.code, _DEFAULT_TAGS))
    if rule is not None:
        tags += sorted({r.language for r in rule_implementations() if r.code == info.code})
    return {
        "id": info.code,
        "name": info.symbol,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": " ".join(first_paragraph.split())},
        "help": {"text": page.text(), "markdown": page.markdown()},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "precision": rule.precision if rule else _ENGINE_PRECISION.get(info.code, "high"),
            "tags": tags,
        },
    }


def _region(path: str, line: int, column: int, end_line, end_column, lines: _Lines) -> dict:
    """A SARIF region, columns counted in Unicode code points (1-based)."""
    text = lines.line(path, line)
    region = {"startLine": line,
              "startColumn": (char_column(path, text, column) if text is not None
                              else column) + 1}
    if end_line is not None:
        region["endLine"] = end_line
        if end_column is not None:
            end_text = lines.line(path, end_line)
            region["endColumn"] = (char_column(path, end_text, end_column)
                                   if end_text is not None else end_column) + 1
    return region


def sarif_log(result: RunResult, options: ReportOptions | None = None) -> dict:
    """A SARIF 2.1.0 log with one run, the codes as its driver's rules."""
    options = options or ReportOptions()
    root = os.path.abspath(options.root)
    infos = all_codes()
    index = {info.code: position for position, info in enumerate(infos)}
    lines = _Lines()
    results = []
    fingerprints = report_fingerprints(result.findings, root)
    for f, fingerprint in zip(result.findings, fingerprints):
        related = [{
            "id": position,
            "message": {"text": r.message},
            "physicalLocation": {
                "artifactLocation": _artifact(r.path, root),
                "region": _region(r.path, r.line, r.column, None, None, lines),
            },
        } for position, r in enumerate(f.related)]
        results.append({
            "ruleId": f.code,
            "ruleIndex": index.get(f.code, 0),
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(f.path, root),
                "region": _region(f.path, f.line, f.column, f.end_line, f.end_column, lines),
            }}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            **({"relatedLocations": related} if related else {}),
        })
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "invariant-lint", "version": __version__,
                                "semanticVersion": __version__,
                                "rules": [_sarif_rule(info) for info in infos]}},
            "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def format_sarif(result: RunResult, options: ReportOptions | None = None) -> str:
    """The SARIF log as JSON text."""
    return json.dumps(sarif_log(result, options), indent=2) + "\n"


# -- GitLab Code Quality -------------------------------------------------------------------------

_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def format_gitlab(result: RunResult, options: ReportOptions | None = None) -> str:
    """GitLab's Code Quality report: a JSON array of issues, paths relative to the root."""
    options = options or ReportOptions()
    root = os.path.abspath(options.root)
    symbols = _symbols()
    issues = []
    for f, fingerprint in zip(result.findings, report_fingerprints(result.findings, root)):
        issues.append({
            "type": "issue",
            "engine_name": "invariant-lint",
            "check_name": f.code,
            "description": f"{f.code} {symbols.get(f.code, '')}: {f.message}",
            "fingerprint": fingerprint,
            "severity": _GITLAB_SEVERITY.get(f.severity, "major"),
            "location": {"path": relative_path(f.path, root),
                         "lines": {"begin": f.line, "end": f.end_line or f.line}},
        })
    return json.dumps(issues, indent=2) + "\n"


FORMATTERS = {
    "full": format_full,
    "concise": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "gitlab": format_gitlab,
}


# -- progress ------------------------------------------------------------------------------------

class Progress:
    """``files done / total`` on one stderr line, rewritten in place, once a run has taken
    ``delay`` seconds; erased when the run ends.  For terminals only (see :meth:`for_run`).

    Called with each advance; a timer also shows the line when the delay is up, so a run
    whose time goes to the project-wide rules after its last file still shows it."""

    def __init__(self, stream, delay: float = PROGRESS_DELAY_SECONDS, clock=time.monotonic):
        self._stream = stream
        self._delay = delay
        self._clock = clock
        self._started = clock()
        self._shown_at: float | None = None
        self._state: tuple[int, int] | None = None
        self._width = 0
        self._lock = threading.Lock()
        self._timer = threading.Timer(delay, self._when_due)
        self._timer.daemon = True
        self._timer.start()

    @classmethod
    def for_run(cls, output_format: str, stream=None) -> "Progress | None":
        """A progress line for a run in a text format whose stderr is a terminal."""
        stream = sys.stderr if stream is None else stream
        if output_format not in TEXT_FORMATS or not _is_terminal(stream):
            return None
        return cls(stream)

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        with self._lock:
            self._state = (done, total)
            if now - self._started < self._delay:
                return
            if self._shown_at is not None and now - self._shown_at < PROGRESS_INTERVAL_SECONDS \
                    and done < total:
                return
            self._shown_at = now
            self._show(done, total)

    def _when_due(self) -> None:
        with self._lock:
            if self._state is not None and self._shown_at is None:
                self._shown_at = self._clock()
                self._show(*self._state)

    def _show(self, done: int, total: int) -> None:
        text = f"invariant-lint: {done}/{total} files checked"
        if done == total:
            text += ", comparing them across the project"
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(text))

    def finish(self) -> None:
        """Erase the line, if one was shown."""
        self._timer.cancel()
        with self._lock:
            self._state = None
            if self._width:
                self._stream.write("\r" + " " * self._width + "\r")
                self._stream.flush()
                self._width = 0
