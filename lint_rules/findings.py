"""The one shape every rule reports in, and every front end translates from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Related:
    """Another place a finding names: the lock's line, another copy of a clone, the
    retrying helper's definition (LSP ``relatedInformation``, SARIF
    ``relatedLocations``).  ``line`` is 1-based, ``column`` 0-based."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True, order=True)
class Finding:
    """A single diagnostic.

    ``line`` is 1-based; ``column`` is 0-based internally (as in Python's ``ast`` and
    esprima's ``loc``) and shown 1-based by every reporter.  ``scope`` (the qualified name
    of the innermost enclosing definition, ``""`` at module level) and ``fingerprint`` (of
    the flagged source, see :mod:`lint_rules.baseline`) are set by the engine; they key
    the baseline and the CI reports' fingerprints, never the line number.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)
    severity: str = field(default="error", compare=False)
    related: tuple[Related, ...] = field(default=(), compare=False)
    scope: str | None = field(default=None, compare=False)
    fingerprint: str | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)
