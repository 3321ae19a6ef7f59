"""Files of a checked file's project that match a path option, for messages to name.

A message that says "send this through the API client" is more useful naming the
project's own client (``web/apiClient.js``) than the pattern that configures it
(``**/apiClient.js``).  :func:`matching_project_file` finds it: the project root of the
checked file (:mod:`lint_rules.project_roots`) is walked once per process and pattern
set, skipping the folders a run skips, and of the files that match, the one nearest to the
checked file is named on the same base as the checked file's own path.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lint_rules.path_patterns import PathPatterns
from lint_rules.project_roots import path_beside, project_root_for
from lint_rules.sources import discover


@lru_cache(maxsize=None)
def _matching_files(root: str, patterns: PathPatterns) -> tuple[str, ...]:
    files, _missing = discover([root])
    return tuple(path for path in files if patterns.matches(path))


def _distance(first: str, second: str) -> int:
    """Folders between two files: up from ``first`` to the common folder, then down."""
    a, b = Path(first).parent.parts, Path(second).parent.parts
    common = len(os.path.commonprefix([a, b]))
    return (len(a) - common) + (len(b) - common)


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
