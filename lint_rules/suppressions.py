"""Inline suppressions: ``# noqa[: CODES] [-- reason]`` and ``# pylint: disable=symbols``
in Python, ``// invariant-lint-disable-line [CODES] [-- reason]`` and
``// invariant-lint-disable-next-line [CODES] [-- reason]`` in JavaScript.  A bare
directive silences every code on its line.

Besides silencing findings, the directives are audited (:func:`audit`), so that stale and
unexplained ones do not pile up:

* ``INV001 unused-suppression``: a directive names an INV code that suppresses nothing on
  its line, or an INV code that does not exist (``# noqa: INV502``).  Only INV codes are
  judged (``E501`` in the same comment is flake8's business), only codes the run checks
  (a suppression of a code not enabled is not "unused"), and only ``noqa`` and the
  JavaScript directives: ``# pylint: disable=`` is scoped by pylint to a block, which its
  own ``useless-suppression`` judges.
* ``INV002 suppression-without-reason`` (with ``require-suppression-reason``): a directive
  that silences an INV finding, by naming its code or by being bare, has no ``-- reason``.

A code is judged by whoever ran its rule: the engine's per-file pass judges the per-file
rules' codes, its project pass the project-wide rules' codes (their findings exist only
there), so each judgement is made once, with every finding of its code at hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALL = "*"
UNUSED_SUPPRESSION = "INV001"
SUPPRESSION_WITHOUT_REASON = "INV002"
SUPPRESSION_CODES = (UNUSED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON)
# (code, symbol, summary) of the codes the audit reports, for the registry.
SUPPRESSION_CODE_INFO = (
    (UNUSED_SUPPRESSION, "unused-suppression",
     "a suppression comment for an INV code that suppresses nothing on its line, or for a "
     "code that does not exist"),
    (SUPPRESSION_WITHOUT_REASON, "suppression-without-reason",
     "a suppression of an INV code without a reason after -- (with "
     "require-suppression-reason)"),
)
_OWN_PREFIX = "INV"

# Codes are letters then digits, as flake8 reads them (``E501``, ``INV101``), so words of
# a reason are never taken for codes.
_CODE = r"[A-Z]+[0-9]+"
_CODES = rf"{_CODE}(?:[\s,]+{_CODE})*"
_NOQA = re.compile(rf"(?:^|#)\s*noqa(?::[\s]?(?P<codes>{_CODES}))?", re.I)
_PYLINT = re.compile(r"(?:^|#)\s*pylint:\s*disable\s*=\s*(?P<names>[\w\-]+(?:\s*,\s*[\w\-]+)*)")
_JS = re.compile(
    rf"invariant-lint-disable-(?P<which>next-line|line)\b(?:[\s,]+(?P<codes>{_CODES})\b)?",
    re.I)
_REASON = re.compile(r"\s*--\s*(?P<reason>.*)", re.S)
# pylint reads every word after ``disable=`` as a message name, so a pragma's reason is a
# comment after it: ``# pylint: disable=raw-error-response  # the helper is not here``.
_PYLINT_REASON = re.compile(r"\s*(?:#|--)\s*(?P<reason>.*)", re.S)
_HINTS = {
    "noqa": "add ' -- <reason>' after the codes",
    "js": "add ' -- <reason>' after the codes",
    "pylint": "add '  # <reason>' after the pragma",
}


@dataclass(frozen=True)
class Suppression:
    """One suppression directive.

    ``line``/``column`` is where the comment is (where INV001 and INV002 are reported),
    ``target`` the line it silences; ``codes`` are upper-case, ``ALL`` for a bare
    directive; ``reason`` is the text after ``--`` (empty without one); ``kind`` is
    ``"noqa"``, ``"pylint"`` or ``"js"``."""

    line: int
    column: int
    target: int
    codes: frozenset[str]
    reason: str
    text: str
    kind: str = "noqa"

    @property
    def judged(self) -> bool:
        """Whether INV001 judges it (pylint judges its own pragmas, with its block scope)."""
        return self.kind != "pylint"

    def silences(self, line: int, code: str) -> bool:
        """Whether this directive silences ``code`` on ``line``."""
        return line == self.target and (ALL in self.codes or code in self.codes)

    @property
    def bare(self) -> bool:
        return ALL in self.codes


def _split(codes: str | None) -> frozenset[str]:
    if not codes or not codes.strip():
        return frozenset({ALL})
    return frozenset(part.upper() for part in re.split(r"[\s,]+", codes.strip()) if part)


def _reason_after(text: str, end: int, pattern: re.Pattern = _REASON) -> str:
    match = pattern.match(text, end)
    return " ".join(match.group("reason").split()) if match else ""


def _as_python(directive: str) -> str:
    """A directive as written in a Python comment: ``# noqa: INV501``."""
    return "# " + directive.strip().lstrip("#").strip()


def python_directives(comments, symbols: dict[str, str]) -> list[Suppression]:
    """The suppression directives of a Python file, from its comments
    (:class:`lint_rules.languages.Comment`).

    ``symbols`` maps pylint symbols to codes so ``disable=await-under-lock`` works."""
    found = []
    for comment in comments:
        line, text = comment.line, comment.text
        column = getattr(comment, "column", 0)
        noqa = _NOQA.search(text)
        if noqa:
            found.append(Suppression(line, column, line, _split(noqa.group("codes")),
                                     _reason_after(text, noqa.end()), _as_python(noqa.group(0))))
        pylint = _PYLINT.search(text)
        if pylint:
            codes = set()
            for name in pylint.group("names").split(","):
                name = name.strip()
                if name == "all":
                    codes.add(ALL)
                elif name in symbols:
                    codes.add(symbols[name])
                elif name.upper() in symbols.values():
                    codes.add(name.upper())
            if codes:
                found.append(Suppression(line, column, line, frozenset(codes),
                                         _reason_after(text, pylint.end(), _PYLINT_REASON),
                                         _as_python(pylint.group(0)), kind="pylint"))
    return found


def js_directives(comments, symbols: dict[str, str]) -> list[Suppression]:
    """The suppression directives of a JavaScript file: each applies to its own line or,
    with ``next-line``, to the line after the comment ends."""
    found = []
    for comment in comments:
        match = _JS.search(comment.text)
        if not match:
            continue
        start, end = comment.line, comment.end_line
        target = end + 1 if match.group("which").lower() == "next-line" else start
        found.append(Suppression(start, getattr(comment, "column", 0), target,
                                 _split(match.group("codes")),
                                 _reason_after(comment.text, match.end()),
                                 match.group(0).strip(), kind="js"))
    return found


def suppressed_lines(directives: list[Suppression]) -> dict[int, set[str]]:
    """Line number to the codes suppressed there (``ALL`` for a bare directive)."""
    lines: dict[int, set[str]] = {}
    for directive in directives:
        lines.setdefault(directive.target, set()).update(directive.codes)
    return lines


def python_suppressions(comments, symbols: dict[str, str]) -> dict[int, set[str]]:
    """Line number to the codes suppressed there, in a Python file."""
    return suppressed_lines(python_directives(comments, symbols))


def js_suppressions(comments, symbols: dict[str, str]) -> dict[int, set[str]]:
    """Line number to the codes suppressed there, in a JavaScript file."""
    return suppressed_lines(js_directives(comments, symbols))


def is_suppressed(suppressed: dict[int, set[str]], line: int, code: str) -> bool:
    """Whether ``code`` is suppressed on ``line``."""
    codes = suppressed.get(line)
    return bool(codes) and (ALL in codes or code in codes)


def may_hold_directives(text: str | None) -> bool:
    """Whether a file's text can hold a suppression directive (cheap: files without one
    are never tokenized or parsed for their comments)."""
    if not text:
        return False
    lowered = text.lower()
    return "noqa" in lowered or "invariant-lint-disable" in lowered or "pylint:" in lowered


# -- the audit -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditFinding:
    """A finding of the audit: INV001 or INV002 at a directive's comment."""

    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True)
class AuditScope:
    """What one pass of the engine judges.

    ``judged_codes``: the codes whose rules ran in the pass (their findings are all at
    hand); ``known_codes``: every code the suite has; ``report_unknown``: whether this
    pass reports codes that do not exist (one pass per file does); ``require_reason``:
    the ``require-suppression-reason`` option."""

    judged_codes: frozenset[str]
    known_codes: frozenset[str]
    report_unknown: bool
    require_reason: bool


def audit(directives: list[Suppression], raw: list[tuple[int, str]],
          scope: AuditScope) -> list[AuditFinding]:
    """INV001 and INV002 findings for a file's directives.

    ``raw`` holds (line, code) of every finding the pass produced, before suppression."""
    found = []
    for directive in directives:
        silenced = sorted({code for line, code in raw
                           if code in scope.judged_codes and directive.silences(line, code)})
        if directive.judged and not directive.bare:
            for code in sorted(c for c in directive.codes if c.startswith(_OWN_PREFIX)):
                if code in SUPPRESSION_CODES:
                    continue  # silencing the audit itself is never "unused"
                if code not in scope.known_codes:
                    if scope.report_unknown:
                        found.append(AuditFinding(
                            directive.line, directive.column, UNUSED_SUPPRESSION,
                            f"'{directive.text}' names {code}, which is no invariant-lint "
                            "code (see `invariant-lint rules`); correct or remove it"))
                elif code in scope.judged_codes and code not in silenced:
                    where = "this line" if directive.target == directive.line \
                        else f"line {directive.target}"
                    found.append(AuditFinding(
                        directive.line, directive.column, UNUSED_SUPPRESSION,
                        f"'{directive.text}' suppresses {code}, but no {code} is reported "
                        f"on {where}; remove {code} from the comment"))
        if scope.require_reason and not directive.reason:
            for code in silenced:
                if code in SUPPRESSION_CODES or not code.startswith(_OWN_PREFIX):
                    continue
                how = "silences every code, and so" if directive.bare else "suppresses"
                hint = (f"name the code and say why: '{directive.text}: {code} -- <reason>'"
                        if directive.bare and directive.kind == "noqa" else _HINTS[directive.kind])
                found.append(AuditFinding(
                    directive.line, directive.column, SUPPRESSION_WITHOUT_REASON,
                    f"'{directive.text}' {how} {code} without a reason; {hint}"))
    return found


# -- --add-noqa --------------------------------------------------------------------------------

@dataclass
class LineEdits:
    """What adding suppressions to one file gave: its new text, how many codes were
    added, and the lines left alone (with why)."""

    text: str
    added: int
    skipped: list[tuple[int, str]]


def _line_body(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def _merged(line: str, comment_start: int | None, pattern: re.Pattern, codes: set[str],
            reason: str, directive: str) -> tuple[str, int]:
    """``line`` with ``codes`` suppressed: merged into its directive (an existing comment
    matching ``pattern`` at ``comment_start``), or ``directive`` appended; and how many
    codes it gained."""
    body, ending = _line_body(line)
    if comment_start is not None:
        match = pattern.search(body, comment_start)
        if match:
            if not match.group("codes"):
                return line, 0  # a bare directive silences every code already
            new = sorted(codes - _split(match.group("codes")))
            if not new:
                return line, 0
            at = match.end("codes")
            addition = ", " + ", ".join(new)
            if reason and not _reason_after(body, at):
                addition += f" -- {reason}"
            return body[:at] + addition + body[at:] + ending, len(new)
    suffix = f"{directive}{', '.join(sorted(codes))}" + (f" -- {reason}" if reason else "")
    return f"{body}{suffix}{ending}", len(codes)


def _apply_edits(text: str, wanted: dict[int, set[str]], unsafe: dict[int, str],
                 comment_at: dict[int, int], pattern: re.Pattern, directive: str,
                 reason: str) -> LineEdits:
    from .text_files import split_lines

    lines = split_lines(text, keepends=True)
    added, skipped = 0, []
    for number in sorted(wanted):
        if not 0 < number <= len(lines):
            skipped.append((number, "no such line"))
            continue
        if number in unsafe:
            skipped.append((number, unsafe[number]))
            continue
        lines[number - 1], count = _merged(lines[number - 1], comment_at.get(number), pattern,
                                           wanted[number], reason, directive)
        added += count
    return LineEdits("".join(lines), added, skipped)


def python_add_suppressions(source, wanted: dict[int, set[str]], reason: str) -> LineEdits:
    """``# noqa: CODES`` added to (or merged into) the lines of a Python file."""
    import io
    import tokenize

    text = source.text or ""
    unsafe: dict[int, str] = {}
    comment_at: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comment_at.setdefault(token.start[0], token.start[1])
            elif token.start[0] < token.end[0] and token.type not in (
                    tokenize.NL, tokenize.NEWLINE, tokenize.DEDENT, tokenize.INDENT):
                for number in range(token.start[0], token.end[0]):  # a string spanning lines
                    unsafe[number] = "the line ends inside a string"
    except (tokenize.TokenError, SyntaxError):
        return LineEdits(text, 0, [(n, "the file does not tokenize") for n in sorted(wanted)])
    for number, line in enumerate(text.split("\n"), 1):
        if number not in comment_at and line.rstrip("\r").endswith("\\"):
            unsafe.setdefault(number, "the line continues with a backslash")
    return _apply_edits(text, wanted, unsafe, comment_at, _NOQA, "  # noqa: ", reason)


def js_add_suppressions(source, wanted: dict[int, set[str]], reason: str) -> LineEdits:
    """``// invariant-lint-disable-line CODES`` added to (or merged into) the lines of a
    JavaScript file; a line that ends inside a template literal or a block comment is
    left alone."""
    from js_rules.parser import walk

    text = source.text or ""
    try:
        tree = source.tree
    except Exception:  # noqa: BLE001 - a file that does not parse gets no edits
        return LineEdits(text, 0, [(n, "the file does not parse") for n in sorted(wanted)])
    unsafe: dict[int, str] = {}
    for node in walk(tree):
        if node.type == "TemplateLiteral" and node.line < (node.get("end_line") or node.line):
            for number in range(node.line, node.end_line):
                unsafe[number] = "the line ends inside a template literal"
    comment_at: dict[int, int] = {}
    for comment in source.comments():
        for number in range(comment.line, comment.end_line):
            unsafe[number] = "the line ends inside a block comment"
        if _JS.search(comment.text) and comment.line == comment.end_line:
            comment_at[comment.line] = comment.column
    for number, line in enumerate(text.split("\n"), 1):
        if line.rstrip("\r").endswith("\\"):
            unsafe.setdefault(number, "the line continues with a backslash")
    return _apply_edits(text, wanted, unsafe, comment_at, _JS_LINE,
                        " // invariant-lint-disable-line ", reason)


_JS_LINE = re.compile(rf"invariant-lint-disable-line\b(?:[\s,]+(?P<codes>{_CODES})\b)?", re.I)


@dataclass
class AddedSuppressions:
    """What ``--add-noqa`` did: codes added, files rewritten, lines it had to leave."""

    added: int = 0
    files: int = 0
    skipped: list[tuple[str, int, str]] = None

    def __post_init__(self):
        self.skipped = self.skipped or []


# Never suppressed inline: a file that does not parse (INV000), and the audit's own codes.
_NOT_ADDED = frozenset({"INV000", *SUPPRESSION_CODES})


def add_suppressions(findings, reason: str = "") -> AddedSuppressions:
    """Write a suppression for every finding onto its line (``--add-noqa``), merging the
    codes into a directive the line has; each file keeps its encoding, byte order mark,
    line endings and comments, and is written atomically."""
    from .sources import load_source
    from .text_files import write_atomically

    reason = " ".join(reason.split())
    wanted: dict[str, dict[int, set[str]]] = {}
    for finding in findings:
        if finding.code not in _NOT_ADDED:
            wanted.setdefault(finding.path, {}).setdefault(finding.line, set()).add(finding.code)
    done = AddedSuppressions()
    for path, lines in sorted(wanted.items()):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            done.skipped += [(path, n, f"cannot read: {error.strerror}") for n in sorted(lines)]
            continue
        source = load_source(path, data)
        writer = source.plugin.add_suppressions
        if source.failure is not None or writer is None:
            done.skipped += [(path, n, "the file cannot be edited") for n in sorted(lines)]
            continue
        edits = writer(source, lines, reason)
        done.skipped += [(path, number, why) for number, why in edits.skipped]
        if edits.added:
            write_atomically(path, edits.text.encode(source.plugin.encoding_of(data)))
            done.added += edits.added
            done.files += 1
    return done


def noqa_codes_end(comment: str) -> int | None:
    """Where in a Python comment's text (without its ``#``) another code joins the code
    list of its ``noqa:`` directive (just after the last code); None without such a list."""
    match = _NOQA.search(comment)
    if match is None or match.group("codes") is None:
        return None
    return match.end("codes")


def js_next_line_codes_end(comment: str) -> int | None:
    """Where in a JavaScript comment's text another code joins the code list of its
    ``invariant-lint-disable-next-line`` directive; None without such a directive or
    with a bare one (which silences every code already)."""
    match = _JS.search(comment)
    if match is None or match.group("which") != "next-line":
        return None
    if not (match.group("codes") or "").strip():
        return None
    return match.end("codes")
