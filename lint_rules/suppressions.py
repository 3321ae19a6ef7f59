"""Inline suppressions: ``# noqa[: CODES]`` and ``# pylint: disable=symbols`` in Python,
``// invariant-lint-disable-line [CODES]`` and ``// invariant-lint-disable-next-line
[CODES]`` in JavaScript.  A bare directive silences every code on its line.
"""

from __future__ import annotations

import re

ALL = "*"

_NOQA = re.compile(
    r"(?:^|#)\s*noqa(?::[\s]?(?P<codes>[A-Z][A-Z0-9]*(?:[\s,]+[A-Z][A-Z0-9]*)*))?", re.I)
_PYLINT = re.compile(r"(?:^|#)\s*pylint:\s*disable\s*=\s*(?P<names>[\w\-]+(?:\s*,\s*[\w\-]+)*)")
_JS = re.compile(
    r"invariant-lint-disable-(?P<which>next-line|line)\b(?P<codes>(?:[\s,]+[A-Za-z]+[0-9]+\b)*)"
)


def _split(codes: str | None) -> set[str]:
    if not codes or not codes.strip():
        return {ALL}
    return {part.upper() for part in re.split(r"[\s,]+", codes.strip()) if part}


def python_suppressions(comments, symbols: dict[str, str]) -> dict[int, set[str]]:
    """Line number to the codes suppressed there (``ALL`` for a bare noqa), from the
    file's comments (:class:`lint_rules.languages.Comment`).

    ``symbols`` maps pylint symbols to codes so ``disable=await-under-lock`` works.
    """
    suppressed: dict[int, set[str]] = {}
    for comment in comments:
        line, comment = comment.line, comment.text
        codes: set[str] = set()
        noqa = _NOQA.search(comment)
        if noqa:
            codes |= _split(noqa.group("codes"))
        pylint = _PYLINT.search(comment)
        if pylint:
            for name in pylint.group("names").split(","):
                name = name.strip()
                if name == "all":
                    codes.add(ALL)
                elif name in symbols:
                    codes.add(symbols[name])
                elif name.upper() in symbols.values():
                    codes.add(name.upper())
        if codes:
            suppressed.setdefault(line, set()).update(codes)
    return suppressed


def js_suppressions(comments, symbols: dict[str, str]) -> dict[int, set[str]]:
    """Line number to suppressed codes, from the file's comments: a directive applies to
    its own line or, with ``next-line``, to the line after the comment ends."""
    suppressed: dict[int, set[str]] = {}
    for comment in comments:
        match = _JS.search(comment.text)
        if not match:
            continue
        start, end = comment.line, comment.end_line
        target = end + 1 if match.group("which") == "next-line" else start
        suppressed.setdefault(target, set()).update(_split(match.group("codes")))
    return suppressed


def is_suppressed(suppressed: dict[int, set[str]], line: int, code: str) -> bool:
    """Whether ``code`` is suppressed on ``line``."""
    codes = suppressed.get(line)
    return bool(codes) and (ALL in codes or code in codes)


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
    if match is None or match.group("which") != "next-line" or not match.group("codes").strip():
        return None
    return match.end("codes")
