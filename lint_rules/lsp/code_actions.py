"""Code actions for a diagnostic: suppress it on its line, show its rule's documentation.

The suppression is the language's own comment, as :mod:`lint_rules.suppressions` reads it:

* Python: ``# noqa: INV501`` at the end of the finding's line, or the code added to the
  ``# noqa:`` list already there (``# noqa: E501, INV501``).  A line whose end is inside a
  multi-line string or continued with a backslash cannot end in a comment: no action.
* JavaScript: ``// invariant-lint-disable-next-line INV701`` on a new line above, indented
  like the finding's line, or the code added to such a directive already there.

A new directive carries a placeholder reason (`` -- TODO: say why``), to be replaced by the
real one (``require-suppression-reason`` asks for one; the README's adoption steps); a code
merged into an existing directive shares that directive's reason.  ``INV000`` cannot be
suppressed inline, so it gets only the documentation action.
"""

from __future__ import annotations

import io
import tokenize

from lsprotocol import types

from ..languages import language_of
from ..registry import PARSE_ERROR_CODE
from ..suppressions import js_next_line_codes_end, noqa_codes_end
from .diagnostics import EXPLAIN_COMMAND, SOURCE
from .documents import units_of

JS_DIRECTIVE = "invariant-lint-disable-next-line"
PLACEHOLDER_REASON = " -- TODO: say why"


def _line_of(text: str, line: int) -> tuple[list[str], str] | None:
    """The text's lines and its 0-based ``line`` (None past the end)."""
    lines = text.splitlines()
    return (lines, lines[line]) if 0 <= line < len(lines) else None


def _python_tokens(text: str) -> list[tokenize.TokenInfo] | None:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None


def python_suppression(text: str, line: int, code: str,
                       encoding: str) -> types.TextEdit | None:
    """The edit that suppresses ``code`` on ``line`` (0-based) of a Python text."""
    found = _line_of(text, line)
    if found is None:
        return None
    line_text = found[1]
    if line_text.rstrip().endswith("\\"):
        return None
    tokens = _python_tokens(text)
    if tokens is None:
        return None
    number = line + 1
    comment = None
    for token in tokens:
        if token.start[0] <= number < token.end[0] and token.type not in (
                tokenize.NL, tokenize.NEWLINE):
            return None  # the line ends inside a multi-line string
        if token.type == tokenize.COMMENT and token.start[0] == number:
            comment = token
    if comment is not None:
        end = noqa_codes_end(comment.string[1:])
        if end is not None:  # the line's noqa list: add the code to it
            column = comment.start[1] + 1 + end
            position = types.Position(line, units_of(line_text[:column], encoding))
            return types.TextEdit(types.Range(position, position), f", {code}")
    column = len(line_text.rstrip())
    position = types.Position(line, units_of(line_text[:column], encoding))
    return types.TextEdit(types.Range(position, position),
                          f"  # noqa: {code}{PLACEHOLDER_REASON}")


def js_suppression(text: str, line: int, code: str, encoding: str) -> types.TextEdit | None:
    """The edit that suppresses ``code`` on ``line`` (0-based) of a JavaScript text."""
    found = _line_of(text, line)
    if found is None:
        return None
    lines, line_text = found
    if line > 0:
        above = lines[line - 1]
        stripped = above.lstrip()
        if stripped.startswith("//"):
            end = js_next_line_codes_end(stripped[2:])
            if end is not None:  # a directive for this line already: add the code to it
                column = len(above) - len(stripped) + 2 + end
                position = types.Position(line - 1, units_of(above[:column], encoding))
                return types.TextEdit(types.Range(position, position), f" {code}")
    indentation = line_text[: len(line_text) - len(line_text.lstrip())]
    position = types.Position(line, 0)
    return types.TextEdit(types.Range(position, position),
                          f"{indentation}// {JS_DIRECTIVE} {code}{PLACEHOLDER_REASON}\n")


_SUPPRESSIONS = {"python": python_suppression, "js": js_suppression}


def code_actions(uri: str, path: str, text: str, diagnostics: list[types.Diagnostic],
                 encoding: str) -> list[types.CodeAction]:
    """The actions for the invariant-lint diagnostics among ``diagnostics``."""
    plugin = language_of(path)
    suppress = _SUPPRESSIONS.get(plugin.name) if plugin is not None else None
    actions: list[types.CodeAction] = []
    documented: set[str] = set()
    for diagnostic in diagnostics:
        code = diagnostic.code
        if diagnostic.source != SOURCE or not isinstance(code, str):
            continue
        edit = None
        if suppress is not None and code != PARSE_ERROR_CODE:
            edit = suppress(text, diagnostic.range.start.line, code, encoding)
        if edit is not None:
            actions.append(types.CodeAction(
                title=f"Suppress {code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [edit]})))
        if code not in documented:
            documented.add(code)
            actions.append(types.CodeAction(
                title=f"Show documentation for {code}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=types.Command(title=f"Show documentation for {code}",
                                      command=EXPLAIN_COMMAND, arguments=[code])))
    return actions
