"""Checking files in parallel worker processes.

Per-file rules are independent, so the files of a run are spread over worker processes,
each with its own engine and astroid cache (a worker builds the modules its files'
inference reaches).  Files go out in small chunks in a stable order so a busy worker does
not hold up the others, and the findings come back as plain data.  Project-wide rules
stay in the parent: they need every file at once.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .constants import FILES_PER_WORKER_CHUNK, MIN_FILES_FOR_WORKERS
from .deep_stack import call_with_deep_stack
from .engine import Engine
from .sources import load_source

_worker_engine = None


def _start_worker(config, codes) -> None:
    global _worker_engine
    _worker_engine = Engine(config, codes)


def _check_chunk(paths: list[str]) -> tuple[int, list]:
    """The findings of some files, with the id of the worker process that checked them."""

    def run():
        found = []
        for path in paths:
            found.extend(_worker_engine.check_source(load_source(path)))
        return found

    return os.getpid(), call_with_deep_stack(run)


def default_jobs() -> int:
    """Worker processes to use: one per available core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class WorkerRun:
    """Per-file checks running in worker processes; ``findings()`` waits for them."""

    def __init__(self, engine, paths: list[str], jobs: int):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                         initializer=_start_worker,
                                         initargs=(engine.config, engine.codes))
        self._futures = [
            self._pool.submit(_check_chunk, paths[i:i + FILES_PER_WORKER_CHUNK])
            for i in range(0, len(paths), FILES_PER_WORKER_CHUNK)
        ]

        self.worker_pids: set[int] = set()  # the processes that checked files

    def findings(self) -> list:
        try:
            found = []
            for future in self._futures:
                pid, chunk = future.result()
                self.worker_pids.add(pid)
                found.extend(chunk)
            return found
        finally:
            self._pool.shutdown()


def start_workers(engine, paths: list[str], jobs: int) -> WorkerRun | None:
    """Start checking ``paths`` in ``jobs`` workers, or None to run in-process.

    Small runs stay in-process: starting workers costs more than it saves.  The caller
    runs the project-wide rules while the workers go, then collects their findings.
    """
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_WORKERS:
        return None
    return WorkerRun(engine, paths, jobs)
