"""Checked files: discovery, decoding and lazily built syntax trees.

A :class:`SourceFile` is decoded once; its tree (astroid for Python, normalised ESTree for
JavaScript) is built only when a rule that wants the file asks for it.  Build failures
become :class:`ParseFailure` so the engine can turn them into ``INV000`` findings.
"""

from __future__ import annotations

import ast
import fnmatch
import io
import os
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from .failures import ParseFailure

PYTHON_SUFFIXES = (".py", ".pyi")
JS_SUFFIXES = (".js", ".mjs", ".cjs")

# Folders that never hold code a user wants linted.
SKIPPED_DIRS = {
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist",
    "site-packages", ".eggs", ".invariant-lint-cache", "__pypackages__",
}


def language_of(path: str) -> str | None:
    """``"python"``, ``"js"`` or None for a file we do not check."""
    lowered = path.lower()
    if lowered.endswith(PYTHON_SUFFIXES):
        return "python"
    if lowered.endswith(JS_SUFFIXES):
        return "js"
    return None


def is_excluded(relative: str, patterns: list[str]) -> bool:
    """Whether a relative posix path, or any of its parts, matches one of the globs."""
    parts = relative.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
            return True
    return False


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def discover(paths: list[str], exclude: list[str] = (),
             root: str | None = None) -> tuple[list[str], list[str]]:
    """Files to check under ``paths`` (sorted, unique) and the paths that do not exist.

    Directories are recursed, skipping VCS, dependency, virtual-environment, build and
    cache folders and anything matching an ``exclude`` glob: a glob matches a path
    relative to the checked directory or any part of it (``build``, ``*_pb2.py``), or,
    with ``root`` (the configuration's folder), the whole path relative to that root
    (``tests/fixtures`` excludes that folder also when ``tests`` is checked).  A file named
    explicitly is checked whatever its folder, but still honours ``exclude``.
    """
    patterns = list(exclude)

    def excluded(full: str, relative: str) -> bool:
        if is_excluded(relative, patterns):
            return True
        if root is None:
            return False
        from_root = os.path.relpath(os.path.abspath(full), root)
        if from_root.startswith(".."):
            return False
        from_root = Path(from_root).as_posix()
        return any(fnmatch.fnmatch(from_root, pattern.rstrip("/")) for pattern in patterns)

    found: list[str] = []
    missing: list[str] = []
    for given in paths:
        if os.path.isfile(given):
            if language_of(given) and not excluded(given, Path(given).as_posix()):
                found.append(os.path.normpath(given))
            continue
        if not os.path.isdir(given):
            missing.append(given)
            continue
        for directory, subdirs, files in os.walk(given):
            relative_dir = os.path.relpath(directory, given)
            kept = []
            for name in sorted(subdirs):
                rel = name if relative_dir == "." else Path(relative_dir, name).as_posix()
                full = os.path.join(directory, name)
                if name in SKIPPED_DIRS or name.endswith(".egg-info") or _is_virtualenv(full):
                    continue
                if excluded(full, rel):
                    continue
                kept.append(name)
            subdirs[:] = kept
            for name in sorted(files):
                if not language_of(name):
                    continue
                rel = name if relative_dir == "." else Path(relative_dir, name).as_posix()
                full = os.path.join(directory, name)
                if excluded(full, rel):
                    continue
                found.append(os.path.normpath(full))
    return sorted(set(found)), missing


def module_name_for(path: str) -> tuple[str, str]:
    """The dotted module name of a Python file and the folder it is importable from.

    Walks up through folders holding ``__init__.py`` so that ``from ..utils import x``
    in ``pkg/api/routes.py`` resolves to ``pkg.utils``.
    """
    absolute = Path(path).resolve()
    parts = [] if absolute.stem == "__init__" else [absolute.stem]
    directory = absolute.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts) or absolute.stem, str(directory)


def decode_python(data: bytes) -> str:
    """Decode Python source as the interpreter would (PEP 263 cookie, BOM, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise ParseFailure(f"cannot decode: {error}") from None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        line = data[: getattr(error, "start", 0)].count(b"\n") + 1
        raise ParseFailure(f"cannot decode as {encoding}: {error.reason}", line) from None


def decode_js(data: bytes) -> str:
    """Decode JavaScript source: UTF-8, with or without a BOM."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseFailure(f"cannot decode as UTF-8: {error.reason}", line) from None


@dataclass
class SourceFile:
    """One file of the run.  ``path`` is as shown to the user."""

    path: str
    language: str
    text: str | None = None
    failure: ParseFailure | None = None
    _tree: object = field(default=None, repr=False)

    @property
    def absolute_path(self) -> str:
        return os.path.abspath(self.path)

    @property
    def lines(self) -> list[str]:
        return (self.text or "").splitlines()


@dataclass
class PythonSource(SourceFile):
    """A Python file; ``module`` is its astroid tree, built on first use."""

    def check_syntax(self) -> None:
        """Parse with the stdlib (cheap) so that every syntax error is reported."""
        if self.failure is not None:
            return
        try:
            ast.parse(self.text, filename=self.path)
        except SyntaxError as error:
            self.failure = ParseFailure(
                f"syntax error: {error.msg}", error.lineno or 1, (error.offset or 1) - 1
            )
        except (RecursionError, MemoryError):
            self.failure = ParseFailure("too deeply nested to parse")
        except ValueError as error:  # e.g. source code string cannot contain null bytes
            self.failure = ParseFailure(f"cannot parse: {error}")

    @property
    def module(self):
        """The astroid module (raises :class:`ParseFailure`)."""
        if self.failure is not None:
            raise self.failure
        if self._tree is None:
            from .python_trees import build_module

            try:
                self._tree = build_module(self.absolute_path, self.text)
            except ParseFailure as failure:
                self.failure = failure
                raise
        return self._tree

    def use_module(self, module) -> None:
        """Adopt a tree built elsewhere (the pylint plugin passes pylint's own)."""
        self._tree = module


@dataclass
class JSSource(SourceFile):
    """A JavaScript file; ``program`` is its normalised ESTree, built on first use."""

    @property
    def program(self):
        if self.failure is not None:
            raise self.failure
        if self._tree is None:
            from js_rules.parser import parse_js

            try:
                self._tree = parse_js(self.text, module=not self.path.endswith(".cjs"))
            except ParseFailure as failure:
                self.failure = failure
                raise
        return self._tree


def load_source(path: str, data: bytes | None = None) -> SourceFile:
    """Read and decode a file; a failure is recorded on the result, never raised."""
    language = language_of(path) or "python"
    cls = PythonSource if language == "python" else JSSource
    source = cls(path=path, language=language)
    try:
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise ParseFailure("file contains a NUL byte", line)
        source.text = decode_python(data) if language == "python" else decode_js(data)
    except ParseFailure as failure:
        source.failure = failure
    except OSError as error:
        source.failure = ParseFailure(f"cannot read: {error.strerror or error}")
    return source
