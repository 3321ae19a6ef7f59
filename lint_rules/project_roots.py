"""Project roots: which files form one project.

The project root of a file is the nearest folder, walking up from the file, that holds
the invariant-lint configuration (see :mod:`lint_rules.config_files`) or is a
version-control root (holds ``.git``, ``.hg`` or ``.svn``); failing both, the file's own
folder.  Project-wide rules compare only files of one project, and path patterns of a
file without a configuration are matched relative to its project root.
"""

from __future__ import annotations

import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .config_files import config_file_in

_VCS_MARKERS = (".git", ".hg", ".svn")
_CACHED_FOLDERS = 8192  # folders whose project root is remembered
_CACHED_PATHS = 4096  # message paths remembered


@lru_cache(maxsize=_CACHED_FOLDERS)
def _marks_root(directory: str) -> bool:
    if config_file_in(directory) is not None:
        return True
    folder = Path(directory)
    return any((folder / marker).exists() for marker in _VCS_MARKERS)


@lru_cache(maxsize=_CACHED_FOLDERS)
def _root_of_directory(directory: str) -> str:
    current = directory
    while True:
        if _marks_root(current):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return directory
        current = parent


def project_root_for(path: str) -> str:
    """The absolute project root of a file (see the module docstring)."""
    absolute = os.path.abspath(path)
    directory = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    return _root_of_directory(directory)


def group_by_project(sources: list) -> list[list]:
    """Sources split by project root, in first-seen order (each group keeps its order)."""
    groups: dict[str, list] = defaultdict(list)
    for source in sources:
        groups[project_root_for(source.path)].append(source)
    return list(groups.values())


@lru_cache(maxsize=_CACHED_PATHS)
def display_path(absolute: str) -> str:
    """A path for messages: relative to the file's project root (the other places a
    project-wide finding names are in the same project), so every front end shows the
    same text whatever its working folder."""
    root = project_root_for(absolute)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return absolute
    return Path(relative).as_posix()


def forget_project_roots() -> None:
    """Forget every cached root and message path: a long-running front end (the language
    server) calls this when a configuration file appears, changes or goes away."""
    _marks_root.cache_clear()
    _root_of_directory.cache_clear()
    display_path.cache_clear()
