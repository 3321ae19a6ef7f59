"""Checking files in parallel worker processes.

Per-file rules are independent, so the files of a run are spread over worker processes,
each with its own engine and astroid cache (a worker builds the modules its files'
inference reaches).  Files go out in small chunks in a stable order, one chunk at a time to
whichever worker is free, so a busy worker does not hold up the others; the findings come
back as plain data.  Project-wide rules stay in the parent: they need every file at once.
The workers take each file's summaries for them (and its definitions) while its tree is
built, and send them with the findings; the parent's project pass runs once the workers
are done, and parses nothing again.

A run must neither hang nor end in a traceback, whatever happens to its processes:

* Workers die with their parent.  On Linux the kernel kills a worker when its parent goes
  (``PR_SET_PDEATHSIG``); on any system a worker whose parent has gone stops before its
  next file, and at its next read or write of the pipe.  A killed ``invariant-lint``
  (SIGKILL, SIGTERM, Ctrl-C) leaves no process behind holding its output open.
* A worker that dies (a crash in a C extension, the out-of-memory killer) is replaced.
  The files of the chunk it held are re-run one at a time in a fresh worker: the file that
  kills that one too is reported as ``INV000`` "the analyser crashed on this file", every
  other file as usual.

A dispatcher thread in the parent hands out the chunks and watches the workers.  Workers
are forked only while no other thread of the parent is analysing: at the start, and once
the caller waits for the findings.  A fork copies the locks other threads hold, so a fork
in the middle of the parent's own analysis could leave a worker waiting on one forever.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import weakref
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait

from .config_files import ConfigError
from .constants import FILES_PER_WORKER_CHUNK, MIN_FILES_FOR_WORKERS, WORKER_EXIT_TIMEOUT_SECONDS
from .deep_stack import call_with_deep_stack
from .engine import Engine
from .findings import Finding
from .memory_budget import trim_caches_over_budget
from .registry import PARSE_ERROR_CODE
from .sources import SourceFile, load_source

CRASH_MESSAGE = "the analyser crashed on this file"
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


# -- one file, in a worker or in-process ---------------------------------------------------
def crash_findings(engine: Engine, path: str, detail: str = "") -> list[Finding]:
    """The ``INV000`` finding of a file the analyser crashed on (none if INV000 is off)."""
    if PARSE_ERROR_CODE not in engine.codes:
        return []
    message = f"{CRASH_MESSAGE}: {detail}" if detail else CRASH_MESSAGE
    return [Finding(path, 1, 0, PARSE_ERROR_CODE, message)]


def check_file_safely(engine: Engine, path: str, source: SourceFile | None = None,
                      summarise: bool = False) -> list[Finding]:
    """The per-file findings of ``path`` (loaded unless ``source`` is given); an error the
    engine lets escape becomes the file's ``INV000`` rather than the end of the run.  With
    ``summarise``, the project-wide rules' summaries are taken too, before the file's tree
    is let go."""
    if source is None:
        source = load_source(path)
    try:
        found = engine.check_source(source)
        if summarise:
            found = [*found, *engine.summarise(source)]
    except ConfigError:  # a setting unusable on this file (a pattern timed out): the run's
        raise
    except Exception as error:  # noqa: BLE001 - one file's crash must not end the run
        detail = " ".join(f"{type(error).__name__}: {error}".split())  # one line
        found = crash_findings(engine, path, detail)
    engine.release_tree(source)  # only the text, findings and definitions are needed now
    trim_caches_over_budget()
    return found


# -- in the worker ---------------------------------------------------------------------------
def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent exits (Linux); exit now if the
    parent is already gone (it may have died before the request was made)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no usable libc: the checks of os.getppid() remain
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


def _check_chunk(engine: Engine, paths: list[str], parent_pid: int):
    """The chunk's findings, and each file's portable state (summaries, definitions)."""
    found, states = [], {}
    for path in paths:
        if os.getppid() != parent_pid:  # orphaned: nobody will read the findings
            os._exit(1)
        # The project-wide rules' summaries are taken here too, while the tree is built,
        # and sent with the findings: the run's project pass then parses nothing again.
        source = load_source(path)
        found.extend(check_file_safely(engine, path, source, summarise=True))
        states[path] = engine.portable_state(source)
    if engine.cache is not None:
        engine.cache.flush()  # the summaries, for the next run
    return found, states


def _worker_main(connection, inherited: list, config, codes, parent_pid: int,
                 cache=None) -> None:
    """A worker's life: check the chunks the parent sends until it sends None or goes.
    ``cache``: the run's result cache, which the worker reads and records in as well."""
    for other in inherited:  # the parent's ends of the run's pipes, copied by the fork
        other.close()
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    engine = Engine(config, codes)
    engine.cache = cache
    while True:
        try:
            paths = connection.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if paths is None:
            return
        try:
            found = call_with_deep_stack(_check_chunk, engine, paths, parent_pid)
        except ConfigError as error:  # reported by the parent as the run's problem
            found = error
        try:
            connection.send((os.getpid(), found))
        except OSError:  # the parent has gone
            return


# -- in the parent ---------------------------------------------------------------------------
def default_jobs() -> int:
    """Worker processes to use: one per available core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Task:
    """Files for one worker: a chunk, or one file of a dead worker's chunk to re-run."""

    paths: list[str]
    rerun: bool = False


class _Worker:
    """A worker process, the parent's end of its pipe, and the task it holds."""

    def __init__(self, context, engine: Engine, inherited: list):
        self.connection, child_end = context.Pipe()
        forked = context.get_start_method() == "fork"
        to_close = [*inherited, self.connection] if forked else []
        self.process = context.Process(
            target=_worker_main, name="invariant-lint-worker", daemon=True,
            args=(child_end, to_close, engine.config, engine.codes, os.getpid(),
                  engine.cache))
        try:
            self.process.start()
        except BaseException:
            self.connection.close()
            raise
        finally:
            child_end.close()  # the parent must see EOF once the worker is gone
        self.task: _Task | None = None
        self.fresh = True  # has run no chunk yet: the one to re-run a dead worker's files


class WorkerRun:
    """Per-file checks running in worker processes; ``findings()`` waits for them."""

    def __init__(self, engine: Engine, paths: list[str], jobs: int, on_done=None):
        self._on_done = on_done  # called with the number of files each task finished
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._engine = engine
        self._jobs = jobs
        self._chunks = deque(_Task(paths[i:i + FILES_PER_WORKER_CHUNK])
                             for i in range(0, len(paths), FILES_PER_WORKER_CHUNK))
        self._reruns: deque[_Task] = deque()
        self._found: list[Finding] = []
        self._workers: list[_Worker] = []
        self._wakeup_reader, self._wakeup_writer = self._context.Pipe(duplex=False)
        self._wakeup_lock = threading.Lock()  # no wake-up write into a closed, reused fd
        self._may_fork = False  # set once the caller only waits (see the module docstring)
        self._stopping = False
        self._error: BaseException | None = None
        self._dispatcher: threading.Thread | None = None
        self.worker_pids: set[int] = set()  # the processes that checked files
        # path -> what a worker sent of the file besides its findings (Engine.adopt_state)
        self.states: dict[str, tuple] = {}
        _ACTIVE_RUNS.add(self)
        try:
            for _ in range(min(jobs, len(self._chunks))):
                self._start_worker()
        except BaseException:
            self.stop()
            raise
        self._dispatcher = threading.Thread(target=self._dispatch, daemon=True,
                                            name="invariant-lint-dispatcher")
        self._dispatcher.start()

    def findings(self) -> list[Finding]:
        """Wait until every file is checked; their findings, crashed files as ``INV000``."""
        self._may_fork = True
        self._wake()
        self._dispatcher.join()
        if self._error is not None:
            raise self._error
        return self._found

    def stop(self) -> None:
        """End the run now, killing its workers; nothing once it is over."""
        self._stopping = True
        for worker in list(self._workers):
            worker.process.kill()
        self._wake()
        if self._dispatcher is not None and self._dispatcher is not threading.current_thread():
            self._dispatcher.join(WORKER_EXIT_TIMEOUT_SECONDS)
        elif self._dispatcher is None:
            self._close_workers()

    # -- the dispatcher thread ------------------------------------------------------------
    def _dispatch(self) -> None:
        try:
            while not self._stopping and self._work_left():
                self._replace_lost_workers()
                self._hand_out_tasks()
                self._wait_for_workers()
        except BaseException as error:  # noqa: BLE001 - re-raised by findings()
            self._error = error
        finally:
            self._close_workers()

    def _work_left(self) -> bool:
        return bool(self._chunks or self._reruns or any(w.task for w in self._workers))

    def _start_worker(self) -> None:
        inherited = [w.connection for w in self._workers]
        inherited += [self._wakeup_reader, self._wakeup_writer]
        worker = _Worker(self._context, self._engine, inherited)
        self._workers.append(worker)
        if self._stopping:  # stop() may have run meanwhile and missed this one
            worker.process.kill()

    def _replace_lost_workers(self) -> None:
        """Back to ``jobs`` workers while more tasks wait than idle workers could take, and
        always a fresh one while files wait to be re-run."""
        while self._may_fork and not self._stopping:
            idle = sum(1 for w in self._workers if w.task is None)
            waiting = len(self._chunks) + len(self._reruns)
            needs_fresh = self._reruns and not any(w.fresh for w in self._workers)
            if not needs_fresh and (len(self._workers) >= self._jobs or waiting <= idle):
                return
            self._start_worker()

    def _hand_out_tasks(self) -> None:
        for worker in self._workers:
            if worker.task is not None:
                continue
            task = self._next_task(worker)
            if task is None:
                continue
            try:
                worker.connection.send(task.paths)
            except OSError:  # it died idle: its sentinel tells, the task waits for another
                (self._reruns if task.rerun else self._chunks).appendleft(task)
                continue
            worker.task = task
            worker.fresh = worker.fresh and task.rerun

    def _next_task(self, worker: _Worker) -> _Task | None:
        if worker.fresh and self._reruns:
            return self._reruns.popleft()
        return self._chunks.popleft() if self._chunks else None

    def _wait_for_workers(self) -> None:
        watched: dict = {}
        for worker in self._workers:
            watched[worker.connection] = worker
            watched[worker.process.sentinel] = worker
        ready = wait([*watched, self._wakeup_reader])
        if self._wakeup_reader in ready:
            self._wakeup_reader.recv()
        for worker in list(self._workers):
            if worker.connection in ready or worker.process.sentinel in ready:
                self._collect(worker)

    def _collect(self, worker: _Worker) -> None:
        """Take the worker's findings, or, if it died, deal with the files it held."""
        try:
            if worker.connection.poll():
                pid, found = worker.connection.recv()
                self.worker_pids.add(pid)
                if isinstance(found, ConfigError):
                    raise found
                found, states = found
                self._found.extend(found)
                self.states.update(states)
                if self._on_done is not None and worker.task is not None:
                    self._on_done(len(worker.task.paths))
                worker.task = None
        except (EOFError, OSError):  # gone, maybe in the middle of sending
            pass
        else:
            if worker.process.is_alive():
                return
        self._workers.remove(worker)
        worker.process.join()
        worker.connection.close()
        task = worker.task
        if task is None or self._stopping:
            return
        if task.rerun:  # it killed a fresh worker on its own, as it killed the first one
            self._found.extend(crash_findings(self._engine, task.paths[0]))
            if self._on_done is not None:
                self._on_done(1)
        else:
            self._reruns.extend(_Task([path], rerun=True) for path in task.paths)

    def _close_workers(self) -> None:
        """Workers with nothing left to do are told to exit; the others are killed."""
        finished = not self._stopping and self._error is None and not self._work_left()
        for worker in self._workers:
            try:
                if finished:
                    worker.connection.send(None)
                else:
                    worker.process.kill()
            except OSError:  # already gone
                pass
        for worker in self._workers:
            worker.process.join(WORKER_EXIT_TIMEOUT_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers.clear()
        with self._wakeup_lock:
            self._wakeup_reader.close()
            self._wakeup_writer.close()
        _ACTIVE_RUNS.discard(self)

    def _wake(self) -> None:
        with self._wakeup_lock:
            if not self._wakeup_writer.closed:  # else the dispatcher has finished
                self._wakeup_writer.send(None)


# Runs with live workers, stopped at interpreter exit: after a Ctrl-C the main thread ends
# while the dispatcher (a daemon thread) still runs, and its workers must go too.
_ACTIVE_RUNS: weakref.WeakSet[WorkerRun] = weakref.WeakSet()


@atexit.register
def _stop_active_runs() -> None:
    for run in list(_ACTIVE_RUNS):
        run.stop()


def start_workers(engine, paths: list[str], jobs: int, on_done=None) -> WorkerRun | None:
    """Start checking ``paths`` in ``jobs`` workers, or None to run in-process.

    Small runs stay in-process: starting workers costs more than it saves.  The caller
    runs the project-wide rules while the workers go, then collects their findings;
    ``on_done(n)`` is told as each chunk of n files is done.
    """
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_WORKERS:
        return None
    return WorkerRun(engine, paths, jobs, on_done)
