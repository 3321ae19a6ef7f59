"""The one shape every rule reports in, and every front end translates from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Finding:
    """A single diagnostic.

    ``line`` is 1-based; ``column`` is 0-based internally (as in Python's ``ast`` and
    esprima's ``loc``) and shown 1-based by every reporter.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)
    severity: str = field(default="error", compare=False)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)


def finding_at_node(path: str, node, code: str, message: str) -> Finding:
    """Build a finding located at an astroid node (``lineno``/``col_offset`` attributes)."""
    return Finding(
        path=path,
        line=getattr(node, "lineno", None) or 1,
        column=getattr(node, "col_offset", None) or 0,
        code=code,
        message=message,
        end_line=getattr(node, "end_lineno", None),
        end_column=getattr(node, "end_col_offset", None),
    )
