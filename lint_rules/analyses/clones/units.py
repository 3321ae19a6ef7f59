"""The language-neutral clone core: units and fingerprints of one module's normalised tree.

A language's normaliser (:mod:`.normalise` for Python, ``js_rules.analyses.clone_units``
for JavaScript) turns a file into a :class:`.normal_tree.NormalTree`: pre-order arrays of
labels, children and extras, its functions and its statement lists.  Everything else is
done here, once for every language.  Each node gets a hash at several levels:

* **E** (exact): identifiers and literals as written.
* **R** (renamed): the function's parameters become ``p0, p1, ...`` by position (a method's
  ``self`` stays ``self``), its other local names ``v0, v1, ...`` by first appearance;
  global, builtin and attribute names stay.
* **T** (type-2): R, plus literal values abstracted to their kind (string / number) and
  called names abstracted (``debug_log(...)`` and ``log(...)`` look alike).
* **B** (blinded): every local name becomes one placeholder; literals and called names
  stay.  Cheap to compute once per node; used to bucket functions and to find runs of
  equal statements (INV302 then checks that the renaming is consistent).
* **S** (shape): B with literals and called names abstracted as in T.  The bag of S hashes
  of all subtrees of a body is what near-copy similarity compares (Dice coefficient).

One bottom-up pass over the arrays hashes every node at the B and S levels; E, R and T
are computed once per function.  Then everything the project-wide search needs -- each
function's E, R and T fingerprints and similarity features, each statement's B hash,
weight, position and blinded names -- is taken out into plain numbers and arrays, and the
tree is dropped: a project's analysis holds no syntax tree, so its memory grows with the
number of functions and statements, not with the size of their trees.  Near copies are
compared only among candidates that a size filter and a prefix filter (all-pairs
similarity search over rare subtrees first) let through (:mod:`.function_pairs`), so the
work stays close to linear in the project's size.
"""

from __future__ import annotations

import contextlib
import gc
import os
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .normal_tree import ATTRIBUTE, LITERAL, NAME, PARAMETER, NormalTree
from .stable_codes import memo_lookup, stable_code
from ...constants import CLONE_PREAMBLE_STATEMENTS as PREAMBLE_STATEMENTS


# -- per-module analysis ---------------------------------------------------------------------

_LEVELS = "ERT"


@dataclass(eq=False, slots=True)  # slots: a project holds one per function, twice
class FunctionUnit:
    """One function or method of the project, with its body's fingerprints.

    ``fingerprints`` are the body's hashes at the levels E, R and T, in that order (empty
    for a trivial unit, which is never compared);
    ``features`` are the near-copy similarity features, packed (see :meth:`features`),
    empty for a unit too small or trivial to be compared."""

    index: int
    path: str
    absolute: str
    name: str
    qualname: str
    line: int
    column: int
    is_async: bool = False
    end_column: int | None = None  # where a finding on its definition ends
    size: int = 0
    trivial: bool = False
    b_fp: int = 0
    s_fp: int = 0
    ancestors: tuple = ()  # indexes of enclosing functions, innermost first
    fingerprints: tuple = field(default=(), repr=False)
    packed_features: array = field(default_factory=lambda: array("q"), repr=False)
    # What the body is (the language's normaliser says, see normal_tree.FunctionRecord):
    weight: int = 0  # statements of the body, nested ones included
    literal_data: bool = False  # only returns or assigns literal data
    forwarding: bool = False  # one call of simple values
    # hashes of the called names (for the near-copy candidates only, as the features)
    callees: frozenset = field(default=frozenset(), repr=False)
    body_hashes: tuple = field(default=(), repr=False)  # B hash of each top statement
    head_weights: tuple = field(default=(), repr=False)  # weight of each opening statement
    call_name: int = 0  # hash of the name the body's biggest call calls (0: none)
    call_weight: int = 0  # its statement's share of the features' weight
    # each top statement's share of the near-copy features' weight (see features())
    body_weights: tuple = field(default=(), repr=False)
    class_line: int = 0  # the enclosing class's line for a method, else 0
    class_column: int = 0
    # (parameter names by position, other local names in order of first use): R level
    local_names: tuple = field(default=(), repr=False)

    def fingerprint(self, level: str) -> int:
        """The E, R or T fingerprint of the body."""
        return self.fingerprints[_LEVELS.index(level)]

    def features(self) -> tuple[Counter, dict, int]:
        """For near-copy similarity: the multiset of S hashes of the body's subtrees that
        have children (leaves alone say little), each subtree's size, and the total weight
        (sum of the sizes)."""
        packed = self.packed_features
        counts, sizes, total = Counter(), {}, 0
        for position in range(0, len(packed), 3):
            feature, count, size = packed[position:position + 3]
            counts[feature] = count
            sizes[feature] = size
            total += count * size
        return counts, sizes, total


def defined_name_codes(units) -> frozenset:
    """The codes of the names the project's functions are defined with, to compare with a
    unit's or a statement's ``call_name``: a call of one of the project's own helpers."""
    return frozenset(stable_code(unit.name) for unit in units)


class ModuleStatements:
    """The statements of one module's statement lists, as parallel arrays.

    Statement ``i`` has B hash ``hashes[i]``, weight ``weights[i]``, starts at
    ``lines[i]``/``columns[i]`` and ends on ``end_lines[i]``; the local names the B level
    blinds in it are ``names[name_starts[i]:name_ends[i]]`` (numbers standing for the
    module's identifiers, in serialisation order).  What it is (the language's normaliser
    marks trivial statements and calls): ``logic_weights[i]`` is its weight without its
    trivial statements, ``sizes[i]`` its normalised nodes, ``call_names[i]``/
    ``call_sizes[i]`` the hash of the name its biggest call calls (0 if none) and that
    call's nodes."""

    __slots__ = ("hashes", "weights", "lines", "columns", "end_lines", "name_starts",
                 "name_ends", "names", "logic_weights", "sizes", "call_names", "call_sizes")

    def __init__(self):
        self.hashes = array("q")
        self.weights = array("i")
        self.lines = array("i")
        self.columns = array("i")
        self.end_lines = array("i")
        self.name_starts = array("i")
        self.name_ends = array("i")
        self.names = array("i")
        self.logic_weights = array("i")
        self.sizes = array("i")
        self.call_names = array("q")
        self.call_sizes = array("i")

    def local_names(self, statement: int):
        """The blinded local names of one statement, in serialisation order."""
        return self.names[self.name_starts[statement]:self.name_ends[statement]]


@dataclass(eq=False, slots=True)
class Block:
    """A statement list (the body of a function, a branch, a loop...): the statements
    ``start`` to ``end`` (exclusive) of its module's :class:`ModuleStatements`."""

    path: str
    absolute: str
    statements: ModuleStatements = field(repr=False)
    start: int
    end: int
    unit: int | None  # innermost enclosing function's index
    is_body: bool = False  # the body of a function or of a loop (what a preamble opens)

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class ModuleAnalysis:
    """The functions (units) and statement lists (blocks) of one file."""

    absolute: str
    units: list
    blocks: list


@contextlib.contextmanager
def collector_paused():
    """Pause the cyclic garbage collector: building and annotating large trees allocates
    hundreds of thousands of objects, and collections triggered by them would rescan every
    live node again and again.  Nothing here creates reference cycles worth collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# A language's normaliser: ``normaliser(path, text, tree_of)`` is the file's NormalTree, or
# None if it does not parse; ``tree_of`` (or None) returns the tree a front end built.
Normaliser = Callable[[str, str, "Callable[[], object] | None"], "NormalTree | None"]


def analyse_source(path: str, text: str, features_min_size: int = 0,
                   normaliser: Normaliser | None = None,
                   tree_of: Callable[[], object] | None = None) -> ModuleAnalysis | None:
    """Functions and statement lists of one file; None if it does not parse.

    ``normaliser`` is the language's (Python's by default), given ``tree_of``.  Near-copy
    features are kept for the functions of at least ``features_min_size`` normalised
    nodes (the only ones the near-copy search compares)."""
    if normaliser is None:
        from .normalise import normalise_python as normaliser
    with collector_paused():
        try:
            tree = normaliser(path, text, tree_of)
            if tree is None:
                return None
            return analyse_tree(tree, path, features_min_size)
        except (RecursionError, MemoryError):
            return None


class _Hashes:
    """The B and S hashes, subtree sizes and statement weights of every node."""

    __slots__ = ("blinded", "shaped", "sizes", "weights", "logic_weights", "label_codes")

    def __init__(self, tree: NormalTree):
        count = len(tree)
        blinded, shaped = [0] * count, [0] * count
        sizes, weights, logic_weights = [0] * count, [0] * count, [0] * count
        label_codes = [0] * count
        labels, children_of, extras, counted, trivial = (
            tree.labels, tree.children, tree.extras, tree.counted, tree.trivial)
        # hash() then combines only integers: alike in every process (memo tried inline)
        code, known = stable_code, memo_lookup()
        for position in range(count - 1, -1, -1):
            extra = extras[position]
            if extra is None:
                extra_b = extra_s = None
            else:
                kind = extra[0]
                if kind == NAME:
                    name = extra[1]
                    extra_b = "_v" if extra[2].binds(name) else name
                    extra_s = "_f" if extra[3] else extra_b
                elif kind == LITERAL:
                    extra_b, extra_s = extra[1], extra[2]
                elif kind == ATTRIBUTE:
                    extra_b = extra[1]
                    extra_s = "_f" if extra[2] else extra_b
                else:
                    extra_b = extra_s = "_v"
            label = labels[position]
            label_codes[position] = label = known(label) or code(label)
            code_b = known(extra_b) or code(extra_b)
            b_parts = [label, code_b]
            s_parts = [label, code_b if extra_s is extra_b else known(extra_s) or code(extra_s)]
            size, weight = 1, counted[position]
            logic = 1 if weight and not trivial[position] else 0
            for child in children_of[position]:
                b_parts.append(blinded[child])
                s_parts.append(shaped[child])
                size += sizes[child]
                weight += weights[child]
                logic += logic_weights[child]
            blinded[position] = hash(tuple(b_parts))
            shaped[position] = hash(tuple(s_parts))
            sizes[position] = size
            weights[position] = weight
            logic_weights[position] = logic
        self.blinded, self.shaped, self.sizes, self.weights = blinded, shaped, sizes, weights
        self.logic_weights, self.label_codes = logic_weights, label_codes


def analyse_tree(tree: NormalTree, path: str, features_min_size: int = 0) -> ModuleAnalysis:
    """Units and blocks of one normalised tree (see the module docstring)."""
    absolute = os.path.abspath(path)
    hashes = _Hashes(tree)
    units: list[FunctionUnit] = []
    for record in tree.functions:
        start = record.body_offset
        body = tree.children[record.position][start:start + record.body_count]
        ancestors = []
        parent = record.parent
        while parent is not None:
            ancestors.append(parent)
            parent = tree.functions[parent].parent
        size = sum(hashes.sizes[s] for s in body)
        unit = FunctionUnit(
            index=len(units), path=path, absolute=absolute, name=record.name,
            qualname=record.qualname, line=record.line, column=record.column,
            is_async=record.is_async, end_column=record.end_column, size=size,
            trivial=record.trivial,
            b_fp=hash(tuple(hashes.blinded[s] for s in body)),
            s_fp=hash(tuple(hashes.shaped[s] for s in body)),
            ancestors=tuple(ancestors),
            weight=sum(hashes.weights[s] for s in body),
            literal_data=record.literal_data, forwarding=record.forwarding,
            class_line=record.class_line, class_column=record.class_column,
        )
        if not record.trivial:
            local_names: list = []
            unit.fingerprints = tuple(
                _unit_fingerprint(tree, hashes, record, body, level,
                                  local_names if level == "R" else None)
                for level in _LEVELS)
            unit.local_names = _names_by_placeholder(local_names)
            if size >= features_min_size:
                unit.packed_features = _packed_features(tree, hashes, body)
                unit.body_weights = tuple(_feature_weight(tree, hashes, s) for s in body)
                unit.body_hashes = tuple(hashes.blinded[s] for s in body)
                unit.head_weights = tuple(hashes.weights[s] for s in body[:PREAMBLE_STATEMENTS])
                unit.callees = _callees(tree, hashes, body)
                calls = [_biggest_call(tree, hashes, s) for s in body]
                biggest = max(range(len(body)), key=lambda i: calls[i][1])
                name = calls[biggest][0]
                if name:
                    unit.call_name = stable_code(name)
                    unit.call_weight = unit.body_weights[biggest]
        units.append(unit)
    statement_arrays = _statement_arrays(tree, hashes)
    bodies = {(record.position, record.body_offset): index
              for index, record in enumerate(tree.functions)}
    blocks, start = [], 0
    for statement_list in tree.statement_lists:
        end = start + len(statement_list.places)
        is_body = (bodies.get((statement_list.parent, statement_list.offset)) is not None
                   or (statement_list.loop_body and statement_list.owner is not None))
        blocks.append(Block(path, absolute, statement_arrays, start, end, statement_list.owner,
                            is_body))
        start = end
    return ModuleAnalysis(absolute, units, blocks)


def _statement_arrays(tree: NormalTree, hashes: _Hashes) -> ModuleStatements:
    """The statements of every statement list, list after list, with their blinded names.

    A statement's subtree is a contiguous run of the pre-order, so the names of every
    statement are a slice of one list of the module's blinded names."""
    found = ModuleStatements()
    names, numbers = found.names, {}
    before = array("i")  # names met before each node of the pre-order
    for extra in tree.extras:
        before.append(len(names))
        if extra is None:
            continue
        kind = extra[0]
        if kind == PARAMETER or (kind == NAME and extra[2].binds(extra[1])):
            names.append(numbers.setdefault(extra[1], len(numbers)))
    before.append(len(names))
    children_of, sizes = tree.children, hashes.sizes
    for statement_list in tree.statement_lists:
        offset = statement_list.offset
        positions = children_of[statement_list.parent][
            offset:offset + len(statement_list.places)]
        for position, (line, column, end_line) in zip(positions, statement_list.places):
            found.hashes.append(hashes.blinded[position])
            found.weights.append(hashes.weights[position])
            found.lines.append(line)
            found.columns.append(column)
            found.end_lines.append(end_line)
            found.name_starts.append(before[position])
            found.name_ends.append(before[position + sizes[position]])
            found.logic_weights.append(hashes.logic_weights[position])
            found.sizes.append(sizes[position])
            callee, call_size = _dominant_call(tree, hashes, position)
            found.call_names.append(stable_code(callee) if callee is not None else 0)
            found.call_sizes.append(call_size)
    return found


def _dominant_call(tree: NormalTree, hashes: _Hashes, statement: int) -> tuple[str | None, int]:
    """The called name of the biggest call in the statement's own expressions (not in
    the statements nested in it: each has its own) and that call's size in normalised
    nodes; ``(None, 0)`` if it calls nothing."""
    calls, counted, sizes = tree.calls, tree.counted, hashes.sizes
    best, best_size = None, 0
    position, end = statement + 1, statement + sizes[statement]
    while position < end:
        size = sizes[position]
        if counted[position]:
            position += size  # a nested statement
            continue
        if position in calls:
            if size >= best_size:  # ties: the later call wins
                best, best_size = calls[position], size
            position += size  # the biggest call encloses the calls in it
            continue
        position += 1
    return best, best_size


def _biggest_call(tree: NormalTree, hashes: _Hashes, statement: int) -> tuple[str | None, int]:
    """The called name and size of the biggest call in a statement, nested statements
    included; ``(None, 0)`` if it calls nothing."""
    calls, sizes = tree.calls, hashes.sizes
    best, best_size = None, 0
    position, end = statement, statement + sizes[statement]
    while position < end:
        size = sizes[position]
        if position in calls:
            if size >= best_size:  # ties: the later call wins
                best, best_size = calls[position], size
            position += size  # the biggest call encloses the calls in it
        else:
            position += 1
    return best, best_size


def _callees(tree: NormalTree, hashes: _Hashes, body: list) -> frozenset:
    """The hashes of the names every call in the body calls."""
    calls, sizes = tree.calls, hashes.sizes
    return frozenset(stable_code(calls[position]) for statement in body
                     for position in range(statement, statement + sizes[statement])
                     if calls.get(position) is not None)


def _names_by_placeholder(numbered: list) -> tuple:
    """(parameter names by position, local names by number) from the R level's
    ``(name, placeholder)`` pairs: two renamed copies' names align index by index."""
    parameters_, locals_ = [], []
    for name, placeholder in numbered:
        if placeholder == "self":
            continue
        kind, number = placeholder[0], int(placeholder[1:])
        found = parameters_ if kind == "p" else locals_
        found.extend([None] * (number + 1 - len(found)))
        found[number] = name
    return tuple(parameters_), tuple(locals_)


def _feature_weight(tree: NormalTree, hashes: _Hashes, statement: int) -> int:
    """The weight a statement adds to its body's features: its subtrees' sizes."""
    children_of, sizes = tree.children, hashes.sizes
    return sum(sizes[position] for position in range(statement, statement + sizes[statement])
               if children_of[position])


def _packed_features(tree: NormalTree, hashes: _Hashes, body: list) -> array:
    """(S hash, count, size) of every subtree with children in the body, flattened."""
    counts, sizes = Counter(), {}
    children_of, shaped, subtree_sizes = tree.children, hashes.shaped, hashes.sizes
    for statement in body:
        for position in range(statement, statement + subtree_sizes[statement]):
            if children_of[position]:
                feature = shaped[position]
                counts[feature] += 1
                sizes[feature] = subtree_sizes[position]
    packed = array("q")
    for feature, count in counts.items():
        packed.extend((feature, count, sizes[feature]))
    return packed


# -- E / R / T fingerprints, computed for bucket collisions only -------------------------------

def _unit_fingerprint(tree: NormalTree, hashes: _Hashes, record, body: list, level: str,
                      names_out: list | None = None) -> int:
    """Pre-order serialisation of a function's body at level E, R or T, hashed; the
    renamed identifiers, in the order of their placeholders, go to ``names_out``."""
    own = record.scope
    numbers: dict[str, str] = {}
    if level != "E":
        for position, name in enumerate(record.parameters):
            if position == 0 and record.method_self:
                numbers[name] = "self"
            else:
                numbers.setdefault(name, f"p{position}")
    counter = 0

    def local_in_unit(scope, identifier) -> bool:
        while scope is not None:
            if scope.has_local(identifier):
                return True
            if scope is own:
                return False
            scope = scope.parent
        return False

    abstract = level == "T"
    label_codes, extras, sizes = hashes.label_codes, tree.extras, hashes.sizes
    known, code, none_code = memo_lookup(), stable_code, stable_code(None)
    tokens = []  # (label, value) codes of each node, flattened
    for statement in body:
        for position in range(statement, statement + sizes[statement]):
            extra = extras[position]
            if extra is None:
                tokens += (label_codes[position], none_code)
                continue
            kind = extra[0]
            if kind == LITERAL:
                value = extra[2] if abstract else extra[1]
            elif kind == ATTRIBUTE:
                value = "_f" if abstract and extra[2] else extra[1]
            elif abstract and kind == NAME and extra[3]:
                value = "_f"
            else:
                value = identifier = extra[1]
                if level != "E" and (kind == PARAMETER
                                     or local_in_unit(extra[2], identifier)):
                    value = numbers.get(identifier)
                    if value is None:
                        value = numbers[identifier] = f"v{counter}"
                        counter += 1
            tokens += (label_codes[position], known(value) or code(value))
    if names_out is not None:
        names_out.extend(numbers.items())
    return hash(tuple(tokens))
