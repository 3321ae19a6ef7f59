"""The per-process project index for project-wide rules.

Project-wide rules (INV301 duplicate helpers, INV302 duplicate blocks, INV712 uncleared
intervals) compare files with each other, so they need to know which files form one
project:

* **The project root** of a file (:mod:`lint_rules.project_roots`) is the nearest folder
  with the invariant-lint configuration or a version-control root.  A project is the files
  whose root it is: a nested project (a sub-folder with its own configuration) is
  separate, so a function copied between two projects is not reported as a clone within
  either.
* **Every front end partitions the same way.**  The engine runs each project-wide rule once
  per project among the files of a run (the CLI's file set, or the modules pylint visited);
  a per-file front end (the flake8 plugin, ``engine.check_file``) cannot see the run, so it
  indexes the file's whole project root once per process (discovered with
  :func:`lint_rules.sources.discover` and the configuration's ``exclude``), runs the
  project-wide rules over it once, caches the findings and returns those of the file being
  checked.  A buffer that differs from the file on disk (an editor, stdin) is analysed in
  place of the disk version.
* **Files named on the CLI** (pre-commit passes only the staged files) are handled the
  same way: the project-wide rules run over the whole project of each named file
  (:func:`project_scope`, the same discovery and ``exclude``) and report only findings
  located in the files of the run, so a new copy of a committed helper is found and a
  ``setInterval`` cleared in a committed file is not.

Files indexed beside the checked ones are named as the checked ones are (relative to the
working directory when it holds them), so a message naming one is on the same base as
the finding's own path.
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict

from .findings import Finding
from .languages import language_of
from .project_roots import as_front_ends_show, project_root_for
from .sources import SourceFile, discover, load_source


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


def _shown(absolute: str, relative: bool) -> str:
    return as_front_ends_show(absolute) if relative else absolute


def project_sources(engine, root: str, languages: set[str], relative: bool = True) -> dict:
    """The files of the project ``root`` in ``languages``, loaded and syntax-checked:
    absolute path -> :class:`SourceFile` (named relative to the working directory when
    ``relative`` and it holds them, else absolutely).  Discovered as a run discovers a
    folder (:func:`lint_rules.sources.discover` with the configuration's ``exclude``);
    files of a nested project are left out."""
    files, _missing = discover([root], engine.config.exclude)
    sources = {}
    for path in files:
        if language_of(path).name not in languages or project_root_for(path) != root:
            continue
        absolute = os.path.abspath(path)
        source = load_source(_shown(absolute, relative))
        source.check_syntax()
        sources[absolute] = source
    return sources


def _build_index(engine, root: str, languages: set[str], relative: bool) -> _Index:
    sources = project_sources(engine, root, languages, relative)
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
    relative = not os.path.isabs(source.path)
    key = (root, source.language, engine.config.source, frozenset(engine.codes), relative)
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = _build_index(engine, root, {source.language}, relative)
    absolute = os.path.abspath(source.path)
    indexed = index.sources.get(absolute)
    if indexed is not None and _normalised(indexed.text) == _normalised(source.text):
        found = index.findings.get(absolute, [])
    else:
        # Not on disk as seen (an edited buffer, stdin, an excluded file): check the
        # project with this text in place of the file's.
        buffer = SourceFile(path=_shown(absolute, relative), plugin=source.plugin,
                            text=source.text)
        others = [s for path, s in index.sources.items() if path != absolute]
        found = _by_file(engine.check_project([*others, buffer])).get(absolute, [])
    return [dataclasses.replace(finding, path=source.path) for finding in found]


def project_languages(engine) -> set[str]:
    """The languages the engine has project-wide rules for."""
    return {rule.language for rule in engine.rules if rule.project_wide}


def project_scope(engine, paths: list[str], sources: list[SourceFile]) -> list[SourceFile]:
    """The files the project-wide rules of a CLI run compare: the run's ``sources`` and,
    when ``paths`` name files, every other file of those files' projects.

    Findings located in the added files are not the run's: keep only those of
    ``sources`` (:func:`in_files`)."""
    named = [path for path in paths if os.path.isfile(path)]
    # Only the named files' languages: a staged Python file never pays for parsing JS.
    languages = project_languages(engine) & {source.language for source in sources}
    if not named or not languages:
        return sources
    relative = not any(os.path.isabs(path) for path in named)
    scope = {source.absolute_path: source for source in sources}
    for root in dict.fromkeys(project_root_for(path) for path in named):
        for absolute, source in project_sources(engine, root, languages, relative).items():
            scope.setdefault(absolute, source)
    return list(scope.values())


def in_files(findings: list[Finding], sources: list[SourceFile]) -> list[Finding]:
    """The ``findings`` located in one of ``sources``."""
    paths = {source.path for source in sources}
    return [finding for finding in findings if finding.path in paths]
