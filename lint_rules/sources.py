"""Checked files: discovery, decoding, and lazily built syntax trees and analyses.

A :class:`SourceFile` is decoded once, by its language plugin (:mod:`lint_rules.languages`);
its tree (astroid for Python, normalised ESTree for JavaScript) is built only when a rule
that wants the file asks for it, and each analysis of it only once however many rules
ask (:meth:`SourceFile.analysis`).  Build failures become :class:`ParseFailure` so the
engine can turn them into ``INV000`` findings.
"""

from __future__ import annotations

import os
import types
from dataclasses import dataclass, field

from .failures import ParseFailure
from .languages import Comment, Language, language_named, language_of
from .path_patterns import PathPatterns

# Folders that never hold code a user wants linted.
SKIPPED_DIRS = {
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist",
    "site-packages", ".eggs", ".invariant-lint-cache", "__pypackages__",
}


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def _skipped_folder(name: str, full: str) -> bool:
    return name in SKIPPED_DIRS or name.endswith(".egg-info") or _is_virtualenv(full)


def discover(paths: list[str], exclude: PathPatterns | None = None,
             force_exclude: bool = False) -> tuple[list[str], list[str]]:
    """Files to check under ``paths`` (sorted, unique) and the paths that do not exist.

    Directories are recursed, skipping VCS, dependency, virtual-environment, build and
    cache folders and anything ``exclude`` matches below the folder given (see
    :mod:`lint_rules.path_patterns`).  A file named explicitly is checked whatever its
    folder and even when ``exclude`` matches it (the user asked for it), unless
    ``force_exclude`` (ruff's ``--force-exclude``: a hook passing every staged file),
    which matches ``exclude`` against its whole path.
    """
    exclude = exclude or PathPatterns(())
    found: list[str] = []
    missing: list[str] = []
    for given in paths:
        if os.path.isfile(given):
            if language_of(given) and not (force_exclude and exclude.matches(given)):
                found.append(os.path.normpath(given))
            continue
        if not os.path.isdir(given):
            missing.append(given)
            continue
        for directory, subdirs, files in os.walk(given):
            kept = []
            for name in sorted(subdirs):
                full = os.path.join(directory, name)
                if not _skipped_folder(name, full) and not exclude.matches(full, given):
                    kept.append(name)
            subdirs[:] = kept
            for name in sorted(files):
                full = os.path.join(directory, name)
                if language_of(name) and not exclude.matches(full, given):
                    found.append(os.path.normpath(full))
    return sorted(set(found)), missing


@dataclass(eq=False)
class SourceFile:
    """One file of the run.  ``path`` is as shown to the user; ``on_disk``: its text was
    read from the file (not an editor's buffer or stdin), so the result cache may record
    what is found in it."""

    path: str
    plugin: Language
    text: str | None = None
    failure: ParseFailure | None = None
    on_disk: bool = False
    findings_cached: bool = False  # its per-file findings came from the result cache
    _tree: object = field(default=None, repr=False)
    _analyses: dict = field(default_factory=dict, repr=False)
    _comments: list | None = field(default=None, repr=False)
    _summaries: dict = field(default_factory=dict, repr=False)

    @property
    def language(self) -> str:
        """The language's name: ``"python"`` or ``"js"``."""
        return self.plugin.name

    @property
    def absolute_path(self) -> str:
        return os.path.abspath(self.path)

    @property
    def lines(self) -> list[str]:
        return (self.text or "").splitlines()

    def check_syntax(self) -> None:
        """The language's cheap syntax check (Python's ``ast``), recorded as the failure."""
        if self.failure is None and self.plugin.syntax_error is not None:
            self.failure = self.plugin.syntax_error(self.path, self.text)

    @property
    def tree(self):
        """The syntax tree, built on first use (raises :class:`ParseFailure`)."""
        if self.failure is not None:
            raise self.failure
        if self._tree is None:
            try:
                self._tree = self.plugin.parse(self.path, self.text)
            except ParseFailure as failure:
                self.failure = failure
                raise
        return self._tree

    @property
    def has_tree(self) -> bool:
        """Whether the tree is built (and held)."""
        return self._tree is not None

    def release_tree(self, keep: tuple = ()) -> None:
        """Forget the tree and the analyses built on it (rebuilt if asked for again); the
        text, comments, summaries, any failure and the analyses of the kinds in ``keep``
        (plain data that holds no tree node) stay."""
        if self._tree is not None and self.plugin.forget_tree is not None:
            self.plugin.forget_tree(self._tree)
        self._tree = None
        kept = {key: value for key, value in self._analyses.items() if key[0] in keep}
        self._analyses.clear()
        self._analyses.update(kept)

    def summary(self, key, build):
        """A project-wide rule's summary of this file under ``key``: ``build()`` on first
        use, then kept (plain data, so it outlives :meth:`release_tree`)."""
        if key not in self._summaries:
            self._summaries[key] = build()
        return self._summaries[key]

    def portable_state(self) -> tuple[dict, dict]:
        """The summaries and the analyses this file holds, for another process's copy of
        it (:meth:`adopt_state`); call it once the tree is released, so that only plain
        data is left (summaries, and the analyses :meth:`release_tree` kept)."""
        return dict(self._summaries), dict(self._analyses)

    def adopt_state(self, summaries: dict, analyses: dict) -> None:
        """Take summaries and analyses another process made of this file's text."""
        for key, value in summaries.items():
            self._summaries.setdefault(key, value)
        for key, value in analyses.items():
            self._analyses.setdefault(key, value)

    def adopt_tree(self, tree) -> None:
        """Use a tree built elsewhere (the pylint plugin passes pylint's own)."""
        self._tree = tree

    def comments(self) -> list[Comment]:
        """The file's comments (raises :class:`ParseFailure` when they need the tree)."""
        if self._comments is None:
            tree = self.tree if self.plugin.comments_need_tree else None
            self._comments = self.plugin.comments(self.path, self.text or "", tree)
        return self._comments

    def analysis(self, kind, *args):
        """The analysis ``kind`` of this file, built once per file and arguments.

        ``kind.from_file(source, *args)`` builds it when ``kind`` defines that (an analysis
        that needs other analyses asks for them through the source), else
        ``kind(tree, *args)``.  Arguments must be hashable (settings values are)."""
        key = (kind, args)
        if key not in self._analyses:
            build = getattr(kind, "from_file", None)
            result = build(self, *args) if build else kind(self.tree, *args)
            if isinstance(result, types.GeneratorType):
                result = tuple(result)  # a memoised generator would be empty the second time
            self._analyses[key] = result
        return self._analyses[key]


def load_source(path: str, data: bytes | None = None) -> SourceFile:
    """Read and decode a file; a failure is recorded on the result, never raised."""
    plugin = language_of(path)
    if plugin is None:
        plugin = language_named("python")
    source = SourceFile(path=path, plugin=plugin, on_disk=data is None)
    try:
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise ParseFailure("file contains a NUL byte", line)
        source.text = plugin.decode(data)
    except ParseFailure as failure:
        source.failure = failure
    except OSError as error:
        source.failure = ParseFailure(f"cannot read: {error.strerror or error}")
    return source
