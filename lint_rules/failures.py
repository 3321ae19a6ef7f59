"""The failure every layer can raise and every layer can import: a file that cannot be read,
decoded or parsed.  This module imports nothing of the suite, so the language plugins, the
sources, the analyses and the engine all depend on it without depending on each other."""

from __future__ import annotations


class ParseFailure(Exception):
    """A file that could not be decoded or parsed, with the position of the problem.

    The engine turns it into an ``INV000`` finding at ``line``/``column`` (1-based line,
    0-based column); every other file of the run is still checked.
    """

    def __init__(self, message: str, line: int = 1, column: int = 0):
        super().__init__(message)
        self.message = message
        self.line = max(1, line or 1)
        self.column = max(0, column or 0)
