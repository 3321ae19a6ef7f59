"""Function pairs (INV301): exact, renamed and near copies among a project's units."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ...constants import MAX_CLONE_BUCKET as MAX_BUCKET

_HUBS = 3


@dataclass(frozen=True)
class ClonePair:
    """Two functions whose bodies are copies: kind is exact, renamed or near."""

    first: int
    second: int
    kind: str
    similarity: float


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


def clone_pairs(units: list, *, min_size: int, near_min_size: int,
                similarity: float) -> list[ClonePair]:
    """Pairs of copied functions among ``units`` (by ``FunctionUnit.index``), each once.

    Exact and renamed copies count from ``min_size`` normalised nodes; type-2 copies
    (literals or called names differ too) and near copies (Dice similarity at least
    ``similarity``; 0 turns the search off) from ``near_min_size``.  Functions enclosing
    one another are never paired, nor functions nested in two paired ones."""
    countable = [u for u in units if not u.trivial and u.size >= min_size]
    edges: dict[tuple[int, int], ClonePair] = {}

    def add(first, second, kind, score):
        key = (min(first.index, second.index), max(first.index, second.index))
        if key not in edges and not _related(units, *key):
            edges[key] = ClonePair(key[0], key[1], kind, score)

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
                add(a, b, "renamed", 1.0)
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

    # A pair inside a pair (the nested helpers of two copied functions) adds nothing.
    kept = []
    for (a, b), pair in edges.items():
        implied = False
        for x in (a, *units[a].ancestors):
            for y in (b, *units[b].ancestors):
                if (x, y) != (a, b) and (min(x, y), max(x, y)) in edges:
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
