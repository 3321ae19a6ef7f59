"""Whole runs: discover the files under the given paths, load them, check them.

Above the engine: the per-file rules run in worker processes when the run is large
enough (:mod:`lint_rules.parallel`), while the project-wide rules run here, in the
parent, over every file at once.  The CLI is the one caller.  However a run ends, its
workers end with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Engine
from .findings import Finding
from .parallel import check_file_safely, start_workers
from .project_index import in_files, project_scope
from .sources import discover, load_source


@dataclass
class RunResult:
    """What a run produced: findings (sorted), the files checked, and missing paths;
    ``baselined`` counts the findings a baseline hid (None: no baseline), ``stale`` its
    entries that matched nothing (set by the CLI)."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    missing: list[str] = field(default_factory=list)
    worker_pids: frozenset[int] = frozenset()  # worker processes that checked files
    checked: tuple[str, ...] = ()  # the paths of the files checked
    baselined: int | None = None
    stale: int = 0


def check_paths(engine: Engine, paths: list[str], jobs: int = 1, progress=None,
                force_exclude: bool = False) -> RunResult:
    """Discover, load and check every file under ``paths``.

    With ``jobs`` > 1 the per-file rules run in that many worker processes, which also
    summarise the files for the project-wide rules; those always run here, over every
    file, once the workers are done.  A file the analyser crashes
    on, in a worker or here, is reported as ``INV000`` and the run goes on.
    ``progress(done, total)``, when given, is called as files are checked;
    ``force_exclude`` as for :func:`lint_rules.sources.discover`.
    """
    files, missing = discover(paths, engine.config.exclude, force_exclude)
    sources = [load_source(path) for path in files]
    advance = _counter(progress, len(sources))
    advance(0)
    workers = start_workers(engine, [s.path for s in sources], jobs, advance)
    findings: list[Finding] = []
    worker_pids: frozenset[int] = frozenset()
    try:
        if workers is None:
            for source in sources:
                findings.extend(check_file_safely(engine, source.path, source, summarise=True))
                advance(1)
        if workers is not None:
            engine.take_cached_summaries(sources)  # meanwhile
            findings.extend(workers.findings())
            worker_pids = frozenset(workers.worker_pids)
            for source in sources:
                state = workers.states.get(source.path)
                if state is not None:
                    engine.adopt_state(source, state)
        # Named files (pre-commit's staged ones) are compared with their whole project.
        findings.extend(in_files(engine.check_project(project_scope(engine, paths, sources)),
                                 sources))
    finally:
        if workers is not None:  # a no-op after findings(); else no worker outlives us
            workers.stop()
    # A parse failure met both in a worker and by a project-wide rule here is one.
    findings = sorted(set(findings), key=Finding.sort_key)
    return RunResult(findings=findings, files=len(sources), missing=missing,
                     worker_pids=worker_pids, checked=tuple(s.path for s in sources))


def _counter(progress, total: int):
    """``advance(n)``: n more files done, told to ``progress(done, total)`` (if any)."""
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)
    return advance
