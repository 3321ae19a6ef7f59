"""What a rule's check receives: one file (or one project), its settings, its analyses,
and the one way to report.

A rule never builds trees, analyses or findings itself (ESLint's ``context``, ruff's
``Checker``).  :class:`FileContext` gives it the source text, the tree of the file's
language, the rule's typed settings, ``analysis(Kind, *args)`` — built once per file
however many rules ask — and ``report(node, message, related=...)``, which locates the
finding at an astroid, stdlib ``ast`` or ESTree node alike.  A project-wide rule gets a
:class:`ProjectContext`: the files of one project, each as a :class:`FileContext`.
"""

from __future__ import annotations

from .findings import Finding, Related


def node_span(node) -> tuple[int, int, int | None, int | None]:
    """(line, column, end line, end column) of an astroid/``ast`` node (``lineno``,
    ``col_offset``) or an ESTree node (``line``, ``column``); 1-based lines, 0-based
    columns."""
    if hasattr(node, "lineno"):
        return (getattr(node, "lineno", None) or 1, getattr(node, "col_offset", None) or 0,
                getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None))
    return (getattr(node, "line", None) or 1, getattr(node, "column", None) or 0,
            getattr(node, "end_line", None), getattr(node, "end_column", None))


class FileContext:
    """One file, as one rule sees it."""

    def __init__(self, source, rule, findings: list[Finding], summary=None):
        self.source = source
        self.rule = rule
        self._findings = findings
        # A project-wide rule's per-file summary (see ``Rule.summarise``), else None.
        self.summary = summary

    @property
    def path(self) -> str:
        """The file's path as shown to the user."""
        return self.source.path

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def tree(self):
        """The file's syntax tree: an astroid ``Module`` or an ESTree ``Program``."""
        return self.source.tree

    @property
    def settings(self):
        """The rule's typed settings."""
        return self.rule.settings

    def analysis(self, kind, *args):
        """The analysis ``kind`` of this file, shared with every other rule that asks."""
        return self.source.analysis(kind, *args)

    def related(self, where, message: str) -> Related:
        """Another place in this file that a finding names (``relatedInformation``):
        a node, or a line number."""
        if isinstance(where, int):
            return Related(self.path, where, 0, message)
        line, column, _end_line, _end_column = node_span(where)
        return Related(self.path, line, column, message)

    def report(self, node, message: str, *, related=(), end=None) -> None:
        """Report a finding of the rule at ``node`` (to ``end``'s end when given)."""
        line, column, end_line, end_column = node_span(node)
        if end is not None:
            _line, _column, end_line, end_column = node_span(end)
        self.report_at(line, column, message, end_line=end_line, end_column=end_column,
                       related=related)

    def report_at(self, line: int, column: int, message: str, *, end_line=None,
                  end_column=None, related=()) -> None:
        """Report a finding at an explicit position (1-based line, 0-based column)."""
        self._findings.append(Finding(
            path=self.path, line=line, column=column, code=self.rule.code, message=message,
            end_line=end_line, end_column=end_column, related=tuple(related)))


class ProjectContext:
    """The files of one project (one project root) that a project-wide rule compares."""

    def __init__(self, rule, files: list[FileContext]):
        self.rule = rule
        self.files = files
        self._by_path = {file.path: file for file in files}

    @property
    def settings(self):
        """The rule's typed settings."""
        return self.rule.settings

    def file(self, path: str) -> FileContext:
        """The context of one file of the project, by its path as given."""
        return self._by_path[path]
