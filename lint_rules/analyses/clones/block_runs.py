"""Duplicated runs of statements (INV302): maximal runs of equal statements in two places."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ...constants import MAX_CLONE_BUCKET as MAX_BUCKET
from .units import Block


@dataclass(frozen=True)
class RunCopy:
    """One place of a duplicated run of statements."""

    path: str
    absolute: str
    line: int
    column: int
    end_line: int
    statements: int  # the run's weight (statements, nested ones included)


def duplicated_runs(units: list, pairs: list, blocks: list,
                    min_statements: int) -> list[tuple[RunCopy, RunCopy]]:
    """Maximal runs of at least ``min_statements`` statements found in two places.

    ``blocks`` are the project's statement lists (``Block.unit`` indexes ``units``); runs
    inside two functions that ``pairs`` (ClonePair) already reports as copies of each
    other, or inside functions nested in them, are left to those pairs."""
    paired = {(p.first, p.second) for p in pairs}

    def chain(unit_index):
        if unit_index is None:
            return ()
        return (unit_index, *units[unit_index].ancestors)

    def excluded(first: Block, second: Block) -> bool:
        for a in chain(first.unit):
            for b in chain(second.unit):
                if (min(a, b), max(a, b)) in paired:
                    return True
        return False

    return _maximal(_run_copies(blocks, excluded, min_statements))


def _run_copies(blocks: list, excluded, min_statements: int):
    """Maximal runs of B-equal statements with a consistent renaming, weight >= minimum.

    ``excluded(block_a, block_b)`` says the pair lies inside two functions already reported
    as whole-function copies."""
    seeds = defaultdict(list)
    for block_id, block in enumerate(blocks):
        hashes = block.statements.hashes[block.start:block.end]
        weights = block.statements.weights[block.start:block.end]
        count = len(hashes)
        end, total = 0, 0
        for start in range(count):
            while end < count and total < min_statements:
                total += weights[end]
                end += 1
            if total < min_statements:
                break
            seeds[hash(tuple(hashes[start:end]))].append((block_id, start))
            total -= weights[start]
    found = []
    for bucket in seeds.values():
        if len(bucket) < 2 or len(bucket) > MAX_BUCKET:
            continue
        for i, (block_a, start_a) in enumerate(bucket):
            for block_b, start_b in bucket[i + 1:]:
                first, second = blocks[block_a], blocks[block_b]
                if start_a and start_b and (
                        first.statements.hashes[first.start + start_a - 1]
                        == second.statements.hashes[second.start + start_b - 1]):
                    continue  # not the start of a maximal run: an earlier seed covers it
                if excluded(first, second):
                    continue
                found.extend(_extend(first, second, block_a == block_b, start_a, start_b,
                                     min_statements))
    return found


def _extend(first: Block, second: Block, same_block, start_a, start_b, min_statements):
    """Walk two equal runs forward; split where the renaming stops being consistent.

    Positions are relative to each block; the names compared are each module's numbers
    for its identifiers (a bijection between two runs' numbers is one between their
    names)."""
    runs = []
    table_a, table_b = first.statements, second.statements
    limit_a = len(first)
    if same_block:
        limit_a = min(limit_a, start_b)  # the copies must not overlap
    mapping, reverse = {}, {}
    run_start = 0
    offset = 0
    while True:
        index_a, index_b = start_a + offset, start_b + offset
        ended = (index_a >= limit_a or index_b >= len(second)
                 or table_a.hashes[first.start + index_a]
                 != table_b.hashes[second.start + index_b])
        consistent = True
        if not ended:
            names_a = table_a.local_names(first.start + index_a)
            names_b = table_b.local_names(second.start + index_b)
            trial, trial_reverse = dict(mapping), dict(reverse)
            if len(names_a) != len(names_b):
                consistent = False
            for left, right in zip(names_a, names_b):
                if trial.setdefault(left, right) != right or trial_reverse.setdefault(
                        right, left) != left:
                    consistent = False
                    break
        if ended or not consistent:
            if offset > run_start:
                begin_a, stop_a = first.start + start_a + run_start, first.start + start_a + offset
                weight = sum(table_a.weights[begin_a:stop_a])
                if weight >= min_statements:
                    begin_b = second.start + start_b + run_start
                    stop_b = second.start + start_b + offset
                    runs.append((_copy(first, begin_a, stop_a, weight),
                                 _copy(second, begin_b, stop_b, weight)))
            if ended:
                return runs
            mapping, reverse = {}, {}
            if run_start == offset:  # the statement is inconsistent on its own
                offset += 1
            run_start = offset
            continue
        mapping, reverse = trial, trial_reverse
        offset += 1


def _copy(block: Block, begin: int, stop: int, weight: int) -> RunCopy:
    """The place of statements ``begin`` to ``stop`` (exclusive) of the block's module."""
    table = block.statements
    return RunCopy(block.path, block.absolute, table.lines[begin], table.columns[begin],
                   table.end_lines[stop - 1], weight)


def _contains(outer: RunCopy, inner: RunCopy) -> bool:
    return (outer.absolute == inner.absolute and outer.line <= inner.line
            and inner.end_line <= outer.end_line and outer != inner)


def _maximal(pairs: list) -> list:
    """Drop pairs lying inside another pair (nested blocks of a longer copied run)."""
    by_files = defaultdict(list)
    for pair in pairs:
        by_files[(pair[0].absolute, pair[1].absolute)].append(pair)
        if pair[0].absolute != pair[1].absolute:
            by_files[(pair[1].absolute, pair[0].absolute)].append((pair[1], pair[0]))
    kept = []
    seen = set()
    for pair in pairs:
        key = (pair[0], pair[1])
        if key in seen:
            continue
        seen.add(key)
        inside = False
        for outer_a, outer_b in by_files[(pair[0].absolute, pair[1].absolute)]:
            if (outer_a, outer_b) == key:
                continue
            if ((_contains(outer_a, pair[0]) or outer_a == pair[0])
                    and (_contains(outer_b, pair[1]) or outer_b == pair[1])):
                inside = True
                break
        if not inside:
            kept.append(pair)
    return kept
