"""The result cache: a re-run on unchanged files costs almost nothing.

Results live in ``.invariant-lint-cache/`` next to the configuration file (the ``cache-dir``
key or ``--cache-dir`` move it; ``--no-cache`` turns it off).  The folder is created with
its own ``.gitignore`` (``*``) and a ``CACHEDIR.TAG``, so neither version control nor
backup tools pick it up.  Inside, one folder per *configuration*: a digest of the suite's
version (and its own source files, Python's and the parsers' versions) and of the
effective settings, the ones that change findings (the enabled codes and every rule
setting, not ``exclude``, ``baseline`` or output options).  The
:data:`~.constants.MAX_CACHED_CONFIGURATIONS` most recently used are kept.

A configuration's folder holds three kinds of entries, each a pickle stamped with the
cache format and the configuration digest (an entry that fails to load, is truncated or
carries another stamp is a miss, and is rewritten):

``files/``
    one per checked file: the per-file rules' findings, valid while the file's content
    digest is the same and, for Python, every module astroid's inference could have read
    (:mod:`lint_rules.module_deps`) still has the digest it had.
``parts/``
    one per file: what the project-wide rules need of it: their summaries
    (``Rule.summarise``, valid under the same conditions as the findings) and the clone
    analysis (:func:`lint_rules.analyses.clones.module_analysis`, valid while the file's
    content is), so an edit re-fingerprints only the edited file.
``projects/``
    the project-wide findings of one set of files (a run's scope), valid while every file
    of the set, and every module their summaries read, is unchanged; else the project
    pass runs again, over the cached parts (:data:`~.constants.MAX_CACHED_PROJECT_SCOPES`
    sets kept).

The size is bounded by one entry of each kind per file (an entry is replaced, never
added to, when its file changes); the entries of deleted files stay until their
configuration's folder is evicted.  Every write is atomic (a temporary file in the same
folder, then ``os.replace``), so concurrent runs (pre-commit and an editor, parallel
workers) never leave a partial entry; the last writer wins.  A cache that cannot be
read or written never fails a run: it is only a miss.

Only sources read from disk are written (an editor's unsaved buffer is not): a buffer is
served from the cache only when its content digest is the one recorded, and the language
server validates dependencies against its open buffers (``overlay``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import sys
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from . import __version__
from .constants import MAX_CACHED_CONFIGURATIONS, MAX_CACHED_PROJECT_SCOPES
from .analyses.project_files import answers_hold
from .module_deps import ABSENT, dependencies, install
from .failures import ParseFailure
from .project_roots import project_root_for
from .python_language import decode_python
from .text_files import text_digest, write_atomically

CACHE_FOLDER = ".invariant-lint-cache"
FORMAT = 1  # bumped when an entry's shape changes
_MAGIC = "invariant-lint-cache"
_GITIGNORE = "# Created by invariant-lint: its result cache, not to be committed.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by invariant-lint.\n"
                 "# For information about cache directory tags see https://bford.info/cachedir/\n")
# Keys that never change what a file's findings are: which files a run checks, which
# findings it hides, where it keeps its cache.
_NOT_FINDINGS = frozenset({"exclude", "extend-exclude", "baseline", "cache-dir"})
_SUITE_PACKAGES = ("lint_rules", "js_rules")


NO_CACHE_VARIABLE = "INVARIANT_LINT_NO_CACHE"


def cache_wanted() -> bool:
    """Whether the environment allows the cache (``INVARIANT_LINT_NO_CACHE`` unset or
    empty): the switch of the front ends without a ``--no-cache`` of their own."""
    return not os.environ.get(NO_CACHE_VARIABLE)


def _distribution_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def suite_stamp() -> str:
    """What makes results of another installation foreign: the suite's version and its
    own modules (an edited checkout), Python's and the parsers' versions."""
    parts = [__version__, str(FORMAT), sys.version, _distribution_version("astroid"),
             _distribution_version("esprima2")]
    for package in _SUITE_PACKAGES:
        folder = Path(__file__).resolve().parent.parent / package
        for module in sorted(folder.rglob("*.py")):
            status = module.stat()
            parts.append(f"{module.relative_to(folder)}:{status.st_size}:{status.st_mtime_ns}")
    return text_digest("\n".join(parts))


def configuration_key(engine) -> str:
    """The digest of what the engine's findings depend on besides the files: the suite,
    the enabled codes and the settings that change findings."""
    config = engine.config
    settings = sorted((key, repr(value)) for key, value in config.values.items()
                      if key not in _NOT_FINDINGS)
    described = repr((suite_stamp(), config.source, sorted(engine.codes),
                      engine.audit_unknown, settings))
    return text_digest(described)


def default_cache_folder(config, start: str | None = None) -> str:
    """``cache-dir`` (relative to the configuration's folder), else
    ``.invariant-lint-cache`` there; without a configuration file, in the project root of
    ``start`` (a front end that sees one file at a time), else the working directory."""
    base = config.root or (project_root_for(start) if start else os.getcwd())
    configured = config.values.get("cache-dir") or ""
    return os.path.join(base, configured or CACHE_FOLDER)


def _prepare_folder(folder: str) -> None:
    """Create the cache folder with its ``.gitignore`` and ``CACHEDIR.TAG``."""
    os.makedirs(folder, exist_ok=True)
    for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            write_atomically(path, text.encode(), durable=False)


def _evict_configurations(folder: str, keep: str) -> None:
    """Keep the most recently used configurations' folders (``keep`` is the current)."""
    try:
        os.utime(os.path.join(folder, keep))
        entries = [entry for entry in os.scandir(folder)
                   if entry.is_dir(follow_symlinks=False) and entry.name != keep]
    except OSError:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
    for stale in entries[MAX_CACHED_CONFIGURATIONS - 1:]:
        shutil.rmtree(stale.path, ignore_errors=True)


def entry_name(absolute: str) -> str:
    """The name of a file's entries (findings, parts) in the cache, from its absolute path."""
    return text_digest(absolute) + ".pickle"


@dataclass
class _Parts:
    """One file's parts entry, as loaded (or started) and as it will be written."""

    text: str
    root: str
    shown: str
    deps: dict = field(default_factory=dict)
    summaries: dict = field(default_factory=dict)  # rule code -> (summary, problems)
    clones: dict = field(default_factory=dict)  # analysis key -> ModuleAnalysis
    dirty: bool = False


class ResultCache:
    """The cache of one configuration in one cache folder.

    ``overlay(path)`` (the language server's) gives the text of an open buffer, which
    stands in for the file on disk when dependencies are validated; digests read from disk
    are remembered for the cache's life unless ``remember_digests`` is false (a
    long-running server)."""

    def __init__(self, folder: str, key: str, overlay=None, remember_digests: bool = True):
        self.folder = os.path.abspath(folder)
        self.key = key
        self.overlay = overlay
        self.remember_digests = remember_digests
        self._digests: dict[str, tuple] = {}
        self._parts: dict[str, _Parts] = {}
        install()

    @classmethod
    def for_engine(cls, engine, folder: str | None = None, start: str | None = None,
                   **options) -> "ResultCache":
        """The cache for ``engine``'s configuration (in ``folder``, else the default for
        a run that starts at ``start``, see :func:`default_cache_folder`), its folder
        created and the least recently used configurations evicted."""
        cache = cls(folder or default_cache_folder(engine.config, start),
                    configuration_key(engine), **options)
        try:
            _prepare_folder(cache.folder)
            for kind in ("files", "parts", "projects"):
                os.makedirs(os.path.join(cache.folder, cache.key, kind), exist_ok=True)
            _evict_configurations(cache.folder, cache.key)
        except OSError:
            pass  # an unwritable cache folder: every lookup misses, every write is skipped
        return cache

    def __getstate__(self):  # a worker process gets the folder and key, fresh memos
        return {"folder": self.folder, "key": self.key,
                "remember_digests": self.remember_digests}

    def __setstate__(self, state):
        self.__init__(state["folder"], state["key"],
                      remember_digests=state["remember_digests"])

    # -- reading and writing entries --------------------------------------------------------
    def _path(self, kind: str, name: str) -> str:
        return os.path.join(self.folder, self.key, kind, name)

    def _read(self, kind: str, name: str):
        try:
            with open(self._path(kind, name), "rb") as handle:
                stamp = pickle.load(handle)
        except Exception:  # noqa: BLE001 - missing, truncated, corrupted or foreign: a miss
            return None
        if not (isinstance(stamp, tuple) and len(stamp) == 4 and stamp[:3] == (
                _MAGIC, FORMAT, self.key)):
            return None
        return stamp[3]

    def _write(self, kind: str, name: str, payload) -> None:
        try:
            data = pickle.dumps((_MAGIC, FORMAT, self.key, payload),
                                protocol=pickle.HIGHEST_PROTOCOL)
            write_atomically(self._path(kind, name), data, durable=False)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass  # a cache that cannot be written is only a slower next run

    # -- validity ----------------------------------------------------------------------------
    def _current_digests(self, path: str) -> tuple:
        """The digests ``path`` matches now: of its bytes and of its decoded text (astroid
        builds checked files from the text), or ``(ABSENT,)``."""
        if self.overlay is not None:
            text = self.overlay(path)
            if text is not None:
                return (text_digest(text),)
        known = self._digests.get(path)
        if known is not None:
            return known
        found: tuple = ()  # unreadable (no permission): matches nothing recorded
        if os.path.isdir(path):  # a package folder whose appearance was recorded
            found = ("folder",)
        else:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                found = (ABSENT,)
            except OSError:
                pass
            else:
                found = (text_digest(data), *_text_digests(data))
        if self.remember_digests:
            self._digests[path] = found
        return found

    def _dependencies_hold(self, deps: dict) -> bool:
        return all(digest in self._current_digests(path) for path, digest in deps.items())

    # -- per-file findings ---------------------------------------------------------------
    def findings(self, source):
        """The cached per-file findings of ``source`` (None: a miss)."""
        if source.text is None:
            return None
        absolute = source.absolute_path
        entry = self._read("files", entry_name(absolute))
        if not isinstance(entry, dict) or entry.get("text") != text_digest(source.text) \
                or entry.get("root") != project_root_for(absolute) \
                or not self._dependencies_hold(entry.get("deps", {})) \
                or not answers_hold(entry.get("answers", ())):
            return None
        return _moved(entry["findings"], entry["shown"], source.path)

    def store_findings(self, source, findings, answers=()) -> None:
        """Record the per-file findings of ``source`` (only a file read from disk), with
        the project queries they depend on (:func:`.analyses.project_files.project_queries`)."""
        if source.text is None or not source.on_disk:
            return
        absolute = source.absolute_path
        deps = dependencies(absolute) if source.language == "python" else {}
        self._write("files", entry_name(absolute), {
            "text": text_digest(source.text), "root": project_root_for(absolute),
            "shown": source.path, "deps": deps, "answers": list(answers),
            "findings": list(findings)})

    # -- per-file parts of the project-wide rules --------------------------------------------
    def _parts_of(self, source, start: bool = True) -> _Parts | None:
        """The parts entry of ``source``'s current text; without one, a new one, or None
        if not ``start`` (nothing is then remembered, so an entry another process is
        about to write is read when next asked for)."""
        absolute = source.absolute_path
        parts = self._parts.get(absolute)
        digest = text_digest(source.text)
        if parts is not None and parts.text == digest:
            return parts
        root = project_root_for(absolute)
        entry = self._read("parts", entry_name(absolute))
        if isinstance(entry, _Parts) and entry.text == digest and entry.root == root:
            parts = entry
            parts.dirty = False
            if not self._dependencies_hold(parts.deps):
                parts.summaries, parts.deps = {}, {}
        elif not start:
            return None
        else:
            parts = _Parts(digest, root, source.path)
        self._parts[absolute] = parts
        return parts

    def held_summaries(self, source) -> dict:
        """The project-wide rules' ``(summary, problems)`` of ``source`` that the cache
        holds, by rule code; reading them records nothing."""
        parts = self._parts_of(source, start=False) if source.text is not None else None
        if parts is None:
            return {}
        return {code: (summary, _moved(problems, parts.shown, source.path))
                for code, (summary, problems) in parts.summaries.items()}

    def summary(self, source, code: str, build):
        """``build()``'s ``(summary, problems)`` for a project-wide rule's summary of
        ``source``, from the cache when it holds it."""
        if source.text is None:
            return build()
        parts = self._parts_of(source)
        if code in parts.summaries:
            summary, problems = parts.summaries[code]
            return summary, _moved(problems, parts.shown, source.path)
        found = build()
        parts.summaries[code] = (found[0], list(found[1]))
        parts.shown = source.path
        parts.dirty = parts.dirty or source.on_disk
        return found

    def analysis(self, source, key, build):
        """A per-file analysis that depends on the file's text alone (the clone
        analysis), under ``key``, from the cache when it holds it."""
        parts = self._parts_of(source)
        if key in parts.clones:
            return parts.clones[key]
        parts.clones[key] = found = build()
        parts.dirty = parts.dirty or source.on_disk
        return found

    def flush(self) -> None:
        """Write the parts entries that changed."""
        for absolute, parts in self._parts.items():
            if not parts.dirty:
                continue
            if parts.summaries:
                parts.deps = {**parts.deps, **dependencies(absolute)} \
                    if absolute.endswith((".py", ".pyi")) else {}
            parts.dirty = False
            self._write("parts", entry_name(absolute), parts)

    # -- project-wide findings -------------------------------------------------------------
    def _project_key(self, sources) -> tuple[str, str]:
        """(name of the scope's entry, digest of its files' state)."""
        described = sorted((s.absolute_path, s.path, s.language, project_root_for(
            s.absolute_path), text_digest(s.text) if s.text is not None else None,
            s.failure is not None) for s in sources)
        scope = text_digest(repr([row[0] for row in described]))
        return scope + ".pickle", text_digest(repr(described))

    def project_findings(self, sources):
        """The cached project-wide findings of ``sources`` (None: a miss)."""
        name, state = self._project_key(sources)
        entry = self._read("projects", name)
        if not isinstance(entry, dict) or entry.get("state") != state \
                or not self._dependencies_hold(entry.get("deps", {})):
            return None
        return list(entry["findings"])

    def store_project_findings(self, sources, findings) -> None:
        """Record the project-wide findings of ``sources`` (not when a buffer is one)."""
        if not all(source.on_disk for source in sources):
            return
        name, state = self._project_key(sources)
        deps: dict = {}
        for source in sources:
            if source.language == "python":
                parts = self._parts.get(source.absolute_path)
                deps.update(parts.deps if parts is not None else {})
                deps.update(dependencies(source.absolute_path))
        own = {source.absolute_path for source in sources}
        deps = {path: digest for path, digest in deps.items() if path not in own}
        self._write("projects", name, {"state": state, "deps": deps,
                                       "findings": list(findings)})
        _evict_oldest(os.path.join(self.folder, self.key, "projects"),
                      MAX_CACHED_PROJECT_SCOPES)


def _text_digests(data: bytes) -> tuple:
    """The digest of a Python file's decoded text (what astroid built it from), if any."""
    try:
        return (text_digest(decode_python(data)),)
    except ParseFailure:  # undecodable: its bytes are what counts
        return ()


def _evict_oldest(folder: str, keep: int) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for stale in entries[keep:]:
        try:
            os.unlink(stale.path)
        except OSError:
            pass


def _moved(findings, recorded: str, shown: str) -> list:
    """Findings recorded for a file shown as ``recorded``, as ``shown`` (another working
    directory, or the language server's absolute paths)."""
    if recorded == shown:
        return list(findings)
    moved = []
    for finding in findings:
        related = tuple(replace(r, path=shown) if r.path == recorded else r
                        for r in finding.related)
        moved.append(replace(finding, path=shown if finding.path == recorded else
                             finding.path, related=related))
    return moved


# The cache of the project pass running now, with its sources by absolute path: per-file
# analyses that project-wide rules compute from a path and text (the clone analysis) find
# it here, without the rules passing it down.
_ACTIVE: list[tuple[ResultCache, dict]] = []


@contextlib.contextmanager
def active_cache(cache: ResultCache, sources):
    """Make ``cache`` the one :func:`stored_analysis` uses while the block runs."""
    _ACTIVE.append((cache, {source.absolute_path: source for source in sources}))
    try:
        yield
    finally:
        _ACTIVE.pop()


def stored_analysis(path: str, text: str, key, build):
    """``build()``, a per-file analysis of the file at ``path`` with ``text`` that depends
    on that text alone, read from (and recorded in) the active result cache, if any."""
    if not _ACTIVE:
        return build()
    cache, sources = _ACTIVE[-1]
    source = sources.get(os.path.abspath(path))
    if source is None or source.text != text:
        return build()
    return cache.analysis(source, key, build)
