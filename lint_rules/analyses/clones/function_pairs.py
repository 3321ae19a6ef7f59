"""Function pairs (INV301): exact, renamed and near copies among a project's units."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ...constants import CLONE_CALL_SHARE as CALL_SHARE
from ...constants import CLONE_PREAMBLE_SHARE as PREAMBLE_SHARE
from ...constants import CLONE_PREAMBLE_STATEMENTS as PREAMBLE_STATEMENTS
from ...constants import CLONE_SHARED_STATEMENTS as SHARED_STATEMENTS
from ...constants import MAX_CLONE_BUCKET as MAX_BUCKET
from .units import defined_name_codes

_HUBS = 3


@dataclass(frozen=True)
class ClonePair:
    """Two functions whose bodies are copies: kind is exact, renamed or near.

    ``variant``: a renamed pair whose literals or called names differ too."""

    first: int
    second: int
    kind: str
    similarity: float
    variant: bool = False


def is_comparable(unit, min_size: int) -> bool:
    """Whether a function is compared at all: not trivial, not a declaration of literal
    data (a widget table, a schema), not one call forwarding simple values, and at least
    ``min_size`` normalised nodes."""
    return not (unit.trivial or unit.literal_data or unit.forwarding) and unit.size >= min_size


def renamed_names(first, second) -> list[tuple[str, str]]:
    """The parameters and local names a renamed copy calls differently, in order."""
    found = []
    for mine, theirs in zip(first.local_names or ((), ()), second.local_names or ((), ())):
        found.extend((a, b) for a, b in zip(mine, theirs) if a and b and a != b)
    return found


def _calls_something_else(first, second) -> bool:
    """Each body calls a name the other does not (``int`` / ``float``, ``pause`` /
    ``resume``): not one body with an extra step, but two bodies doing different things."""
    return bool(first.callees - second.callees) and bool(second.callees - first.callees)


def _common_prefix(first, second) -> int:
    a, b = first.body_hashes, second.body_hashes
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    return prefix


def _shared_statements(first, second) -> int:
    """How many top-level statements, past a common opening, the bodies have in common."""
    prefix = _common_prefix(first, second)
    shared = Counter(first.body_hashes[prefix:]) & Counter(second.body_hashes[prefix:])
    return sum(shared.values())


def is_preamble(statements: int, weight: int) -> bool:
    """Whether the first ``statements`` statements of a body (``weight`` with the nested
    ones) are a mere preamble: a few simple steps such as reading the request and
    checking a field, which every handler opens with."""
    return 0 < statements <= PREAMBLE_STATEMENTS and weight < 2 * PREAMBLE_STATEMENTS


def _one_call_shared(first, second, similarity: float, project_names) -> bool:
    """Half of what two near copies share is the statement making one big call of a
    project function: two call sites of an already extracted helper (its long argument
    list), not two copies."""
    if not first.call_name or first.call_name != second.call_name:
        return False
    if first.call_name not in project_names:
        return False
    shared = similarity * (sum(first.body_weights) + sum(second.body_weights)) / 2
    return min(first.call_weight, second.call_weight) >= CALL_SHARE * shared


def _preamble_only(first, second, similarity: float) -> bool:
    """Most of what two near copies share is their equal first statements, a common
    preamble (:func:`is_preamble`; ``if self._data is None: self._data = load()``) before
    bodies that differ.  Shared weight: the Dice similarity times the mean of the bodies'
    feature weights."""
    prefix = _common_prefix(first, second)
    if not is_preamble(prefix, sum(first.head_weights[:prefix])):
        return False
    if not first.body_weights or not second.body_weights:
        return False
    shared = similarity * (sum(first.body_weights) + sum(second.body_weights)) / 2
    return sum(first.body_weights[:prefix]) >= PREAMBLE_SHARE * shared


def _related(units, a: int, b: int) -> bool:
    """One function encloses the other."""
    return a in units[b].ancestors or b in units[a].ancestors


def _all_pairs(members: list):
    """Every pair of a group; a huge group (generated code) pairs each member with its
    first few members only, so each copy is still reported, in linear time."""
    if len(members) <= MAX_BUCKET:
        return [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    return [(members[h], b) for h in range(_HUBS) for b in members[h + 1:]]


def _cross_pairs(first: list, second: list):
    if len(first) * len(second) <= MAX_BUCKET * MAX_BUCKET // 2:
        return [(a, b) for a in first for b in second]
    return ([(a, b) for a in first[:_HUBS] for b in second]
            + [(a, b) for a in first[_HUBS:] for b in second[:_HUBS]])


def _groups(units: list, key) -> list[list]:
    grouped = defaultdict(list)
    for unit in units:
        grouped[key(unit)].append(unit)
    return list(grouped.values())


def clone_pairs(units: list, *, min_size: int, near_min_size: int, similarity: float,
                variant_min_statements: int = 1) -> list[ClonePair]:
    """Pairs of copied functions among ``units`` (by ``FunctionUnit.index``), each once.

    Only :func:`is_comparable` functions count.  Exact and renamed copies count from
    ``min_size`` normalised nodes; type-2 copies (literals or called names differ too)
    and near copies (Dice similarity at least ``similarity``; 0 turns the search off)
    from ``near_min_size``.  Below ``variant_min_statements`` statements the difference
    is the logic: type-2 copies do not count, nor near copies that call different
    names (:func:`_calls_something_else`).  Near copies sharing mostly a preamble or one
    call of a project function do not count either.  Functions enclosing one another are never
    paired, nor functions nested in two paired ones."""
    countable = [u for u in units if is_comparable(u, min_size)]
    edges: dict[tuple[int, int], ClonePair] = {}
    project_names = defined_name_codes(units)

    def add(first, second, kind, score, variant=False):
        key = (min(first.index, second.index), max(first.index, second.index))
        if key in edges or _related(units, *key):
            return
        small = max(first.weight, second.weight) < variant_min_statements
        if variant and small:
            return  # the literal or the callee that differs is what the function does
        if kind == "near" and ((small and _calls_something_else(first, second)
                                and _shared_statements(first, second) < SHARED_STATEMENTS)
                               or _preamble_only(first, second, score)
                               or _one_call_shared(first, second, score, project_names)):
            return
        edges[key] = ClonePair(key[0], key[1], kind, score, variant)

    # Exact and renamed copies: equal E or R fingerprints imply equal B fingerprints, so
    # only B buckets are refined.
    for bucket in _groups(countable, lambda u: u.b_fp):
        if len(bucket) < 2:
            continue
        for renamed in _groups(bucket, lambda u: u.fingerprint("R")):
            exact_groups = _groups(renamed, lambda u: u.fingerprint("E"))
            for exact in exact_groups:
                for a, b in _all_pairs(exact):
                    add(a, b, "exact", 1.0)
            for i, group in enumerate(exact_groups):
                for other in exact_groups[i + 1:]:
                    for a, b in _cross_pairs(group, other):
                        add(a, b, "renamed", 1.0)

    large = [u for u in countable if u.size >= near_min_size]
    # Type-2 copies (literals or called names differ too) have equal T, hence equal S;
    # bodies with equal S but different T differ only in how names are bound: near, 1.0.
    shapes = [bucket for bucket in _groups(large, lambda u: u.s_fp)]
    for bucket in shapes:
        if len(bucket) < 2:
            continue
        type2 = _groups(bucket, lambda u: u.fingerprint("T"))
        for group in type2:
            for a, b in _all_pairs(group):
                add(a, b, "renamed", 1.0, variant=True)
        for i, group in enumerate(type2):
            for other in type2[i + 1:]:
                for a, b in _cross_pairs(group, other):
                    add(a, b, "near", 1.0)

    # A Dice coefficient is at most 1: a higher threshold cannot be met.
    if 0 < similarity <= 1:
        # Equal shapes have equal features: search among one body per shape.
        by_first = {bucket[0].index: bucket for bucket in shapes}
        for a, b, score in _near_candidates([bucket[0] for bucket in shapes], similarity):
            for first, second in _cross_pairs(by_first[a], by_first[b]):
                add(first, second, "near", score)

    # A pair inside a pair (the nested helpers of two copied functions) adds nothing; nor
    # does a function paired with one that merely encloses a copy of it.
    containing = set()
    for a, b in edges:
        for outer in units[b].ancestors:
            containing.add((min(a, outer), max(a, outer)))
        for outer in units[a].ancestors:
            containing.add((min(b, outer), max(b, outer)))
    kept = []
    for (a, b), pair in edges.items():
        implied = (a, b) in containing and pair.kind == "near"
        for x in units[a].ancestors:
            for y in units[b].ancestors:
                if (min(x, y), max(x, y)) in edges:
                    implied = True
        if not implied:
            kept.append(pair)
    return kept


def _near_candidates(units: list, threshold: float):
    """Pairs whose size-weighted Dice similarity is at least ``threshold``.

    Similarity: ``2 * shared / (weight_a + weight_b)`` over the multisets of the bodies'
    subtrees with children, each subtree weighted by its size, so one shared statement
    counts for more than several shared names.  Candidates come from a weighted prefix
    filter (all-pairs similarity search): tokens (subtree, occurrence) are ordered rarest
    first, and two bodies can only reach the threshold if their prefixes share a token;
    the size filter skips pairs whose weights are too far apart."""
    if len(units) < 2:
        return
    ratio = threshold / (2.0 - threshold)
    tokens_of = {}
    frequency = Counter()
    for unit in units:
        counts, sizes, total = unit.features()
        if not total:
            continue
        tokens = {(feature, occurrence): sizes[feature]
                  for feature, count in counts.items() for occurrence in range(count)}
        tokens_of[unit.index] = (tokens, total)
        frequency.update(tokens.keys())
    index = defaultdict(list)
    for position in sorted(tokens_of, key=lambda i: (tokens_of[i][1], i)):
        tokens, total = tokens_of[position]
        needed = ratio * total - 1e-9  # the least overlap any qualifying partner shares
        remaining = total
        candidates = set()
        for token in sorted(tokens, key=lambda t: (frequency[t], t)):
            for other in index[token]:
                candidates.add(other)
            index[token].append(position)
            remaining -= tokens[token]
            if remaining < needed:
                break
        for other in candidates:
            other_tokens, other_total = tokens_of[other]
            if other_total < needed:
                continue
            small, large = ((tokens, other_tokens) if len(tokens) < len(other_tokens)
                            else (other_tokens, tokens))
            shared = sum(weight for token, weight in small.items() if token in large)
            similarity = 2.0 * shared / (total + other_total)
            if similarity >= threshold - 1e-9:
                yield other, position, round(similarity, 2)


@dataclass(frozen=True)
class ClassCopy:
    """Two classes whose methods are copies: ``pairs`` (ClonePair) link a method of one to
    a method of the other.  A class is keyed by its file and line."""

    first: tuple
    second: tuple
    pairs: tuple


def class_key(unit) -> tuple | None:
    """A method's class as ``(absolute path, class line)``; None for a function."""
    return (unit.absolute, unit.class_line) if unit.class_line else None


def copied_classes(units: list, pairs: list, min_size: int) -> list[ClassCopy]:
    """Pairs of classes that are copies of each other: at least two of their methods are
    copies, or every comparable method of both is (a class copied whole, its widget
    tables and one-line forwarders aside).  Linear in the pairs."""
    linking = defaultdict(list)
    for pair in pairs:
        first, second = class_key(units[pair.first]), class_key(units[pair.second])
        if first is not None and second is not None and first != second:
            linking[(first, second) if first < second else (second, first)].append(pair)
    if not linking:
        return []
    comparable = Counter(class_key(u) for u in units
                         if u.class_line and is_comparable(u, min_size))
    found = []
    for (first, second), linked in linking.items():
        methods_first = {p.first if class_key(units[p.first]) == first else p.second
                         for p in linked}
        methods_second = {p.second if class_key(units[p.second]) == second else p.first
                          for p in linked}
        whole = (len(methods_first) == comparable[first]
                 and len(methods_second) == comparable[second])
        if min(len(methods_first), len(methods_second)) >= 2 or whole:
            found.append(ClassCopy(first, second, tuple(linked)))
    return found
