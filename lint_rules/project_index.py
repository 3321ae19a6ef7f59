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
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict

from .findings import Finding
from .languages import language_of
from .project_roots import project_root_for
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


def _build_index(engine, root: str, languages: set[str]) -> _Index:
    files, _missing = discover([root], engine.config.exclude)
    sources = {}
    for path in files:
        if language_of(path).name not in languages or project_root_for(path) != root:
            continue
        source = load_source(path)
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
        buffer = SourceFile(path=absolute, plugin=source.plugin, text=source.text)
        others = [s for path, s in index.sources.items() if path != absolute]
        found = _by_file(engine.check_project([*others, buffer])).get(absolute, [])
    return [dataclasses.replace(finding, path=source.path) for finding in found]
