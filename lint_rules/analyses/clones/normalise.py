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

B and S are computed for every node, E, R and T once per function (then the tree is
dropped: see :mod:`.units`); near copies are compared only among
candidates that a size filter and a prefix filter (all-pairs similarity search over rare
subtrees first) let through, so the work stays close to linear in the project's size.
"""

from __future__ import annotations

import ast
import hashlib

# Strings longer than this are hashed into labels by digest rather than kept whole.
_LONG_TEXT = 200

_SKIP_FIELDS = frozenset({"ctx", "annotation", "returns", "type_comment", "type_params", "kind"})
FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
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


STATEMENT_TYPES = _subclasses(ast.stmt)
# Operators and expression contexts are folded into their parent's label.
_FOLDED_TYPES = _subclasses(ast.operator, ast.unaryop, ast.boolop, ast.cmpop, ast.expr_context)
MATCH_TYPES = frozenset(
    getattr(ast, name) for name in ("MatchAs", "MatchStar", "MatchMapping") if hasattr(ast, name)
)
# (node type, field) whose value is an identifier, attribute name or literal: added to the
# label per level rather than as it is.
_NAMED_FIELDS = {
    (ast.Name, "id"), (ast.arg, "arg"), (ast.Attribute, "attr"), (ast.Constant, "value"),
    (ast.FunctionDef, "name"), (ast.AsyncFunctionDef, "name"), (ast.ClassDef, "name"),
    (ast.ExceptHandler, "name"),
    *((match_type, name) for match_type in MATCH_TYPES for name in ("name", "rest")),
}
_LITERAL_KINDS = {str: "str", bytes: "str", int: "num", float: "num", complex: "num"}


class Scope:
    """Names bound in one function (or lambda) scope; the module scope binds no locals."""

    __slots__ = ("bound", "declared", "parent", "is_function", "_binds")

    def __init__(self, parent, is_function):
        self.bound: set[str] = set()
        self.declared: set[str] = set()  # global / nonlocal: not local here
        self.parent = parent
        self.is_function = is_function
        self._binds: dict[str, bool] = {}

    def has_local(self, name: str) -> bool:
        """Whether ``name`` is a local variable of this scope."""
        return self.is_function and name in self.bound and name not in self.declared

    def binds(self, name: str) -> bool:
        """Whether ``name`` is a variable of this function or of a function enclosing it
        (a closure variable): a nested function's copy of a block names the enclosing
        function's locals where the original names its own.  Asked once the scopes are
        complete; memoised per scope."""
        known = self._binds.get(name)
        if known is None:
            known = self.has_local(name) or (
                self.is_function and name not in self.declared and self.parent is not None
                and self.parent.binds(name))
            self._binds[name] = known
        return known


def identifier_of(node) -> str | None:
    """The identifier a node carries that may name a local (None if it carries none)."""
    node_type = type(node)
    if node_type is ast.Name:
        return node.id
    if node_type is ast.arg:
        return node.arg
    if node_type in _DEFINITIONS or node_type is ast.ExceptHandler:
        return node.name
    if node_type in MATCH_TYPES:
        return getattr(node, "rest", None) if node_type.__name__ == "MatchMapping" else node.name
    return None


def parameters(arguments: ast.arguments) -> list[ast.arg]:
    """A function's parameters in declaration order (``*args`` before keyword-only ones)."""
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


def shape(node, blocks_out, unit):
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
            if first_type in STATEMENT_TYPES:
                kept = [s for s in value if not is_noop(s)]
                parts.append(len(kept))
                children.extend(kept)
                if kept and node_type is not ast.Module and node_type is not ast.ClassDef:
                    blocks_out.append((kept, node if node_type in FUNCTION_TYPES else unit))
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


def level_extra(node, name_of, abstract: bool):
    """The level-dependent part of a node's label, for the E, R and T levels.

    ``name_of(node, identifier)`` renames an identifier (or returns it unchanged)."""
    node_type = type(node)
    if node_type is ast.Constant:
        return _constant(node.value, abstract)
    callee = abstract and getattr(node, "_cf_callee", False)
    if node_type is ast.Attribute:
        return "_f" if callee else node.attr
    identifier = identifier_of(node)
    if identifier is None:
        return None
    if callee:
        return "_f"
    return name_of(node, identifier)


def blinded_extras(node, node_type):
    """The B and S parts of a node's label (local names blinded; S also abstracts literals
    and called names)."""
    if node_type is ast.Name:
        name = node.id
        blinded = "_v" if node._cf_scope.binds(name) else name
        return blinded, ("_f" if getattr(node, "_cf_callee", False) else blinded)
    if node_type is ast.Constant:
        return _constant(node.value, False), _constant(node.value, True)
    if node_type is ast.Attribute:
        return node.attr, ("_f" if getattr(node, "_cf_callee", False) else node.attr)
    if node_type is ast.arg:
        return "_v", "_v"
    name = identifier_of(node)
    if name is None:
        return None, None
    blinded = "_v" if node._cf_scope.binds(name) else name
    return blinded, blinded


EXTRA_TYPES = frozenset({ast.Name, ast.Constant, ast.Attribute, ast.arg, ast.ExceptHandler,
                         *_DEFINITIONS, *MATCH_TYPES})
