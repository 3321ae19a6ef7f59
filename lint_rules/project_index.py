"""Project roots and the per-process project index for project-wide rules.

Project-wide rules (INV301 duplicate helpers, INV302 duplicate blocks) compare files with
each other, so they need to know which files form one project:

* **The project root** of a file is the nearest folder, walking up from the file, that holds
  the invariant-lint configuration (a ``pyproject.toml`` with ``[tool.invariant-lint]`` or a
  ``setup.cfg`` with ``[invariant-lint]``) or is a version-control root (holds ``.git``,
  ``.hg`` or ``.svn``); failing both, the file's own folder.  A project is the files whose
  root it is: a nested project (a sub-folder with its own configuration) is separate, so a
  function copied between two projects is not reported as a clone within either.
* **Every front end partitions the same way.**  The engine runs each project-wide rule once
  per project among the files of a run (the CLI's file set, or the modules pylint visited);
  a per-file front end (the flake8 plugin, ``engine.check_file``) cannot see the run, so it
  indexes the file's whole project root once per process (discovered with
  :func:`lint_rules.sources.discover` and the configuration's ``exclude``), runs the
  project-wide rules over it once, caches the findings and returns those of the file being
  checked.  A buffer that differs from the file on disk (an editor, stdin) is analysed in
  place of the disk version.
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .config import read_settings
from .findings import Finding
from .sources import SourceFile, discover, is_excluded, language_of, load_source

_VCS_MARKERS = (".git", ".hg", ".svn")
_CACHED_FOLDERS = 8192  # folders whose project root is remembered
_CACHED_PATHS = 4096  # message paths remembered
_CONFIG_NAMES = ("pyproject.toml", "setup.cfg")


@lru_cache(maxsize=_CACHED_FOLDERS)
def _marks_root(directory: str) -> bool:
    folder = Path(directory)
    for name in _CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            try:
                if read_settings(candidate) is not None:
                    return True
            except Exception:  # noqa: BLE001 - a broken config is reported by load_config
                return True
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


@lru_cache(maxsize=_CACHED_PATHS)
def display_path(absolute: str) -> str:
    """A path for messages: relative to the file's project root (copies are always in the
    same project), so every front end shows the same text whatever its working folder."""
    root = project_root_for(absolute)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return absolute
    return Path(relative).as_posix()


def matches_in_project(path: str, patterns: list[str]) -> bool:
    """Whether the globs match a file, as ``exclude`` does: against its path relative to its
    project root and against every folder or file name on that path."""
    if not patterns:
        return False
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, project_root_for(absolute))
    return is_excluded(Path(relative).as_posix(), patterns)


def group_by_project(sources: list) -> list[list]:
    """Sources split by project root, in first-seen order (each group keeps its order)."""
    groups: dict[str, list] = defaultdict(list)
    for source in sources:
        groups[project_root_for(source.path)].append(source)
    return list(groups.values())


@dataclasses.dataclass
class _Index:
    sources: dict  # absolute path -> SourceFile (loaded with its absolute path)
    findings: dict  # absolute path -> list of Finding


_INDEXES: dict[tuple, _Index] = {}


def _normalised(text: str | None) -> str | None:
    if text is None:
        return None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[os.path.abspath(finding.path)].append(finding)
    return grouped


def _build_index(engine, root: str, languages: set[str]) -> _Index:
    files, _missing = discover([root], engine.config.exclude, engine.config.root)
    sources = {}
    for path in files:
        if language_of(path) not in languages or project_root_for(path) != root:
            continue
        source = load_source(path)
        if source.language == "python":
            source.check_syntax()
        sources[os.path.abspath(path)] = source
    findings = engine.check_project(list(sources.values()))
    return _Index(sources, _by_file(findings))


def project_findings(engine, source: SourceFile) -> list[Finding]:
    """Findings of the engine's project-wide rules for one file, from its project's index.

    The index (the files of the file's project root) is built and checked once per
    process, engine and root; the findings returned carry ``source.path``."""
    if source.failure is not None:
        return []
    # Only the checked file's language: a Python front end never pays for parsing JS.
    if not any(r.project_wide and r.language == source.language for r in engine.rules):
        return []
    root = project_root_for(source.path)
    key = (root, source.language, engine.config.source, frozenset(engine.codes))
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = _build_index(engine, root, {source.language})
    absolute = os.path.abspath(source.path)
    indexed = index.sources.get(absolute)
    if indexed is not None and _normalised(indexed.text) == _normalised(source.text):
        found = index.findings.get(absolute, [])
    else:
        # Not on disk as seen (an edited buffer, stdin, an excluded file): check the
        # project with this text in place of the file's.
        buffer = dataclasses.replace(source, path=absolute)
        others = [s for path, s in index.sources.items() if path != absolute]
        found = _by_file(engine.check_project([*others, buffer])).get(absolute, [])
    return [dataclasses.replace(finding, path=source.path) for finding in found]
