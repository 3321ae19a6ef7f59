"""The checker: one background thread that runs the engine for the language server.

The server's event loop only records what happened (a document opened, changed, saved or
closed; files changed on disk; workspace folders changed) and returns at once, so the
server keeps answering while a check runs.  The checker thread does the work, in this
order of priority:

1. *control* tasks: placing documents in their projects, re-reading changed files,
   reloading the configuration (cheap, and everything after depends on them);
2. *document checks* that are due: the per-file rules over the buffer's text
   (:meth:`lint_rules.engine.Engine.check_source`), published at once with the document's
   last project-wide findings; an edit is due once the document has not changed for
   :data:`~.constants.CHANGE_DEBOUNCE_SECONDS` (the first edit after a pause at once),
   an open or a save at once;
3. *project checks*: the project-wide rules over a project whose files changed
   (:meth:`.workspace_index.ProjectIndex.check`), republishing every open document of the
   project whose project-wide findings changed (the twin of a clone just deleted); after an
   edit, once the typing has paused for :data:`~.constants.PROJECT_CHECK_DELAY_SECONDS`,
   so that comparing the whole project never delays the next keystroke's diagnostics;
4. one *indexing step* of a project still being indexed.

Engines read and record results in the CLI's result cache (:mod:`lint_rules.result_cache`):
indexing a workspace reads each unchanged file's project-wide summaries and clone
analysis from it, and an opened document whose text is the one recorded gets its
findings from it.  An open buffer stands in for its file when the cache validates what a
result depends on, and only files as they are on disk are recorded.

The engine is not thread-safe (astroid's caches), so it only ever runs on this thread, on a
deep stack (:func:`lint_rules.deep_stack.call_with_deep_stack`).  Diagnostics are handed to
``publish`` (which the server runs on its loop) with the document they belong to, so the
server drops those of a document closed in the meantime.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from ..config import ConfigError, build_config
from ..deep_stack import call_with_deep_stack
from ..engine import Engine, engine_for
from ..findings import Finding
from ..project_roots import forget_project_roots, project_root_for
from ..result_cache import ResultCache, cache_wanted
from ..sources import SourceFile, discover
from .constants import CHANGE_DEBOUNCE_SECONDS, PROJECT_CHECK_DELAY_SECONDS
from .documents import buffer_source
from .workspace_index import ProjectIndex, WorkspaceIndex, project_languages

LOG = logging.getLogger(__name__)
CONFIG_FILE_NAMES = ("pyproject.toml", "setup.cfg")


@dataclass(eq=False)
class OpenDocument:
    """A document the client has open, and what was last found in it."""

    uri: str
    path: str  # absolute
    text: str
    version: int | None
    source: SourceFile | None = None  # the source of ``checked_text``
    checked_text: str | None = None
    file_findings: list[Finding] = field(default_factory=list)
    project_findings: list[Finding] = field(default_factory=list)
    project: ProjectIndex | None = None
    excluded: bool = False

    def findings(self) -> list[Finding]:
        """Everything to show for the document, sorted."""
        if self.excluded:
            return []
        return sorted({*self.file_findings, *self.project_findings}, key=Finding.sort_key)


Publish = Callable[[OpenDocument, list[Finding], int | None], None]


class Checker:
    """Runs the engine for open documents and the workspace index, on its own thread.

    ``publish(document, findings, version)`` sends a document's diagnostics;
    ``show_error(text)`` shows a problem to the user (a bad configuration), once per text
    until the configuration changes again."""

    def __init__(self, publish: Publish, show_error: Callable[[str], None],
                 debounce: float = CHANGE_DEBOUNCE_SECONDS):
        self._publish = publish
        self._show_error = show_error
        self._debounce = debounce
        self._wake = threading.Condition()
        self._documents: dict[str, OpenDocument] = {}  # uri -> document (under _wake)
        self._due: dict[str, float] = {}  # uri -> when its check is due
        self._control: deque[Callable[[], None]] = deque()
        self._dirty: dict[tuple, tuple[ProjectIndex, float]] = {}  # project, when due
        self._last_change: dict[str, float] = {}  # uri -> when its text last changed
        self._builds: deque[tuple[ProjectIndex, object]] = deque()
        self._shown_errors: set[str] = set()
        self._stopped = False
        self.index = WorkspaceIndex()
        self._default_engine: Engine | None = None
        self._thread = threading.Thread(target=self._run, name="invariant-lint-checker",
                                        daemon=True)

    # -- called on the server's loop ------------------------------------------------------
    def start(self, folders: list[str]) -> None:
        """Start the thread with the workspace folders (absolute paths)."""
        self._submit(lambda: self._set_folders(folders))
        self._thread.start()

    def stop(self) -> None:
        """Stop after the task at hand."""
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def document(self, uri: str) -> OpenDocument | None:
        """The open document at ``uri``."""
        with self._wake:
            return self._documents.get(uri)

    def is_current(self, document: OpenDocument) -> bool:
        """Whether ``document`` is still open (not closed, nor closed and reopened)."""
        with self._wake:
            return self._documents.get(document.uri) is document

    def text_at(self, path: str) -> str | None:
        """The text last checked of the open document at ``path`` (absolute), if any."""
        with self._wake:
            for document in self._documents.values():
                if document.path == path:
                    return document.checked_text
        return None

    def opened(self, uri: str, path: str, text: str, version: int | None) -> None:
        """A document was opened: check it now."""
        document = OpenDocument(uri, os.path.abspath(path), text, version)
        with self._wake:
            self._documents[uri] = document
        self._submit(lambda: self._place(document))
        self._schedule(uri, 0.0)

    def changed(self, uri: str, text: str, version: int | None) -> None:
        """A document's text changed: check it once the edits pause."""
        with self._wake:
            document = self._documents.get(uri)
            if document is None:
                return
            document.text, document.version = text, version
            now = time.monotonic()
            previous = self._last_change.get(uri)
            self._last_change[uri] = now
        # Debounced: an edit after a pause is checked at once, the edits of a burst of
        # typing together once it pauses.
        bursting = previous is not None and now - previous < self._debounce
        self._schedule(uri, self._debounce if bursting else 0.0)

    def saved(self, uri: str, text: str | None) -> None:
        """A document was saved: check it now (a saved configuration file reloads)."""
        with self._wake:
            document = self._documents.get(uri)
            if document is not None and text is not None:
                document.text = text
        if document is not None:
            self._schedule(uri, 0.0)

    def closed(self, uri: str) -> None:
        """A document was closed: forget it; its file on disk counts for its project again."""
        with self._wake:
            document = self._documents.pop(uri, None)
            self._due.pop(uri, None)
            self._last_change.pop(uri, None)
        if document is not None:
            self._submit(lambda: self._unplace(document))

    def folders_changed(self, folders: list[str]) -> None:
        """The workspace folders are now ``folders``."""
        self._submit(lambda: self._set_folders(folders))

    def files_changed(self, paths: list[str]) -> None:
        """Files changed on disk (created, changed or deleted)."""
        self._submit(lambda: self._reload_files(paths))

    # -- scheduling -----------------------------------------------------------------------
    def _submit(self, task: Callable[[], None]) -> None:
        with self._wake:
            self._control.append(task)
            self._wake.notify()

    def _schedule(self, uri: str, delay: float) -> None:
        with self._wake:
            self._due[uri] = time.monotonic() + delay
            self._wake.notify()

    def _next_work(self) -> Callable[[], None] | None:
        """The next task by priority, waiting for one (None when stopped)."""
        with self._wake:
            while not self._stopped:
                if self._control:
                    return self._control.popleft()
                now = time.monotonic()
                due = [uri for uri, when in self._due.items() if when <= now]
                if due:
                    uri = min(due, key=self._due.__getitem__)
                    del self._due[uri]
                    document = self._documents.get(uri)
                    if document is not None:
                        return lambda: self._check_document(document)
                    continue
                ready = [key for key, (_project, when) in self._dirty.items() if when <= now]
                if ready:
                    project, _when = self._dirty.pop(ready[0])
                    return lambda: self._check_project(project)
                if self._builds:
                    return self._build_step
                dues = [*self._due.values(), *(when for _p, when in self._dirty.values())]
                self._wake.wait(min(dues) - now if dues else None)
        return None

    def _run(self) -> None:
        while True:
            task = self._next_work()
            if task is None:
                return
            try:
                call_with_deep_stack(task)
            except Exception:  # noqa: BLE001 - a bug here must not end the server
                LOG.exception("invariant-lint: a background task failed")

    # -- engines and configuration --------------------------------------------------------
    def _engine(self, path: str) -> Engine:
        """The engine configured for ``path``; with a bad configuration, shown once, the
        defaults."""
        try:
            engine = engine_for(path)
        except ConfigError as error:
            text = "invariant-lint: invalid configuration, using the defaults:\n" + "\n".join(
                error.problems)
            if text not in self._shown_errors:
                self._shown_errors.add(text)
                self._show_error(text)
            if self._default_engine is None:
                self._default_engine = Engine(build_config(None))
            return self._default_engine
        if engine.cache is None and cache_wanted():
            # The CLI's cache, read with the open buffers standing in for their files
            # (what astroid built here); only files as on disk are recorded in it.
            engine.cache = ResultCache.for_engine(engine, start=path, overlay=self.text_at,
                                                  remember_digests=False)
        return engine

    def _reload_configuration(self) -> None:
        """A configuration file changed: project roots, excludes and settings may have."""
        forget_project_roots()
        self._shown_errors.clear()
        self.index.forget()
        with self._wake:
            self._builds.clear()
            self._dirty.clear()
            documents = list(self._documents.values())
        for document in documents:
            document.project = None
            document.checked_text = None  # settings may differ: check again
            self._place(document)
            self._schedule(document.uri, 0.0)

    # -- control tasks --------------------------------------------------------------------
    def _set_folders(self, folders: list[str]) -> None:
        removed = self.index.set_folders(folders)
        with self._wake:
            documents = list(self._documents.values())
        for document in documents:
            if document.project in removed or (
                    document.project is not None and document.project.folder is None
                    and self.index.folder_of(document.path) is not None):
                document.project = None
                self._place(document)
                self._schedule(document.uri, 0.0)
        for folder in self.index.folders:
            for root in self._roots_in(folder):
                project, created = self.index.project_at(folder, root)
                if created:
                    self._start_build(project)

    def _roots_in(self, folder: str) -> list[str]:
        """The project roots of a workspace folder's files: the folder's own and those of
        nested projects (sub-folders with their own configuration or repository)."""
        if not os.path.isdir(folder):
            return []
        files, _missing = discover([folder], self._engine(folder).config.exclude)
        roots = {project_root_for(folder)}
        roots.update(project_root_for(path) for path in files)
        return sorted(roots)

    def _place(self, document: OpenDocument) -> None:
        """Put a document in its project (created and indexed in the background if new)."""
        if document.project is not None:
            return
        project, created = self.index.project_of(document.path)
        document.project = project
        if created:
            self._start_build(project)

    def _unplace(self, document: OpenDocument) -> None:
        project = document.project
        if project is not None:
            project.drop_buffer(document.path)
            self._mark_dirty(project)

    def _start_build(self, project: ProjectIndex) -> None:
        if project.ready:
            return
        engine = self._engine(project.root)
        with self._wake:
            self._builds.append((project, iter(project.build_steps(engine))))

    def _build_step(self) -> None:
        with self._wake:
            if not self._builds:
                return
            project, steps = self._builds[0]
        if next(steps, StopIteration) is StopIteration:
            with self._wake:
                self._builds.popleft()
            if self.index.projects.get((project.folder, project.root)) is project:
                self._mark_dirty(project)

    def _reload_files(self, paths: list[str]) -> None:
        if any(os.path.basename(path) in CONFIG_FILE_NAMES for path in paths):
            self._reload_configuration()
            return
        for path in map(os.path.abspath, paths):
            for project in list(self.index.projects.values()):
                if project.owns(path) and project.reload(path, self._engine(path)):
                    self._mark_dirty(project)

    def _mark_dirty(self, project: ProjectIndex, delay: float = 0.0) -> None:
        """Re-check the project's project-wide rules in ``delay`` seconds (a later call
        for the same project moves the time)."""
        with self._wake:
            self._dirty[(project.folder, project.root)] = (project, time.monotonic() + delay)
            self._wake.notify()

    # -- checks ---------------------------------------------------------------------------
    def _check_document(self, document: OpenDocument) -> None:
        with self._wake:
            text, version = document.text, document.version
        if os.path.basename(document.path) in CONFIG_FILE_NAMES:
            self._reload_configuration()  # saved or edited in the editor: re-read it
            return
        self._place(document)
        engine = self._engine(document.path)
        document.excluded = engine.config.exclude.matches(document.path)
        if document.excluded:
            self._publish(document, [], version)
            return
        if document.checked_text != text or document.source is None:
            document.source = buffer_source(document.path, text)
            document.checked_text = text
            document.file_findings = engine.check_source(document.source)
            project = document.project
            if project is not None and document.source.language in project_languages(engine):
                project.set_buffer(document.path, document.source)
                self._mark_dirty(project, PROJECT_CHECK_DELAY_SECONDS)
        self._publish(document, document.findings(), version)

    def _check_project(self, project: ProjectIndex) -> None:
        if not project.ready:
            return  # checked when its indexing ends
        engine = self._engine(project.root)
        found = project.check(engine)
        with self._wake:
            documents = [d for d in self._documents.values() if d.project is project]
        for document in documents:
            findings = found.get(document.path, [])
            if findings != document.project_findings:
                document.project_findings = findings
                with self._wake:
                    version = document.version if document.checked_text == document.text \
                        else None
                self._publish(document, document.findings(), version)
