"""The one mark convention of ``examples/`` and the tests.

A line that must be flagged ends with ``# expect: CODE`` (``// expect: CODE`` in
JavaScript); a line flagged by several rules lists them, ``# expect: INV101, INV401``.
Every other line must stay clean.
"""

from __future__ import annotations

import re
from pathlib import Path

_EXPECT = re.compile(r"(?:#|//)\s*expect:\s*(?P<codes>INV\d{3}(?:\s*,\s*INV\d{3})*)")


def marks_in(text: str) -> set[tuple[int, str]]:
    """(line, code) pairs of the ``expect`` marks in ``text``; lines are 1-based."""
    marks = set()
    for number, line in enumerate(text.splitlines(), 1):
        match = _EXPECT.search(line)
        if match:
            for code in match.group("codes").split(","):
                marks.add((number, code.strip()))
    return marks


def expected_marks(path: Path) -> set[tuple[int, str]]:
    """(line, code) pairs of the ``expect`` marks in the file at ``path``."""
    return marks_in(path.read_text(encoding="utf-8"))
