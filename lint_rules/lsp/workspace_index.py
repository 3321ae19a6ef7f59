"""The workspace index: the files of each project root of each workspace folder, for the
project-wide rules (INV301, INV302, INV712).

A project here is the files under one workspace folder whose project root
(:func:`lint_rules.project_roots.project_root_for`) is the same folder, found with
:func:`lint_rules.sources.discover` and the configuration's ``exclude``, as
``invariant-lint check FOLDER`` finds them; each project is checked with
:meth:`lint_rules.engine.Engine.check_project`, so a clone's twin anywhere in the project is
reported, exactly as the CLI reports it.  Open documents stand in for their files on disk.

The index keeps one :class:`~lint_rules.sources.SourceFile` per path and replaces it only
when that file's text changes (an edit in a buffer, a change on disk), so the analyses the
engine memoises per source are reused from one check to the next.  It is built in steps
(:meth:`ProjectIndex.build_steps`) that the checker interleaves with the checks of open
documents, so indexing never holds up the diagnostics of the file being edited.  A document
outside every workspace folder is its own small project: the open documents of its root,
as the CLI checks the files it is given; its root is never walked (it could be a home
folder).
"""

from __future__ import annotations

import os
from typing import Iterator

from ..engine import Engine
from ..findings import Finding
from ..languages import language_of
from ..project_index import _by_file as findings_by_file
from ..project_index import project_languages
from ..project_roots import project_root_for
from ..sources import SourceFile, discover, load_source
from .constants import FILES_PER_INDEX_STEP


class ProjectIndex:
    """The files of one project root within one workspace folder (``folder`` is None for
    documents outside every folder)."""

    def __init__(self, folder: str | None, root: str, disk: DiskSources):
        self.folder = folder
        self._load = disk.load
        self.root = root
        self.ready = folder is None  # nothing to walk outside the workspace
        self._disk: dict[str, SourceFile] = {}  # absolute path -> the file as on disk
        self._buffers: dict[str, SourceFile] = {}  # absolute path -> an open document
        self.findings: dict[str, list[Finding]] = {}  # absolute path -> last project findings

    def __repr__(self) -> str:
        return f"ProjectIndex(folder={self.folder!r}, root={self.root!r}, ready={self.ready})"

    def owns(self, path: str) -> bool:
        """Whether a file at ``path`` (absolute) belongs to this project."""
        if project_root_for(path) != self.root:
            return False
        return self.folder is None or _is_within(path, self.folder)

    # -- building -----------------------------------------------------------------------
    def build_steps(self, engine: Engine) -> Iterator[None]:
        """Discover and load the project's files, yielding between small batches; the index
        is ``ready`` when the generator is exhausted."""
        self.ready = False
        wanted = project_languages(engine)
        files, _missing = discover([self.folder], engine.config.exclude)
        kept: dict[str, SourceFile] = {}
        for count, path in enumerate(files, 1):
            absolute = os.path.abspath(path)
            if language_of(absolute).name not in wanted or not self.owns(absolute):
                continue
            kept[absolute] = self._load(absolute)
            if count % FILES_PER_INDEX_STEP == 0:
                yield
        self._disk = kept
        self.ready = True

    # -- updating -----------------------------------------------------------------------
    def set_buffer(self, path: str, source: SourceFile) -> None:
        """An open document's source stands in for the file at ``path``."""
        self._buffers[path] = source

    def drop_buffer(self, path: str) -> None:
        """The document at ``path`` was closed: the file on disk counts again."""
        self._buffers.pop(path, None)
        self.findings.pop(path, None)
        if self.folder is not None and os.path.isfile(path) and path in self._disk:
            self._disk[path] = self._load(path)

    def reload(self, path: str, engine: Engine) -> bool:
        """Re-read the file at ``path`` from disk (created, changed or deleted); whether the
        project's files changed."""
        if self.folder is None:
            return False
        if not os.path.isfile(path):
            return self._disk.pop(path, None) is not None
        plugin = language_of(path)
        if plugin is None or plugin.name not in project_languages(engine) \
                or engine.config.exclude.matches(path, self.folder):
            return self._disk.pop(path, None) is not None
        previous = self._disk.get(path)
        self._disk[path] = self._load(path)
        return self._disk[path] is not previous

    def source_at(self, path: str) -> SourceFile | None:
        """The project's source for the file at ``path`` (absolute), if it has one."""
        return self._buffers.get(path) or self._disk.get(path)

    def sources(self) -> list[SourceFile]:
        """The project's sources: open documents in place of their files, in path order."""
        merged = {**self._disk, **self._buffers}
        return [merged[path] for path in sorted(merged)]

    def check(self, engine: Engine) -> dict[str, list[Finding]]:
        """The project-wide findings of every file of the project, by absolute path."""
        return dict(findings_by_file(engine.check_project(self.sources())))


def _is_within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # another drive on Windows
        return False


class DiskSources:
    """Files loaded from disk, one :class:`SourceFile` per path, kept while the file's text
    is unchanged (across re-indexing after a configuration change too)."""

    def __init__(self):
        self._sources: dict[str, SourceFile] = {}

    def load(self, path: str) -> SourceFile:
        """The file at ``path`` (absolute) as it is on disk now."""
        source = load_source(path)
        previous = self._sources.get(path)
        if previous is not None and previous.failure is None and source.failure is None \
                and previous.text == source.text:
            return previous  # unchanged: keep its memoised analyses
        source.check_syntax()
        self._sources[path] = source
        return source


class WorkspaceIndex:
    """Every project of the workspace, keyed by (workspace folder, project root)."""

    def __init__(self):
        self._disk = DiskSources()
        self.folders: list[str] = []
        self.projects: dict[tuple[str | None, str], ProjectIndex] = {}

    def set_folders(self, folders: list[str]) -> list[ProjectIndex]:
        """Replace the workspace folders; the projects of the folders that were removed go."""
        self.folders = sorted({os.path.abspath(folder) for folder in folders},
                              key=len, reverse=True)
        removed = [key for key in self.projects
                   if key[0] is not None and key[0] not in self.folders]
        return [self.projects.pop(key) for key in removed]

    def folder_of(self, path: str) -> str | None:
        """The innermost workspace folder holding ``path``, or None."""
        for folder in self.folders:  # longest first
            if _is_within(path, folder):
                return folder
        return None

    def project_of(self, path: str) -> tuple[ProjectIndex, bool]:
        """The project a file belongs to, and whether it was created by this call (and
        so still needs building)."""
        return self.project_at(self.folder_of(path), project_root_for(path))

    def project_at(self, folder: str | None, root: str) -> tuple[ProjectIndex, bool]:
        """The project of ``root`` within ``folder``, and whether this call created it."""
        key = (folder, root)
        project = self.projects.get(key)
        if project is not None:
            return project, False
        project = self.projects[key] = ProjectIndex(*key, self._disk)
        return project, True

    def forget(self) -> list[ProjectIndex]:
        """Drop every project (the configuration changed: roots and excludes may have);
        returns them so their open documents can be placed again."""
        dropped = list(self.projects.values())
        self.projects.clear()
        return dropped
