"""Hover over a diagnostic: its rule's code, symbol and summary, the finding's message and
the rationale's first paragraph; the whole explain page is the "show documentation" action
(:func:`explain_page`, the text ``invariant-lint explain CODE`` prints)."""

from __future__ import annotations

from lsprotocol import types

from ..explain import explain_text
from ..registry import all_codes
from .diagnostics import SOURCE


def explain_page(code: str) -> str | None:
    """The explain page of a code or symbol (None if unknown)."""
    return explain_text(str(code))


def _summary(code: str) -> str:
    for info in all_codes():
        if info.code == code:
            return f"**{info.code}** `{info.symbol}`: {info.summary}"
    return f"**{code}**"


def _first_paragraph(code: str) -> str:
    page = explain_page(code) or ""
    paragraphs = [part.strip() for part in page.split("\n\n") if part.strip()]
    return " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""


def _contains(area: types.Range, position: types.Position) -> bool:
    start, end = area.start, area.end
    return (start.line, start.character) <= (position.line, position.character) \
        <= (end.line, end.character)


def hover(diagnostics: list[types.Diagnostic], position: types.Position) -> types.Hover | None:
    """The hover for the invariant-lint diagnostics whose range holds ``position``."""
    parts = []
    ranges = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not _contains(diagnostic.range, position):
            continue
        code = str(diagnostic.code)
        parts.append(f"{_summary(code)}\n\n{diagnostic.message}\n\n{_first_paragraph(code)}"
                     f"\n\n`invariant-lint explain {code}` shows the whole page.")
        ranges.append(diagnostic.range)
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                     value="\n\n---\n\n".join(parts)),
        range=ranges[0])
