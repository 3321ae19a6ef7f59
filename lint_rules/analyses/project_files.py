"""Files of a checked file's project that match a path option, for messages to name.

A message that says "send this through the API client" is more useful naming the
project's own client (``web/apiClient.js``) than the pattern that configures it
(``**/apiClient.js``).  :func:`matching_project_file` finds it: the project root of the
checked file (:mod:`lint_rules.project_roots`) is walked once per process and pattern
set, skipping the folders a run skips, and of the files that match, the one nearest to the
checked file is named on the same base as the checked file's own path.

Rules that need to know whether the project has adopted a convention (an API client, a
constants module, an error helper) share the same listing (:func:`project_files`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from pathlib import Path

from ..constants import PROJECT_SCAN_TTL_SECONDS
from ..path_patterns import PathPatterns
from ..project_roots import path_beside, project_root_for
from ..sources import discover


_SCANS: dict[str, tuple[float, tuple[str, ...]]] = {}
# The project queries answered while a file is checked (see :func:`project_queries`).
_ANSWERED: list | None = None
QUERIES: dict[str, object] = {}


def project_query(name: str):
    """Mark a function of (path, hashable options) whose answer (a path or None) depends
    on the other files of the path's project: its answers are recorded by
    :func:`project_queries`, with absolute paths (the same wherever a front end runs)."""
    def decorate(function):
        @functools.wraps(function)
        def recorded(path, *options):
            answer = function(path, *options)
            if _ANSWERED is not None:
                _ANSWERED.append((name, (os.path.abspath(path), *options), _absolute(answer)))
            return answer
        QUERIES[name] = function
        return recorded
    return decorate


def _absolute(answer):
    return os.path.abspath(answer) if isinstance(answer, str) else answer


@contextlib.contextmanager
def project_queries():
    """Collect the project queries answered inside the block, as ``(name, arguments,
    answer)``: a file's findings that depend on other files of its project (is there an
    API client? an error helper?) are valid while every answer is still the same."""
    global _ANSWERED
    outer, _ANSWERED = _ANSWERED, []
    try:
        yield _ANSWERED
    finally:
        answered, _ANSWERED = _ANSWERED, outer
        if outer is not None:
            outer.extend(answered)


def answers_hold(answered) -> bool:
    """Whether each recorded project query still gets the answer it got."""
    for name, args, answer in answered:
        query = QUERIES.get(name)
        if query is None or _absolute(query(*args)) != answer:
            return False
    return True


_DERIVED: dict[tuple, tuple[float, object]] = {}


def forget_project_scans() -> None:
    """Forget every project listing (an engine does when it is built: a new run, or a
    test that has just written files, sees the project as it is now)."""
    _SCANS.clear()
    _DERIVED.clear()


def project_files(root: str) -> tuple[str, ...]:
    """The files a run would check under the project ``root`` (cached per process; a
    long-running process lists again after ``PROJECT_SCAN_TTL_SECONDS``)."""
    now = time.monotonic()
    cached = _SCANS.get(root)
    if cached is None or now - cached[0] >= PROJECT_SCAN_TTL_SECONDS:
        files, _missing = discover([root])
        cached = _SCANS[root] = (now, tuple(files))
    return cached[1]


def derived_from_project(key: tuple, root: str, compute):
    """``compute(files)`` over the project's files, cached with the listing."""
    now = time.monotonic()
    cached = _DERIVED.get((key, root))
    if cached is None or now - cached[0] >= PROJECT_SCAN_TTL_SECONDS:
        cached = _DERIVED[(key, root)] = (now, compute(project_files(root)))
    return cached[1]


def _matching_files(root: str, patterns: PathPatterns) -> tuple[str, ...]:
    return derived_from_project(("matching", patterns), root, lambda files: tuple(
        path for path in files if patterns.matches(path)))


def _distance(first: str, second: str) -> int:
    """Folders between two files: up from ``first`` to the common folder, then down."""
    a, b = Path(first).parent.parts, Path(second).parent.parts
    common = len(os.path.commonprefix([a, b]))
    return (len(a) - common) + (len(b) - common)


@project_query("matching-file")
def matching_project_file(path: str, patterns: PathPatterns) -> str | None:
    """The file of ``path``'s project matching ``patterns`` that is nearest to it (ties:
    the first by path), named on the same base as ``path``
    (:func:`lint_rules.project_roots.path_beside`); None if the project has none."""
    if not patterns:
        return None
    absolute = os.path.abspath(path)
    root = project_root_for(absolute)
    candidates = [c for c in _matching_files(root, patterns) if os.path.abspath(c) != absolute]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: (_distance(absolute, os.path.abspath(c)), c))
    return path_beside(nearest, path)
