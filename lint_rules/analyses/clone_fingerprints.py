"""Clone fingerprints: normalised syntax trees of functions and statement runs.

Shared by INV301 (duplicate helpers: whole functions) and INV302 (duplicate blocks: runs of
statements).  Files are parsed with the standard library's ``ast`` (a clone search needs
every file of the project, and ``ast.parse`` is some 25 times cheaper than an astroid
build); every traversal is iterative, so deep or huge files cannot exhaust the stack.

Normalisation, common to every level: docstrings and other lone constant expressions,
``pass`` and bare annotations (``x: int``) are dropped; annotations, type comments and
expression contexts are ignored; ``x: int = v`` is an assignment.  On top of that each node
gets a hash at several levels:

* **E** (exact): identifiers and literals as written.
* **R** (renamed): the function's parameters become ``p0, p1, ...`` by position (a method's
  ``self``/``cls`` stays ``self``), its other local names ``v0, v1, ...`` by first
  appearance; global, builtin and attribute names stay.
* **T** (type-2): R, plus literal values abstracted to their kind (string / number) and
  called names abstracted (``debug_log(...)`` and ``log(...)`` look alike).
* **B** (blinded): every local name becomes one placeholder; literals and called names
  stay.  Cheap to compute once per node; used to bucket functions and to find runs of
  equal statements (INV302 then checks that the renaming is consistent).
* **S** (shape): B with literals and called names abstracted as in T.  The bag of S hashes
  of all subtrees of a body is what near-copy similarity compares (Dice coefficient).

Only B and S are computed for every node.  E, R and T fingerprints are computed for the few
functions that share a B or S bucket with another; near copies are compared only among
candidates that a size filter and a prefix filter (all-pairs similarity search over rare
subtrees first) let through, so the work stays close to linear in the project's size.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import hashlib
import os
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..project_index import project_root_for
from ..sources import is_excluded

# -- options and their defaults (the rules declare them; the analysis reads them) --------------

MIN_SIZE = "clone-min-size"
NEAR_MIN_SIZE = "clone-near-min-size"
SIMILARITY = "clone-similarity"
EXCLUDE = "clone-exclude"
BLOCK_MIN_STATEMENTS = "block-min-statements"

DEFAULTS = {
    MIN_SIZE: 6, NEAR_MIN_SIZE: 18, SIMILARITY: 0.5, BLOCK_MIN_STATEMENTS: 4,
    # Tests repeat themselves on purpose (as INV401 exempts them from magic numbers).
    EXCLUDE: ["tests", "test_*.py", "*_test.py", "conftest.py"],
}

# A bucket of identical windows larger than this is boilerplate repeated everywhere; it is
# not paired (the quadratic number of pairs would be noise, and slow).
_MAX_BUCKET = 200
_HUBS = 3
# Strings longer than this are hashed into labels by digest rather than kept whole.
_LONG_TEXT = 200
_CACHED_PATHS = 4096  # message paths remembered

_SKIP_FIELDS = frozenset({"ctx", "annotation", "returns", "type_comment", "type_params", "kind"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _subclasses(*bases) -> frozenset:
    found, stack = set(), list(bases)
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                stack.append(sub)
    return frozenset(found)


_STMT_TYPES = _subclasses(ast.stmt)
# Operators and expression contexts are folded into their parent's label.
_FOLDED_TYPES = _subclasses(ast.operator, ast.unaryop, ast.boolop, ast.cmpop, ast.expr_context)
_MATCH_TYPES = frozenset(
    getattr(ast, name) for name in ("MatchAs", "MatchStar", "MatchMapping") if hasattr(ast, name)
)
# (node type, field) whose value is an identifier, attribute name or literal: added to the
# label per level rather than as it is.
_NAMED_FIELDS = {
    (ast.Name, "id"), (ast.arg, "arg"), (ast.Attribute, "attr"), (ast.Constant, "value"),
    (ast.FunctionDef, "name"), (ast.AsyncFunctionDef, "name"), (ast.ClassDef, "name"),
    (ast.ExceptHandler, "name"),
    *((match_type, name) for match_type in _MATCH_TYPES for name in ("name", "rest")),
}
_LITERAL_KINDS = {str: "str", bytes: "str", int: "num", float: "num", complex: "num"}
_OVERLOAD_DECORATORS = {"overload"}
_ABSTRACT_DECORATORS = {
    "abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod",
}


class _Scope:
    """Names bound in one function (or lambda) scope; the module scope binds no locals."""

    __slots__ = ("bound", "declared", "parent", "is_function")

    def __init__(self, parent, is_function):
        self.bound: set[str] = set()
        self.declared: set[str] = set()  # global / nonlocal: not local here
        self.parent = parent
        self.is_function = is_function

    def has_local(self, name: str) -> bool:
        return self.is_function and name in self.bound and name not in self.declared


def _ident(node) -> str | None:
    """The identifier a node carries that may name a local (None if it carries none)."""
    node_type = type(node)
    if node_type is ast.Name:
        return node.id
    if node_type is ast.arg:
        return node.arg
    if node_type in _DEFINITIONS or node_type is ast.ExceptHandler:
        return node.name
    if node_type in _MATCH_TYPES:
        return getattr(node, "rest", None) if node_type.__name__ == "MatchMapping" else node.name
    return None


def _parameters(arguments: ast.arguments) -> list[ast.arg]:
    found = [*arguments.posonlyargs, *arguments.args]
    if arguments.vararg:
        found.append(arguments.vararg)
    found.extend(arguments.kwonlyargs)
    if arguments.kwarg:
        found.append(arguments.kwarg)
    return found


# -- the normalised shape of a node --------------------------------------------------------

def is_noop(statement) -> bool:
    """Statements that carry no logic: ``pass``, docstrings and other lone constants,
    bare annotations."""
    statement_type = type(statement)
    if statement_type is ast.Pass:
        return True
    if statement_type is ast.Expr:
        return type(statement.value) is ast.Constant
    return statement_type is ast.AnnAssign and statement.value is None


def statements(body) -> list:
    """A statement list without its no-op statements."""
    return [s for s in body if not is_noop(s)]


_PLANS: dict = {}


def _plan(node_type):
    plan = _PLANS.get(node_type)
    if plan is None:
        fields = tuple(name for name in node_type._fields
                       if name not in _SKIP_FIELDS and (node_type, name) not in _NAMED_FIELDS)
        plan = _PLANS[node_type] = (node_type.__name__, fields)
    return plan


def _digest(text) -> str:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def _shape(node, blocks_out, unit):
    """(label, children) of a node with the level-independent normalisation applied.

    The label holds the node type, the arity of each child field and every value that is
    neither a child nor an identifier/literal (those are added per level).  Statement lists
    (without no-ops) of nodes other than modules and classes go to ``blocks_out``."""
    node_type = type(node)
    if node_type is ast.AnnAssign:  # x: int = value  ->  x = value
        return ("Assign", 1, True), [node.target, node.value]
    type_name, fields = _plan(node_type)
    parts = [type_name]
    children = []
    for name in fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            if not value:
                parts.append(0)
                continue
            first_type = type(value[0])
            if first_type in _STMT_TYPES:
                kept = [s for s in value if not is_noop(s)]
                parts.append(len(kept))
                children.extend(kept)
                if kept and node_type is not ast.Module and node_type is not ast.ClassDef:
                    blocks_out.append((kept, node if node_type in _FUNCTIONS else unit))
            elif first_type in _FOLDED_TYPES:
                parts.append(tuple(type(op).__name__ for op in value))
            elif first_type is str:
                parts.append(tuple(value))
            elif any(item is None for item in value):  # kw_defaults
                parts.append(tuple(item is not None for item in value))
                children.extend(item for item in value if item is not None)
            else:
                parts.append(len(value))
                children.extend(value)
        elif value is None:
            parts.append(None)
        elif isinstance(value, ast.AST):
            if type(value) in _FOLDED_TYPES:
                parts.append(type(value).__name__)
            else:
                parts.append(True)
                children.append(value)
        elif value.__class__ is str and len(value) > _LONG_TEXT:
            parts.append(_digest(value))
        else:
            parts.append(value)
    return tuple(parts), children


def _constant(value, abstract: bool):
    kind = _LITERAL_KINDS.get(type(value))
    if abstract and kind:
        return ("lit", kind)
    if kind == "str" and len(value) > _LONG_TEXT:
        return (type(value).__name__, _digest(value))
    return (type(value).__name__, value)


def _level_extra(node, name_of, abstract: bool):
    """The level-dependent part of a node's label, for the E, R and T levels.

    ``name_of(node, identifier)`` renames an identifier (or returns it unchanged)."""
    node_type = type(node)
    if node_type is ast.Constant:
        return _constant(node.value, abstract)
    callee = abstract and getattr(node, "_cf_callee", False)
    if node_type is ast.Attribute:
        return "_f" if callee else node.attr
    identifier = _ident(node)
    if identifier is None:
        return None
    if callee:
        return "_f"
    return name_of(node, identifier)


def _blinded_extras(node, node_type):
    """The B and S parts of a node's label (local names blinded; S also abstracts literals
    and called names)."""
    if node_type is ast.Name:
        name = node.id
        blinded = "_v" if node._cf_scope.has_local(name) else name
        return blinded, ("_f" if getattr(node, "_cf_callee", False) else blinded)
    if node_type is ast.Constant:
        return _constant(node.value, False), _constant(node.value, True)
    if node_type is ast.Attribute:
        return node.attr, ("_f" if getattr(node, "_cf_callee", False) else node.attr)
    if node_type is ast.arg:
        return "_v", "_v"
    name = _ident(node)
    if name is None:
        return None, None
    blinded = "_v" if node._cf_scope.has_local(name) else name
    return blinded, blinded


_EXTRA_TYPES = frozenset({ast.Name, ast.Constant, ast.Attribute, ast.arg, ast.ExceptHandler,
                          *_DEFINITIONS, *_MATCH_TYPES})


# -- per-module analysis ---------------------------------------------------------------------

@dataclass
class FunctionUnit:
    """One function or method of the project, with its body's fingerprints."""

    index: int
    path: str
    absolute: str
    name: str
    qualname: str
    node: object = field(repr=False)
    body: list = field(repr=False)
    size: int = 0
    trivial: bool = False
    b_fp: int = 0
    s_fp: int = 0
    ancestors: tuple = ()  # indexes of enclosing functions, innermost first
    _fingerprints: dict = field(default_factory=dict, repr=False)

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def column(self) -> int:
        return self.node.col_offset

    def fingerprint(self, level: str) -> int:
        """The E, R or T fingerprint of the body (computed on first use)."""
        if level not in self._fingerprints:
            self._fingerprints[level] = _unit_fingerprint(self, level)
        return self._fingerprints[level]

    def features(self) -> tuple[Counter, dict, int]:
        """For near-copy similarity: the multiset of S hashes of the body's subtrees that
        have children (leaves alone say little), each subtree's size, and the total weight
        (sum of the sizes)."""
        if "features" not in self._fingerprints:
            counts, sizes, total = Counter(), {}, 0
            stack = list(self.body)
            while stack:
                node = stack.pop()
                children = node._cf_children
                if children:
                    counts[node._cf_s] += 1
                    sizes[node._cf_s] = node._cf_n
                    total += node._cf_n
                    stack.extend(children)
            self._fingerprints["features"] = (counts, sizes, total)
        return self._fingerprints["features"]


@dataclass
class Block:
    """A statement list (the body of a function, a branch, a loop...)."""

    path: str
    absolute: str
    statements: list = field(repr=False)
    unit: int | None  # innermost enclosing function's index
    hashes: list = field(default_factory=list, repr=False)


@dataclass
class ModuleAnalysis:
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


def _is_simple_access(node) -> bool:
    """``x``, ``self._x``, ``self._data["key"]``, a constant: nothing to duplicate."""
    while True:
        if isinstance(node, (ast.Name, ast.Constant)):
            return True
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            node = node.value
        else:
            return False


def _is_trivial(body: list) -> bool:
    if not body:
        return True
    if len(body) > 1:
        return False
    only = body[0]
    if isinstance(only, ast.Return):
        return only.value is None or _is_simple_access(only.value)
    if isinstance(only, ast.Raise):
        raised = only.exc.func if isinstance(only.exc, ast.Call) else only.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _first_pass(module):
    """Pre-order: shapes, scopes, callee marks, functions and statement lists."""
    order, functions, raw_blocks = [], [], []
    stack = [(module, _Scope(None, False), None)]
    while stack:
        node, scope, unit = stack.pop()
        order.append(node)
        node_type = type(node)
        label, children = _shape(node, raw_blocks, unit)
        node._cf_label = label
        node._cf_children = children
        if node_type is ast.Name:
            node._cf_scope = scope
            if type(node.ctx) is not ast.Load:
                scope.bound.add(node.id)
        elif node_type is ast.Call:
            node.func._cf_callee = True
        elif node_type in _FUNCTIONS or node_type is ast.Lambda:
            inner = _Scope(scope, True)
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
            for argument in _parameters(node.args):
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
                if type(child) in _FUNCTIONS:
                    child._cf_owner = node.name
        elif node_type is ast.Global or node_type is ast.Nonlocal:
            scope.declared.update(node.names)
        elif node_type is ast.arg:
            node._cf_scope = scope
        elif node_type is ast.ExceptHandler or node_type in _MATCH_TYPES:
            node._cf_scope = scope
            name = _ident(node)
            if name:
                scope.bound.add(name)
        for child in reversed(children):
            stack.append((child, scope, unit))
    return order, functions, raw_blocks


def _hash_pass(order) -> None:
    """Bottom-up: ``_cf_b`` and ``_cf_s`` hashes, ``_cf_n`` size and ``_cf_w`` statement
    weight (statements including nested ones; imports weigh nothing)."""
    extra_types, stmt_types = _EXTRA_TYPES, _STMT_TYPES
    imports = (ast.Import, ast.ImportFrom)
    for node in reversed(order):
        node_type = type(node)
        label = node._cf_label
        if node_type in extra_types:
            extra_b, extra_s = _blinded_extras(node, node_type)
        else:
            extra_b = extra_s = None
        blinded, shaped = [label, extra_b], [label, extra_s]
        size, weight = 1, 0
        for child in node._cf_children:
            blinded.append(child._cf_b)
            shaped.append(child._cf_s)
            size += child._cf_n
            weight += child._cf_w
        node._cf_b = hash(tuple(blinded))
        node._cf_s = hash(tuple(shaped))
        node._cf_n = size
        if node_type in stmt_types and node_type not in imports:
            weight += 1
        node._cf_w = weight


@contextlib.contextmanager
def _collector_paused():
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


def analyse_source(path: str, text: str) -> ModuleAnalysis | None:
    """Functions and statement lists of one file; None if it does not parse."""
    with _collector_paused():
        return _analyse_source(path, text)


def _analyse_source(path: str, text: str) -> ModuleAnalysis | None:
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
            and bool(_parameters(node.args))
        )
        unit = FunctionUnit(
            index=len(units), path=path, absolute=absolute, name=node.name,
            qualname=f"{owner}.{node.name}" if owner else node.name,
            node=node, body=body, size=sum(s._cf_n for s in body),
            trivial=(_is_trivial(body) or bool(decorators & _OVERLOAD_DECORATORS)
                     or bool(decorators & _ABSTRACT_DECORATORS)),
            b_fp=hash(tuple(s._cf_b for s in body)),
            s_fp=hash(tuple(s._cf_s for s in body)),
            ancestors=tuple(ancestors),
        )
        by_node[id(node)] = unit.index
        units.append(unit)
    blocks = [Block(path, absolute, kept, by_node[id(owner)] if owner is not None else None)
              for kept, owner in raw_blocks]
    return ModuleAnalysis(absolute, units, blocks)


# -- E / R / T fingerprints, computed for bucket collisions only -------------------------------

def _unit_fingerprint(unit: FunctionUnit, level: str) -> int:
    """Pre-order serialisation of the body at level E, R or T, hashed."""
    node = unit.node
    own = node._cf_own
    numbers: dict[str, str] = {}
    if level != "E":
        for position, argument in enumerate(_parameters(node.args)):
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
    stack = list(reversed(unit.body))
    while stack:
        child = stack.pop()
        tokens.append((child._cf_label, _level_extra(child, renamed, abstract)))
        stack.extend(reversed(child._cf_children))
    return hash(tuple(tokens))


# -- project-wide matching -------------------------------------------------------------------

@dataclass(frozen=True)
class ClonePair:
    """Two functions whose bodies are copies: kind is exact, renamed or near."""

    first: int
    second: int
    kind: str
    similarity: float


@dataclass(frozen=True)
class RunCopy:
    """One place of a duplicated run of statements."""

    path: str
    absolute: str
    line: int
    column: int
    end_line: int
    statements: int  # the run's weight (statements, nested ones included)


@dataclass
class ProjectClones:
    units: list
    pairs: list  # ClonePair
    block_pairs: list  # (RunCopy, RunCopy)


def _option(options: dict, name: str):
    value = options.get(name, DEFAULTS[name])
    return DEFAULTS[name] if value is None else value


def _related(units, a: int, b: int) -> bool:
    """One function encloses the other."""
    return a in units[b].ancestors or b in units[a].ancestors


def _all_pairs(members: list):
    """Every pair of a group; a huge group (generated code) pairs each member with its
    first few members only, so each copy is still reported, in linear time."""
    if len(members) <= _MAX_BUCKET:
        return [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    return [(members[h], b) for h in range(_HUBS) for b in members[h + 1:]]


def _cross_pairs(first: list, second: list):
    if len(first) * len(second) <= _MAX_BUCKET * _MAX_BUCKET // 2:
        return [(a, b) for a in first for b in second]
    return ([(a, b) for a in first[:_HUBS] for b in second]
            + [(a, b) for a in first[_HUBS:] for b in second[:_HUBS]])


def _groups(units: list, key) -> list[list]:
    grouped = defaultdict(list)
    for unit in units:
        grouped[key(unit)].append(unit)
    return list(grouped.values())


def _function_pairs(units: list, options: dict) -> list[ClonePair]:
    min_size = max(1, int(_option(options, MIN_SIZE)))
    near_min = max(1, int(_option(options, NEAR_MIN_SIZE)))
    threshold = min(1.0, max(0.0, float(_option(options, SIMILARITY))))
    countable = [u for u in units if not u.trivial and u.size >= min_size]
    edges: dict[tuple[int, int], ClonePair] = {}

    def add(first, second, kind, similarity):
        key = (min(first.index, second.index), max(first.index, second.index))
        if key not in edges and not _related(units, *key):
            edges[key] = ClonePair(key[0], key[1], kind, similarity)

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

    large = [u for u in countable if u.size >= near_min]
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

    if threshold > 0:
        # Equal shapes have equal features: search among one body per shape.
        by_first = {bucket[0].index: bucket for bucket in shapes}
        for a, b, similarity in _near_candidates([bucket[0] for bucket in shapes], threshold):
            for first, second in _cross_pairs(by_first[a], by_first[b]):
                add(first, second, "near", similarity)

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


# -- duplicated runs of statements (INV302) -----------------------------------------------

def _local_names(statement) -> list[str]:
    """Identifiers that the B level blinds, in the serialisation order."""
    found = []
    stack = [statement]
    while stack:
        node = stack.pop()
        identifier = _ident(node)
        if identifier is not None and not isinstance(node, ast.Attribute):
            scope = node._cf_scope
            if isinstance(node, ast.arg) or scope.has_local(identifier):
                found.append(identifier)
        stack.extend(reversed(node._cf_children))
    return found


def _run_copies(blocks: list, excluded, min_statements: int):
    """Maximal runs of B-equal statements with a consistent renaming, weight >= minimum.

    ``excluded(block_a, block_b)`` says the pair lies inside two functions already reported
    as whole-function copies."""
    seeds = defaultdict(list)
    for block_id, block in enumerate(blocks):
        hashes = [s._cf_b for s in block.statements]
        weights = [s._cf_w for s in block.statements]
        block.hashes = hashes
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
    names_cache = {}

    def names(statement):
        key = id(statement)
        if key not in names_cache:
            names_cache[key] = _local_names(statement)
        return names_cache[key]

    found = []
    for bucket in seeds.values():
        if len(bucket) < 2 or len(bucket) > _MAX_BUCKET:
            continue
        for i, (block_a, start_a) in enumerate(bucket):
            for block_b, start_b in bucket[i + 1:]:
                first, second = blocks[block_a], blocks[block_b]
                if start_a and start_b and first.hashes[start_a - 1] == second.hashes[start_b - 1]:
                    continue  # not the start of a maximal run: an earlier seed covers it
                if excluded(first, second):
                    continue
                found.extend(_extend(first, second, block_a == block_b, start_a, start_b,
                                     names, min_statements))
    return found


def _extend(first, second, same_block, start_a, start_b, names, min_statements):
    """Walk two equal runs forward; split where the renaming stops being consistent."""
    runs = []
    limit_a = len(first.statements)
    if same_block:
        limit_a = min(limit_a, start_b)  # the copies must not overlap
    mapping, reverse = {}, {}
    run_start = 0
    offset = 0
    while True:
        index_a, index_b = start_a + offset, start_b + offset
        ended = (index_a >= limit_a or index_b >= len(second.statements)
                 or first.hashes[index_a] != second.hashes[index_b])
        consistent = True
        if not ended:
            names_a = names(first.statements[index_a])
            names_b = names(second.statements[index_b])
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
                statements_a = first.statements[start_a + run_start:start_a + offset]
                weight = sum(s._cf_w for s in statements_a)
                if weight >= min_statements:
                    statements_b = second.statements[start_b + run_start:start_b + offset]
                    runs.append((_copy(first, statements_a, weight),
                                 _copy(second, statements_b, weight)))
            if ended:
                return runs
            mapping, reverse = {}, {}
            if run_start == offset:  # the statement is inconsistent on its own
                offset += 1
            run_start = offset
            continue
        mapping, reverse = trial, trial_reverse
        offset += 1


def _copy(block, run, weight) -> RunCopy:
    last = run[-1]
    return RunCopy(block.path, block.absolute, run[0].lineno, run[0].col_offset,
                   getattr(last, "end_lineno", None) or last.lineno, weight)


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


# -- the cached entry point ------------------------------------------------------------------

_MODULES: dict[str, tuple[str, ModuleAnalysis | None]] = {}
_PROJECTS: OrderedDict = OrderedDict()
_MAX_PROJECTS = 4


def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def module_analysis(path: str, text: str) -> ModuleAnalysis | None:
    """The (cached) analysis of one file: reused while its text is unchanged."""
    absolute = os.path.abspath(path)
    key = _text_key(text)
    cached = _MODULES.get(absolute)
    if cached is not None and cached[0] == key:
        return cached[1]
    analysis = analyse_source(path, text)
    _MODULES[absolute] = (key, analysis)
    return analysis


def project_clones(sources: list, options: dict) -> ProjectClones:
    """Function pairs (INV301) and duplicated runs (INV302) over a set of Python sources.

    Computed once per file set, text and options; both rules call this.  Locations carry
    each source's own ``path``."""
    settings = tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (_option(options, name) for name in sorted(DEFAULTS))
    )
    excluded = list(_option(options, EXCLUDE))
    modules = []
    for source in sorted(sources, key=lambda s: os.path.abspath(s.path)):
        if source.text is None or (excluded and is_clone_excluded(source.path, excluded)):
            continue
        analysis = module_analysis(source.path, source.text)
        if analysis is not None:
            modules.append((source.path, analysis))
    key = (settings, tuple((path, m.absolute, _MODULES[m.absolute][0]) for path, m in modules))
    if key in _PROJECTS:
        _PROJECTS.move_to_end(key)
        return _PROJECTS[key]
    with _collector_paused():
        result = _analyse_project(modules, options)
    _PROJECTS[key] = result
    while len(_PROJECTS) > _MAX_PROJECTS:
        _PROJECTS.popitem(last=False)
    return result


def is_clone_excluded(path: str, patterns: list[str]) -> bool:
    """Whether ``clone-exclude`` removes a file from the clone analysis: the patterns are
    matched, as ``exclude`` is, against the file's path relative to its project root and
    against every folder or file name on that path."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, project_root_for(absolute))
    return is_excluded(Path(relative).as_posix(), patterns)


def _analyse_project(modules: list, options: dict) -> ProjectClones:
    units: list[FunctionUnit] = []
    blocks: list[Block] = []
    for path, module in modules:
        offset = len(units)
        for unit in module.units:
            units.append(FunctionUnit(
                index=offset + unit.index, path=path, absolute=unit.absolute,
                name=unit.name, qualname=unit.qualname, node=unit.node, body=unit.body,
                size=unit.size, trivial=unit.trivial, b_fp=unit.b_fp, s_fp=unit.s_fp,
                ancestors=tuple(offset + a for a in unit.ancestors),
                _fingerprints=unit._fingerprints,
            ))
        for block in module.blocks:
            blocks.append(Block(path, block.absolute, block.statements,
                                None if block.unit is None else offset + block.unit))
    pairs = _function_pairs(units, options)
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

    min_statements = max(1, int(_option(options, BLOCK_MIN_STATEMENTS)))
    block_pairs = _maximal(_run_copies(blocks, excluded, min_statements))
    return ProjectClones(units, pairs, block_pairs)


@lru_cache(maxsize=_CACHED_PATHS)
def display_path(absolute: str) -> str:
    """A path for messages: relative to the file's project root (copies are always in the
    same project), so every front end shows the same text whatever its working folder."""
    root = project_root_for(absolute)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return absolute
    return Path(relative).as_posix()


MAX_NAMED = 4  # copies named in one message; the others are counted


def describe_copies(entries: list[str], total: int | None = None) -> str:
    """``a, b and c`` for a message; past ``MAX_NAMED`` (or when ``total`` says there are
    more copies than entries given), ``a, b, c, d and N more``."""
    total = len(entries) if total is None else total
    shown = entries[:MAX_NAMED]
    if total > len(shown):
        shown.append(f"{total - len(shown)} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]
