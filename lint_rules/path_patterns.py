"""Path patterns: the one glob semantics of every path option (``exclude``,
``extend-exclude``, ``constants-modules``, ``test-files``, ``clone-exclude``).

A file's path is matched relative to the folder of the configuration file that set the
pattern; a file outside that folder, or a run without a configuration file, is matched
relative to the file's project root (see :mod:`lint_rules.project_roots`).  Then:

* ``*`` and ``?`` match within one path segment, ``**/`` any number of folders (none
  included), and ``**`` anything;
* a pattern without ``/`` matches any one segment: a folder name (``build``, ``tests``:
  everything below such a folder) or a file name (``*_pb2.py``, ``conftest.py``);
* a pattern with ``/`` is anchored at that folder and matches the path or one of its
  folders (``tests/fixtures`` matches everything below ``tests/fixtures``; use
  ``**/utils/constants.py`` to match at any depth).

When a folder is walked (``invariant-lint check examples``), only the part of each path
below that folder is matched: the folder a user names is checked even if a pattern
matches it, while a file named explicitly (as pre-commit passes staged files) is matched
whole.  Case matters, on every platform.  Patterns are compiled once, when the
configuration is loaded.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .project_roots import project_root_for


_DIRS, _ANY, _STAR, _ONE = "**/", "**", "*", "?"
_REGEX_OF = {_DIRS: "(?:.*/)?", _ANY: ".*", _STAR: "[^/]*", _ONE: "[^/]"}


def _glob_tokens(pattern: str) -> list[str]:
    """``**/``, ``**``, ``*``, ``?`` or one literal character each."""
    tokens, index = [], 0
    while index < len(pattern):
        token = next((t for t in (_DIRS, _ANY, _STAR) if pattern.startswith(t, index)),
                     pattern[index])
        tokens.append(token)
        index += len(token)
    return tokens


class _GlobAutomaton:
    """A glob with several repeats, matched by following every state at once.

    A backtracking regular expression of ``*a*a*a*b`` takes time exponential in the
    number of repeats (a 60-character name took a minute); this takes time proportional
    to the text's length times the pattern's."""

    def __init__(self, tokens: list[str]):
        self.states: list[str] = []  # one token each; ``**/`` is "**/" then "**" then "/"
        for token in tokens:
            self.states.extend((_DIRS, _ANY, "/") if token == _DIRS else (token,))

    def _closure(self, states: set[int]) -> set[int]:
        pending = list(states)
        while pending:
            state = pending.pop()
            if state == len(self.states):
                continue
            kind = self.states[state]
            following = (state + 1, state + 3) if kind == _DIRS else (
                (state + 1,) if kind in (_ANY, _STAR) else ())
            for target in following:
                if target not in states:
                    states.add(target)
                    pending.append(target)
        return states

    def fullmatch(self, text: str) -> bool:
        """Whether the whole of ``text`` matches."""
        current = self._closure({0})
        for character in text:
            reached = set()
            for state in current:
                kind = self.states[state] if state < len(self.states) else None
                if kind in (_ANY, _STAR, _ONE):
                    if kind == _ANY or character != "/":
                        reached.add(state if kind != _ONE else state + 1)
                elif kind is not None and kind != _DIRS and kind == character:
                    reached.add(state + 1)
            if not reached:
                return False
            current = self._closure(reached)
        return len(self.states) in current


def glob_regex(pattern: str):
    """A path glob as a matcher with ``fullmatch`` (see the module docstring).

    A glob with at most one repeat (``*``, ``**``, ``**/``) is a regular expression, which
    backtracks over that one repeat only; one with more is a :class:`_GlobAutomaton`, so
    no glob a user writes can make matching take exponential time."""
    tokens = _glob_tokens(pattern)
    if sum(token in (_DIRS, _ANY, _STAR) for token in tokens) > 1:
        return _GlobAutomaton(tokens)
    return re.compile("".join(_REGEX_OF.get(token) or re.escape(token) for token in tokens))


def _clean(pattern: str) -> str:
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text.rstrip("/")


class PathPatterns:
    """Compiled path globs with the folder they are relative to (None: project root)."""

    __slots__ = ("patterns", "base", "_segment", "_anchored")

    def __init__(self, patterns, base: str | None = None):
        self.patterns = tuple(p for p in (_clean(p) for p in patterns) if p)
        self.base = os.path.abspath(base) if base else None
        self._segment = [glob_regex(p) for p in self.patterns if "/" not in p]
        self._anchored = [glob_regex(p.lstrip("/")) for p in self.patterns if "/" in p]

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def __iter__(self):
        return iter(self.patterns)

    def __repr__(self) -> str:
        return f"PathPatterns({list(self.patterns)!r}, base={self.base!r})"

    def __eq__(self, other) -> bool:
        return (isinstance(other, PathPatterns) and self.patterns == other.patterns
                and self.base == other.base)

    def __hash__(self) -> int:
        return hash((self.patterns, self.base))

    def _base_for(self, absolute: str) -> str:
        base = self.base
        if base is None or not absolute.startswith(base.rstrip(os.sep) + os.sep):
            base = project_root_for(absolute)
        return base

    def relative(self, path: str) -> str:
        """The path as the patterns see it: relative to the base, ``/``-separated."""
        absolute = os.path.abspath(path)
        try:
            relative = os.path.relpath(absolute, self._base_for(absolute))
        except ValueError:  # another drive on Windows
            return Path(absolute).as_posix()
        return Path(relative).as_posix()

    def matches(self, path: str, walked: str | None = None) -> bool:
        """Whether the file or folder at ``path`` matches one of the patterns; with
        ``walked`` (the folder being walked) only the part below that folder counts."""
        if not self.patterns:
            return False
        parts = self.relative(path).split("/")
        skip = 0
        if walked is not None:
            inside = os.path.relpath(os.path.abspath(walked),
                                     self._base_for(os.path.abspath(path)))
            walked_parts = [] if inside == "." else Path(inside).as_posix().split("/")
            if parts[:len(walked_parts)] == walked_parts:
                skip = len(walked_parts)
        if any(regex.fullmatch(part) for regex in self._segment for part in parts[skip:]):
            return True
        prefixes = ["/".join(parts[:end]) for end in range(max(1, skip + 1), len(parts) + 1)]
        return any(regex.fullmatch(prefix) for regex in self._anchored for prefix in prefixes)
