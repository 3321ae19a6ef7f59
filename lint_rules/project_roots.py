"""Project roots: which files form one project.

The project root of a file is the nearest folder, walking up from the file, that holds
the invariant-lint configuration (see :mod:`lint_rules.config_files`) or is a
version-control root (holds ``.git``, ``.hg`` or ``.svn``).  Failing both (a downloaded
archive, an sdist, sources a CI step copied), the project is the *unmarked root* when it
holds the file: the folder the CLI was given (the common ancestor of its paths, see
:func:`unmarked_root`), else the working directory (the per-file front ends); and the
file's own folder when neither holds it.  Project-wide rules compare only files of one
project, and path patterns of a file without a configuration are matched relative to its
project root.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .config_files import config_file_in

_VCS_MARKERS = (".git", ".hg", ".svn")
_CACHED_FOLDERS = 8192  # folders whose project root is remembered

# The folder an unmarked file's project is, when it holds the file (None: the working
# directory).  Set by the CLI for the length of a run (see unmarked_root).
_unmarked_root: str | None = None
# Whether messages name other files relative to their project root (an editor, which
# shows paths relative to its workspace) rather than on the finding's own base.
_places_from_project_root = False


@lru_cache(maxsize=_CACHED_FOLDERS)
def _marks_root(directory: str) -> bool:
    if config_file_in(directory) is not None:
        return True
    folder = Path(directory)
    return any((folder / marker).exists() for marker in _VCS_MARKERS)


@lru_cache(maxsize=_CACHED_FOLDERS)
def _root_of_directory(directory: str, unmarked: str) -> str:
    current = directory
    while True:
        if _marks_root(current):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return unmarked if _holds(unmarked, directory) else directory
        current = parent


def _holds(folder: str, directory: str) -> bool:
    if not folder:
        return False
    return directory == folder or directory.startswith(folder.rstrip(os.sep) + os.sep)


def project_root_for(path: str) -> str:
    """The absolute project root of a file (see the module docstring)."""
    absolute = os.path.abspath(path)
    directory = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    return _root_of_directory(directory, _unmarked_root or _working_directory_root())


def _working_directory_root() -> str:
    """The working directory as the unmarked root of the per-file front ends; never the
    file system root or the home folder (a shell or an editor started there does not make
    every file below one project), nor in the language server (see
    :func:`serve_editors`)."""
    if _places_from_project_root:
        return ""
    cwd = os.getcwd()
    if os.path.dirname(cwd) == cwd or cwd == os.path.expanduser("~"):
        return ""
    return cwd


def common_folder(paths: list[str]) -> str:
    """The absolute folder that holds every one of ``paths`` (a file stands for its
    folder; paths that do not exist are left out; none left: the working directory)."""
    folders = []
    for path in paths:
        absolute = os.path.abspath(path)
        if os.path.isdir(absolute):
            folders.append(absolute)
        elif os.path.exists(absolute):
            folders.append(os.path.dirname(absolute))
    if not folders:
        return os.getcwd()
    try:
        return os.path.commonpath(folders)
    except ValueError:  # paths on different drives (Windows): no common folder
        return os.getcwd()


@contextlib.contextmanager
def unmarked_root(paths: list[str]):
    """For the length of the ``with``: files without a marker above them that lie in the
    common folder of ``paths`` (what the CLI was given) form one project rooted there."""
    global _unmarked_root
    previous = _unmarked_root
    _unmarked_root = common_folder(paths)
    try:
        yield _unmarked_root
    finally:
        _unmarked_root = previous


def group_by_project(sources: list) -> list[list]:
    """Sources split by project root, in first-seen order (each group keeps its order)."""
    groups: dict[str, list] = defaultdict(list)
    for source in sources:
        groups[project_root_for(source.path)].append(source)
    return list(groups.values())


def _relative_to(absolute: str, base: str) -> str:
    """``absolute`` relative to ``base``, ``/``-separated (absolute on another drive)."""
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:  # another drive on Windows
        return absolute


def as_front_ends_show(path: str) -> str:
    """``path`` as front ends show a file they found themselves: relative to the working
    directory when it holds the file (as pylint and flake8 do), else absolute."""
    absolute = os.path.abspath(path)
    shown = _relative_to(absolute, os.curdir)
    return absolute if shown.startswith(os.pardir) else shown


def path_beside(other: str, own_path: str) -> str:
    """How a message about the file shown as ``own_path`` names another file ``other``:
    on the same base (absolute if ``own_path`` is, else relative to the working
    directory, as front ends show a path they were given), ``/``-separated, so a user
    can open both the same way; in the language server, relative to the project root
    (see :func:`serve_editors`)."""
    absolute = os.path.abspath(other)
    if _places_from_project_root:
        return _relative_to(absolute, project_root_for(absolute))
    if os.path.isabs(own_path):
        return absolute
    return _relative_to(absolute, os.curdir)


def serve_editors() -> None:
    """For the rest of the process (the language server calls this): messages name other
    files relative to their project root, since an editor shows a workspace's paths
    relative to it (the documents' own paths are absolute URIs); and the server's working
    directory, wherever the editor started it, is no unmarked project root."""
    global _places_from_project_root
    _places_from_project_root = True


def forget_project_roots() -> None:
    """Forget every cached root: a long-running front end (the language
    server) calls this when a configuration file appears, changes or goes away."""
    _marks_root.cache_clear()
    _root_of_directory.cache_clear()
