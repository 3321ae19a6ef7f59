"""Duplicated runs of statements (INV302): maximal runs of equal statements in two places."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ...constants import MAX_CLONE_BUCKET as MAX_BUCKET
from .function_pairs import is_preamble
from .units import Block, defined_name_codes


@dataclass(frozen=True)
class RunCopy:
    """One place of a duplicated run of statements.

    ``row``: for a run repeated several times in a row in one statement list (the same
    ``if`` for each of eight parameters), the first line of that stretch, else 0."""

    path: str
    absolute: str
    line: int
    column: int
    end_line: int
    statements: int  # the run's weight (statements, nested ones included)
    row: int = field(default=0, compare=False)
    block: int = field(default=-1, compare=False, repr=False)
    first: int = field(default=0, compare=False, repr=False)  # statement positions in it
    stop: int = field(default=0, compare=False, repr=False)


def _is_logic(table, begin: int, stop: int, weight: int) -> bool:
    """A run made mostly of trivial statements (literal assignments, bare returns,
    logging calls: see ``ModuleStatements.logic_weights``) is no logic worth a helper."""
    logic = sum(table.logic_weights[begin:stop])
    return logic >= 2 and 2 * logic >= weight


def _is_call_site(table, begin: int, stop: int, project_names: frozenset) -> bool:
    """The run is mostly one call of a function of the project: the call site of an
    already extracted helper (its long argument list repeated), not a copy of it."""
    biggest = max(range(begin, stop), key=lambda i: table.call_sizes[i])
    return (table.call_names[biggest] in project_names
            and 2 * table.call_sizes[biggest] >= sum(table.sizes[begin:stop]))


def _is_preamble(first: Block, second: Block, begin_a: int, begin_b: int, stop_a: int,
                 weight: int) -> bool:
    """Both copies open a function's or a loop's body with a preamble (see
    :func:`.function_pairs.is_preamble`): every handler, every loop over the same items
    starts so, and what follows differs."""
    return (first.is_body and second.is_body and begin_a == first.start
            and begin_b == second.start and is_preamble(stop_a - begin_a, weight))


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

    project_names = defined_name_codes(units)

    def kept(first: Block, second: Block, begin_a, stop_a, begin_b, weight) -> bool:
        table = first.statements
        return (_is_logic(table, begin_a, stop_a, weight)
                and not _is_call_site(table, begin_a, stop_a, project_names)
                and not _is_preamble(first, second, begin_a, begin_b, stop_a, weight))

    return _in_rows(_maximal(_run_copies(blocks, excluded, min_statements, kept)), blocks)


def _run_copies(blocks: list, excluded, min_statements: int, kept):
    """Maximal runs of B-equal statements with a consistent renaming, weight >= minimum.

    ``excluded(block_a, block_b)`` says the pair lies inside two functions already reported
    as whole-function copies; ``kept(...)`` whether a run found is worth a helper."""
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
                                     min_statements, kept, (block_a, block_b)))
    return found


def _extend(first: Block, second: Block, same_block, start_a, start_b, min_statements,
            kept, block_ids):
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
                begin_b = second.start + start_b + run_start
                stop_b = second.start + start_b + offset
                if weight >= min_statements and kept(
                        first, second, begin_a, stop_a, begin_b, weight):
                    runs.append((_copy(first, begin_a, stop_a, weight, block_ids[0]),
                                 _copy(second, begin_b, stop_b, weight, block_ids[1])))
            if ended:
                return runs
            mapping, reverse = {}, {}
            if run_start == offset:  # the statement is inconsistent on its own
                offset += 1
            run_start = offset
            continue
        mapping, reverse = trial, trial_reverse
        offset += 1


def _copy(block: Block, begin: int, stop: int, weight: int, block_id: int,
          row: int = 0) -> RunCopy:
    """The place of statements ``begin`` to ``stop`` (exclusive) of the block's module."""
    table = block.statements
    return RunCopy(block.path, block.absolute, table.lines[begin], table.columns[begin],
                   table.end_lines[stop - 1], weight, row, block_id, begin, stop)


def _in_rows(pairs: list, blocks: list) -> list:
    """Runs repeated back to back in one statement list (``if a: ...``, ``if b: ...``,
    ... the same statements for each of several values) pair up at every offset; keep
    one stretch per repetition instead: its first run paired with each of the others,
    marked with the stretch's first line (``RunCopy.row``)."""
    adjacent = sorted(((a.block, a.first, a.stop - a.first) for a, b in pairs
                       if a.block == b.block and a.stop == b.first),
                      key=lambda item: (item[0], item[1], item[2]))
    if not adjacent:
        return pairs
    stretches, found = defaultdict(list), []  # block -> (start, stop) of its stretches
    for block_id, begin, period in adjacent:
        if any(start <= begin < stop for start, stop in stretches[block_id]):
            continue
        block = blocks[block_id]
        hashes = block.statements.hashes
        stop = begin + period
        while stop + period <= block.start + len(block) and all(
                hashes[stop + i] == hashes[begin + i] for i in range(period)):
            stop += period
        stretches[block_id].append((begin, stop))
        weight = sum(block.statements.weights[begin:begin + period])
        row = block.statements.lines[begin]
        head = _copy(block, begin, begin + period, weight, block_id, row)
        found.extend((head, _copy(block, chunk, chunk + period, weight, block_id, row))
                     for chunk in range(begin + period, stop, period))

    def in_stretch(copy: RunCopy) -> bool:
        return any(start <= copy.first and copy.stop <= stop
                   for start, stop in stretches.get(copy.block, ()))

    return [pair for pair in pairs if not (in_stretch(pair[0]) and in_stretch(pair[1]))] + found


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
