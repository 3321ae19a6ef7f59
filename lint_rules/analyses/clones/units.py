"""Units and fingerprints: the functions and statement lists of one module.

One iterative pre-order pass labels every node (see :mod:`.normalise`), binds names to
scopes and collects functions and statement lists; one bottom-up pass hashes every node at
the B and S levels.  Then everything the project-wide search needs is taken out of the tree
-- each function's E, R and T fingerprints and similarity features, each statement's B hash,
weight, position and blinded names -- into plain numbers and arrays, and the tree is
dropped: a project's analysis holds no syntax tree, so its memory grows with the number of
functions and statements, not with the size of their trees.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import os
from array import array
from collections import Counter
from dataclasses import dataclass, field

from ...constants import CLONE_PREAMBLE_STATEMENTS as PREAMBLE_STATEMENTS
from .normalise import (
    EXTRA_TYPES, FUNCTION_TYPES, MATCH_TYPES, STATEMENT_TYPES, Scope, blinded_extras,
    identifier_of, level_extra, parameters, shape, statements,
)
from .python_kinds import (
    biggest_call, called_name, called_names, dominant_call, is_forwarding, is_literal_data,
    is_simple_access, is_trivial_statement,
)

_OVERLOAD_DECORATORS = {"overload"}
_ABSTRACT_DECORATORS = {
    "abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod",
}


# -- per-module analysis ---------------------------------------------------------------------

_LEVELS = "ERT"
_LOOP_TYPES = (ast.For, ast.AsyncFor, ast.While)


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
    size: int = 0
    trivial: bool = False
    b_fp: int = 0
    s_fp: int = 0
    ancestors: tuple = ()  # indexes of enclosing functions, innermost first
    fingerprints: tuple = field(default=(), repr=False)
    packed_features: array = field(default_factory=lambda: array("q"), repr=False)
    # What the body is (see python_kinds; another language's normaliser fills the same):
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


class ModuleStatements:
    """The statements of one module's statement lists, as parallel arrays.

    Statement ``i`` has B hash ``hashes[i]``, weight ``weights[i]``, starts at
    ``lines[i]``/``columns[i]`` and ends on ``end_lines[i]``; the local names the B level
    blinds in it are ``names[name_starts[i]:name_ends[i]]`` (numbers standing for the
    module's identifiers, in serialisation order).  What it is (see python_kinds):
    ``logic_weights[i]`` is its weight without its trivial statements, ``sizes[i]`` its
    normalised nodes, ``call_names[i]``/``call_sizes[i]`` the hash of the name its biggest
    call calls (0 if none) and that call's nodes."""

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


def _decorator_names(node) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute):
            names.add(target.attr)
        elif isinstance(target, ast.Name):
            names.add(target.id)
    return names


def _is_trivial(body: list) -> bool:
    if not body:
        return True
    if len(body) > 1:
        return False
    only = body[0]
    if isinstance(only, ast.Return):
        return only.value is None or is_simple_access(only.value)
    if isinstance(only, ast.Raise):
        raised = only.exc.func if isinstance(only.exc, ast.Call) else only.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _first_pass(module):
    """Pre-order: shapes, scopes, callee marks, functions and statement lists."""
    order, functions, raw_blocks = [], [], []
    stack = [(module, Scope(None, False), None)]
    while stack:
        node, scope, unit = stack.pop()
        order.append(node)
        node_type = type(node)
        label, children = shape(node, raw_blocks, unit)
        node._cf_label = label
        node._cf_children = children
        if node_type is ast.Name:
            node._cf_scope = scope
            if type(node.ctx) is not ast.Load:
                scope.bound.add(node.id)
        elif node_type is ast.Call:
            node.func._cf_callee = True
        elif node_type in FUNCTION_TYPES or node_type is ast.Lambda:
            inner = Scope(scope, True)
            node._cf_own = inner
            inner_unit = unit
            outer = ()
            if node_type is not ast.Lambda:
                scope.bound.add(node.name)
                node._cf_scope = scope
                node._cf_unit = unit
                functions.append(node)
                inner_unit = node
                outer = {id(d) for d in node.decorator_list}
            for argument in parameters(node.args):
                inner.bound.add(argument.arg)
            for child in reversed(children):
                if id(child) in outer:
                    stack.append((child, scope, unit))
                else:
                    stack.append((child, inner, inner_unit))
            continue
        elif node_type is ast.ClassDef:
            scope.bound.add(node.name)
            node._cf_scope = scope
            for child in node.body:
                if type(child) in FUNCTION_TYPES:
                    child._cf_owner = node.name
                    child._cf_class = (node.lineno, node.col_offset)
        elif node_type is ast.Global or node_type is ast.Nonlocal:
            scope.declared.update(node.names)
        elif node_type is ast.arg:
            node._cf_scope = scope
        elif node_type is ast.ExceptHandler or node_type in MATCH_TYPES:
            node._cf_scope = scope
            name = identifier_of(node)
            if name:
                scope.bound.add(name)
        for child in reversed(children):
            stack.append((child, scope, unit))
    return order, functions, raw_blocks


def _hash_pass(order) -> None:
    """Bottom-up: ``_cf_b`` and ``_cf_s`` hashes, ``_cf_n`` size, ``_cf_w`` statement
    weight (statements including nested ones; imports weigh nothing) and ``_cf_lw`` the
    same weight without trivial statements."""
    extra_types, stmt_types = EXTRA_TYPES, STATEMENT_TYPES
    imports = (ast.Import, ast.ImportFrom)
    for node in reversed(order):
        node_type = type(node)
        label = node._cf_label
        if node_type in extra_types:
            extra_b, extra_s = blinded_extras(node, node_type)
        else:
            extra_b = extra_s = None
        blinded, shaped = [label, extra_b], [label, extra_s]
        size, weight, logic = 1, 0, 0
        for child in node._cf_children:
            blinded.append(child._cf_b)
            shaped.append(child._cf_s)
            size += child._cf_n
            weight += child._cf_w
            logic += child._cf_lw
        node._cf_b = hash(tuple(blinded))
        node._cf_s = hash(tuple(shaped))
        node._cf_n = size
        if node_type in stmt_types and node_type not in imports:
            weight += 1
            if not is_trivial_statement(node):
                logic += 1
        node._cf_w = weight
        node._cf_lw = logic


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


def analyse_source(path: str, text: str, features_min_size: int = 0) -> ModuleAnalysis | None:
    """Functions and statement lists of one file; None if it does not parse.

    Near-copy features are kept for the functions of at least ``features_min_size``
    normalised nodes (the only ones the near-copy search compares)."""
    with collector_paused():
        return _analyse_source(path, text, features_min_size)


def _analyse_source(path: str, text: str, features_min_size: int) -> ModuleAnalysis | None:
    absolute = os.path.abspath(path)
    try:
        module = ast.parse(text, filename=path)
        order, functions, raw_blocks = _first_pass(module)
        _hash_pass(order)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    units: list[FunctionUnit] = []
    by_node: dict[int, int] = {}
    for node in functions:
        body = statements(node.body)
        decorators = _decorator_names(node)
        ancestors = []
        parent = node._cf_unit
        while parent is not None:
            ancestors.append(by_node[id(parent)])
            parent = parent._cf_unit
        owner = getattr(node, "_cf_owner", None)
        node._cf_method_self = (
            owner is not None and "staticmethod" not in decorators
            and bool(parameters(node.args))
        )
        size = sum(s._cf_n for s in body)
        trivial = (_is_trivial(body) or bool(decorators & _OVERLOAD_DECORATORS)
                   or bool(decorators & _ABSTRACT_DECORATORS))
        unit = FunctionUnit(
            index=len(units), path=path, absolute=absolute, name=node.name,
            qualname=f"{owner}.{node.name}" if owner else node.name,
            line=node.lineno, column=node.col_offset,
            is_async=type(node) is ast.AsyncFunctionDef, size=size, trivial=trivial,
            b_fp=hash(tuple(s._cf_b for s in body)),
            s_fp=hash(tuple(s._cf_s for s in body)),
            ancestors=tuple(ancestors),
            weight=sum(s._cf_w for s in body),
            literal_data=is_literal_data(body),
            forwarding=is_forwarding(body),
        )
        unit.class_line, unit.class_column = getattr(node, "_cf_class", (0, 0))
        if not trivial:
            local_names: list = []
            unit.fingerprints = tuple(
                _unit_fingerprint(node, body, level, local_names if level == "R" else None)
                for level in _LEVELS)
            unit.local_names = _names_by_placeholder(local_names)
            if size >= features_min_size:
                unit.packed_features = _packed_features(body)
                unit.body_weights = tuple(_feature_weight(s) for s in body)
                unit.body_hashes = tuple(s._cf_b for s in body)
                unit.head_weights = tuple(s._cf_w for s in body[:PREAMBLE_STATEMENTS])
                unit.callees = frozenset(hash(n) for n in called_names(body))
                calls = [biggest_call([s]) for s in body]
                sizes = [call._cf_n if call is not None else 0 for call in calls]
                biggest = max(range(len(body)), key=sizes.__getitem__)
                name = calls[biggest] is not None and called_name(calls[biggest])
                if name:
                    unit.call_name = hash(name)
                    unit.call_weight = unit.body_weights[biggest]
        by_node[id(node)] = unit.index
        units.append(unit)
    statement_arrays = _statement_arrays(order, raw_blocks)
    blocks, start = [], 0
    # The statement lists a preamble opens: function and loop bodies (by first statement).
    openers = {id(first) for node in functions for first in statements(node.body)[:1]}
    openers.update(id(first) for node in order if type(node) in _LOOP_TYPES
                   for first in statements(node.body)[:1])
    for kept, owner in raw_blocks:
        is_body = owner is not None and id(kept[0]) in openers
        blocks.append(Block(path, absolute, statement_arrays, start, start + len(kept),
                            by_node[id(owner)] if owner is not None else None, is_body))
        start += len(kept)
    return ModuleAnalysis(absolute, units, blocks)


def _statement_arrays(order, raw_blocks) -> ModuleStatements:
    """The statements of every block, block after block, with their blinded names.

    A statement's subtree is a contiguous run of the pre-order ``order``, so the names of
    every statement are a slice of one list of the module's blinded names."""
    found = ModuleStatements()
    names, numbers = found.names, {}
    before = array("i")  # names met before each node of the pre-order
    for position, node in enumerate(order):
        node._cf_position = position
        before.append(len(names))
        identifier = identifier_of(node)
        if identifier is not None and type(node) is not ast.Attribute and (
                type(node) is ast.arg or node._cf_scope.binds(identifier)):
            names.append(numbers.setdefault(identifier, len(numbers)))
    before.append(len(names))
    for kept, _owner in raw_blocks:
        for statement in kept:
            position = statement._cf_position
            found.hashes.append(statement._cf_b)
            found.weights.append(statement._cf_w)
            found.lines.append(statement.lineno)
            found.columns.append(statement.col_offset)
            found.end_lines.append(getattr(statement, "end_lineno", None) or statement.lineno)
            found.name_starts.append(before[position])
            found.name_ends.append(before[position + statement._cf_n])
            found.logic_weights.append(statement._cf_lw)
            found.sizes.append(statement._cf_n)
            callee, call_size = dominant_call(statement)
            found.call_names.append(hash(callee) if callee is not None else 0)
            found.call_sizes.append(call_size)
    return found


def _feature_weight(statement) -> int:
    """The weight a statement adds to its body's features: its subtrees' sizes."""
    total, stack = 0, [statement]
    while stack:
        node = stack.pop()
        if node._cf_children:
            total += node._cf_n
            stack.extend(node._cf_children)
    return total


def _packed_features(body) -> array:
    """(S hash, count, size) of every subtree with children in the body, flattened."""
    counts, sizes = Counter(), {}
    stack = list(body)
    while stack:
        node = stack.pop()
        children = node._cf_children
        if children:
            counts[node._cf_s] += 1
            sizes[node._cf_s] = node._cf_n
            stack.extend(children)
    packed = array("q")
    for feature, count in counts.items():
        packed.extend((feature, count, sizes[feature]))
    return packed


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


# -- E / R / T fingerprints, computed for bucket collisions only -------------------------------

def _unit_fingerprint(node, body: list, level: str, names_out: list | None = None) -> int:
    """Pre-order serialisation of a function's body at level E, R or T, hashed; the
    renamed identifiers, in the order of their placeholders, go to ``names_out``."""
    own = node._cf_own
    numbers: dict[str, str] = {}
    if level != "E":
        for position, argument in enumerate(parameters(node.args)):
            if position == 0 and node._cf_method_self:
                numbers[argument.arg] = "self"
            else:
                numbers.setdefault(argument.arg, f"p{position}")
    counter = [0]

    def local_in_unit(scope, identifier) -> bool:
        while scope is not None:
            if scope.has_local(identifier):
                return True
            if scope is own:
                return False
            scope = scope.parent
        return False

    def renamed(child, identifier):
        if level == "E":
            return identifier
        if type(child) is not ast.arg and not local_in_unit(child._cf_scope, identifier):
            return identifier
        if identifier not in numbers:
            numbers[identifier] = f"v{counter[0]}"
            counter[0] += 1
        return numbers[identifier]

    abstract = level == "T"
    tokens = []
    stack = list(reversed(body))
    while stack:
        child = stack.pop()
        tokens.append((child._cf_label, level_extra(child, renamed, abstract)))
        stack.extend(reversed(child._cf_children))
    if names_out is not None:
        names_out.extend(numbers.items())
    return hash(tuple(tokens))
