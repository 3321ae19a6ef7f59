"""The same run of statements is not pasted into two places (refactor plan, Tasks 4.3
and 4.5).

``upscale/result_collector.py`` logged the worker status on a timeout twice, in two
near-identical branches for static (``TileJobState``) and dynamic (``ImageJobState``)
mode; ``upscale/modes/dynamic.py`` re-implemented the conditioning slicing
(``[[t[:, idx:idx+1, ...] for t in cond_pair] for cond_pair in positive]``) that
``upscale/tile_ops.py`` already had.  Pasted blocks drift apart just like copied helpers;
the plan extracts each into one function.

Flagged: the same run of at least ``block-min-statements`` statements (nested statements
count: a ``for`` with three statements in its body is four; imports do not) in two
places anywhere in the project: two branches of one ``if``, two functions (nested ones
included), two modules.  Statements are compared after normalisation: comments,
docstrings, ``pass`` and annotations are dropped, and local names (the enclosing
function's too, in a nested function) may differ if they are renamed consistently
(``idx`` in one copy, ``batch_idx`` in the other); literals and called names must match.
Each copy is reported at its first statement, naming every other copy with its line
span; a run repeated back to back in one statement list (the same ``if`` for each of
several parameters) is one finding at its first occurrence, naming the others.

Not duplicated blocks: runs made mostly of trivial statements (fewer than two statements,
or less than half of the run, carry logic: assignments of literals or empty containers,
bare ``return``/``continue``/``break``, ``pass`` and logging calls carry none); a run that
is mostly one call of a function of the project (the call sites of an extracted helper,
its long argument list repeated); a preamble: at most three statements (fewer than six
with the nested ones) opening two function or loop bodies, such as reading the request
and checking a field at the top of route handlers, or the first checks of two loops over
the same items; windows of a reported run (its sub-runs, the blocks nested in it, runs
overlapping it: their copies are named at the run); runs inside two functions that
INV301 reports as copies of each other (left to INV301); a module's or class's own
top-level statements.  To fix: move the run into a helper (a method, or a function in
the shared module) and call it from each place, or loop over what differs.

JavaScript is compared the same way, among the project's JavaScript files only (never
with Python).  Its statement lists are every body but a module's own: functions',
branches', loops', ``case``s', ``try``/``catch``/``finally``'s, and the bodies of
callbacks (``el.addEventListener("click", () => {...})``, ``.then(r => {...})``), where
pasted event handlers live; a braced body and a lone statement are the same list, an
arrow's expression body weighs nothing, and the variables a callback closes over count
as its locals.  Trivial statements are the same as Python's (``this.items = []``,
``let n = 0``, ``console.log(...)``, ``break``).
"""

from __future__ import annotations

from collections import defaultdict

from ..findings import Related
from ..project_roots import path_beside
from ..registry import Rule, register
from ..settings import Integer, Setting
from .duplicate_helper import CloneSettings, CloneSummaries, describe_copies


class DuplicateBlockSettings(CloneSettings):
    block_min_statements = Setting(
        "block-min-statements", Integer(minimum=1), 4,
        "smallest duplicated run reported, in statements (nested statements count, imports "
        "do not)")


@register
class DuplicateBlock(CloneSummaries, Rule):
    code = "INV302"
    symbol = "duplicate-block"
    summary = "run of statements duplicated elsewhere in the project"
    language = "python"
    project_wide = True
    settings_class = DuplicateBlockSettings
    bad_example = '''
if mode == "static":
    worker_status = dict(job_data.worker_status)
    for worker_id, last_seen in worker_status.items():
        elapsed = max(0.0, current_time - float(last_seen))
        log(f"[USDU] Timeout: job={multi_job_id} worker={worker_id[:8]} elapsed={elapsed:.1f}s")
else:
    worker_status = dict(job_data.worker_status)
    for worker_id, last_seen in worker_status.items():
        elapsed = max(0.0, current_time - float(last_seen))
        log(f"[USDU] Timeout: job={multi_job_id} worker={worker_id[:8]} elapsed={elapsed:.1f}s")
'''
    good_example = '''
def _log_worker_timeout_status(self, job_data, current_time, multi_job_id):
    worker_status = dict(job_data.worker_status)
    for worker_id, last_seen in worker_status.items():
        elapsed = max(0.0, current_time - float(last_seen))
        log(f"[USDU] Timeout: job={multi_job_id} worker={worker_id[:8]} elapsed={elapsed:.1f}s")

# in the timeout handler, for either mode:
self._log_worker_timeout_status(job_data, current_time, multi_job_id)
'''

    def check_project(self, project):
        block_pairs = self.clones(project).block_pairs(project.settings.block_min_statements)
        partners = defaultdict(set)
        rows = defaultdict(set)
        for first, second in block_pairs:
            if first.row:
                rows[(first.absolute, first.row)].update((first, second))
                continue
            partners[first].add(second)
            partners[second].add(first)
        # A run overlapping a longer (or earlier) run of the same file is a window of the
        # same copy: its copies are named there.
        by_file = defaultdict(list)
        for copy in partners:
            by_file[copy.absolute].append(copy)
        merged = defaultdict(set)
        for copies in by_file.values():
            copies.sort(key=lambda c: (-c.statements, c.line))
            kept = []
            for copy in copies:
                outer = next((k for k in kept
                              if copy.line <= k.end_line and k.line <= copy.end_line), None)
                if outer is None:
                    kept.append(copy)
                    outer = copy
                merged[outer] |= partners[copy]
        reported = defaultdict(list)
        for copy in merged:
            reported[copy.absolute].append(copy)
        for copy, others in merged.items():
            # the partners, as reported: a window stands for the run it overlaps
            shown = {_reported_as(o, reported[o.absolute]) for o in others} - {copy}
            if not shown:
                continue
            ordered = sorted(shown, key=lambda o: (o.absolute, o.line))
            where = [f"{path_beside(o.absolute, copy.path)}:{_lines(o)}" for o in ordered]
            related = _related(ordered)
            project.file(copy.path).report_at(
                copy.line, copy.column,
                f"{copy.statements} statements ({_span(copy)}) repeated at "
                f"{describe_copies(where)}; move them into one helper and call it from "
                "each place", related=related)
        for copies in rows.values():
            ordered = sorted(copies, key=lambda c: c.line)
            head, others = ordered[0], ordered[1:]
            related = _related(others)
            project.file(head.path).report_at(
                head.line, head.column,
                f"{head.statements} statements ({_span(head)}) repeated {len(others)} more "
                f"times in a row, at {describe_copies([_span(o) for o in others])}; loop "
                "over what differs, or move them into one helper", related=related)


def _related(copies) -> list[Related]:
    """The other places of a duplicated run, as a finding's related locations."""
    return [Related(o.path, o.line, o.column, f"the same statements ({_span(o)})")
            for o in copies]


def _lines(copy) -> str:
    """``12`` or ``12-18``, after a path."""
    return str(copy.line) if copy.end_line == copy.line else f"{copy.line}-{copy.end_line}"


def _span(copy) -> str:
    """``line 12`` or ``lines 12-18``."""
    if copy.end_line == copy.line:
        return f"line {copy.line}"
    return f"lines {copy.line}-{copy.end_line}"


def _reported_as(copy, reported_in_file: list) -> object:
    """The reported run of the copy's file that stands for ``copy`` (itself, or the run
    it overlaps)."""
    overlapping = copy
    for other in reported_in_file:
        if other == copy:
            return copy
        if copy.line <= other.end_line and other.line <= copy.end_line:
            overlapping = other
    return overlapping
