"""Python's clone normaliser: a module's ``ast`` written out as a :class:`.NormalTree`.

Files are parsed with the standard library's ``ast`` (a clone search needs every file of
the project, and ``ast.parse`` is some 25 times cheaper than an astroid build); the walk
is iterative, so deep or huge files cannot exhaust the stack.  The hash levels the core
computes from the result are described in :mod:`.units`.

What Python's normalisation does: docstrings and other lone constant expressions, ``pass``
and bare annotations (``x: int``) are dropped; annotations, type comments and expression
contexts are ignored; ``x: int = v`` is an assignment.  Operators are folded into their
parent's label.  Names (``Name``, ``def``/``class`` names, ``except ... as e``, ``match``
captures) are NAME extras, ``arg`` nodes PARAMETER, ``Attribute.attr`` ATTRIBUTE and
constants LITERAL; the function of a ``Call`` is a callee.  Functions and lambdas open
scopes (a class body does not); decorators belong to the enclosing scope; ``global`` and
``nonlocal`` declare names non-local.  Units are ``def`` and ``async def`` (methods named
``Class.method``); statement lists are every body except a module's or a class's own.
"""

from __future__ import annotations

import ast

from .python_kinds import (
    called_name, is_forwarding, is_literal_data, is_simple_access, is_trivial_statement,
)
from .normal_tree import (
    ATTRIBUTE, LITERAL, LONG_TEXT, NAME, PARAMETER, FunctionRecord, NormalTree, Scope,
    StatementList, digest, trivial_body,
)

_SKIP_FIELDS = frozenset({"ctx", "annotation", "returns", "type_comment", "type_params", "kind"})
FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_OVERLOAD_DECORATORS = {"overload"}
_ABSTRACT_DECORATORS = {
    "abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod",
}


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
_IMPORT_TYPES = frozenset({ast.Import, ast.ImportFrom})
_LOOP_TYPES = frozenset({ast.For, ast.AsyncFor, ast.While})
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


def shape(node):
    """(label, children, statement lists) of a node with the level-independent
    normalisation applied.

    The label holds the node type, the arity of each child field and every value that is
    neither a child nor an identifier/literal (those are the node's extra).  Statement
    lists (without no-ops) are ``(offset in children, statements)``."""
    node_type = type(node)
    if node_type is ast.AnnAssign:  # x: int = value  ->  x = value
        return ("Assign", 1, True), [node.target, node.value], ()
    type_name, fields = _plan(node_type)
    parts = [type_name]
    children = []
    lists = []
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
                if kept:
                    lists.append((len(children), kept))
                children.extend(kept)
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
        elif value.__class__ is str and len(value) > LONG_TEXT:
            parts.append(digest(value))
        else:
            parts.append(value)
    return tuple(parts), children, lists


def _constant(value, abstract: bool):
    kind = _LITERAL_KINDS.get(type(value))
    if abstract and kind:
        return ("lit", kind)
    if kind == "str" and len(value) > LONG_TEXT:
        return (type(value).__name__, digest(value))
    return (type(value).__name__, value)


# -- the walk ------------------------------------------------------------------------------

def _decorator_names(node) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute):
            names.add(target.attr)
        elif isinstance(target, ast.Name):
            names.add(target.id)
    return names


def _is_trivial_statement(only) -> bool:
    """A lone statement that is no logic: ``return self._x``, ``raise
    NotImplementedError``."""
    if isinstance(only, ast.Return):
        return only.value is None or is_simple_access(only.value)
    if isinstance(only, ast.Raise):
        raised = only.exc.func if isinstance(only.exc, ast.Call) else only.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _function_record(node, position, scope, parent, owner, body_list) -> FunctionRecord:
    decorators = _decorator_names(node)
    arguments = parameters(node.args)
    offset, body = body_list if body_list else (0, [])
    is_async = type(node) is ast.AsyncFunctionDef
    keyword = "async def " if is_async else "def "
    return FunctionRecord(
        position=position, body_offset=offset, body_count=len(body), name=node.name,
        qualname=f"{owner}.{node.name}" if owner else node.name,
        line=node.lineno, column=node.col_offset, scope=scope,
        parameters=[argument.arg for argument in arguments], parent=parent,
        is_async=is_async,
        method_self=(owner is not None and "staticmethod" not in decorators
                     and bool(arguments)),
        trivial=(trivial_body(body, _is_trivial_statement)
                 or bool(decorators & _OVERLOAD_DECORATORS)
                 or bool(decorators & _ABSTRACT_DECORATORS)),
        end_column=node.col_offset + len(keyword) + len(node.name),
        literal_data=is_literal_data(body),
        forwarding=is_forwarding(body),
        class_line=getattr(node, "_cf_class", (0, 0))[0],
        class_column=getattr(node, "_cf_class", (0, 0))[1],
    )


def _places(kept) -> list:
    return [(s.lineno, s.col_offset, getattr(s, "end_lineno", None) or s.lineno) for s in kept]


def normalise_python(path: str, text: str, tree_of=None) -> NormalTree | None:
    """The normalised tree of a Python file; None if it does not parse.  (``tree_of``, a
    front end's astroid tree, is not used: ``ast`` is cheaper to build than to convert.)"""
    try:
        module = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _walk(module)


def _walk(module) -> NormalTree:
    """Pre-order: labels, children, extras, scopes, callee marks, functions and statement
    lists."""
    tree = NormalTree()
    labels, children_of, extras, counted = tree.labels, tree.children, tree.extras, tree.counted
    trivial, calls = tree.trivial, tree.calls
    functions, statement_lists = tree.functions, tree.statement_lists
    statement_types, import_types, function_types = STATEMENT_TYPES, _IMPORT_TYPES, FUNCTION_TYPES
    stack = [(module, Scope(None, False), None, -1)]
    while stack:
        node, scope, unit, parent = stack.pop()
        position = len(labels)
        if parent >= 0:
            children_of[parent].append(position)
        node_type = type(node)
        label, children, lists = shape(node)
        labels.append(label)
        children_of.append([])
        is_counted = node_type in statement_types and node_type not in import_types
        counted.append(is_counted)
        trivial.append(is_counted and is_trivial_statement(node))
        extra = None
        child_scope, child_unit, outer = scope, unit, ()
        if node_type is ast.Name:
            if type(node.ctx) is not ast.Load:
                scope.bound.add(node.id)
            extra = (NAME, node.id, scope, getattr(node, "_cf_callee", False))
        elif node_type is ast.Attribute:
            extra = (ATTRIBUTE, node.attr, getattr(node, "_cf_callee", False))
        elif node_type is ast.Constant:
            extra = (LITERAL, _constant(node.value, False), _constant(node.value, True))
        elif node_type is ast.Call:
            node.func._cf_callee = True
            calls[position] = called_name(node)
        elif node_type is ast.arg:
            extra = (PARAMETER, node.arg)
        elif node_type in function_types or node_type is ast.Lambda:
            child_scope = Scope(scope, True)
            if node_type is not ast.Lambda:
                scope.bound.add(node.name)
                extra = (NAME, node.name, scope, False)
                child_unit = len(functions)
                functions.append(_function_record(
                    node, position, child_scope, unit, getattr(node, "_cf_owner", None),
                    lists[0] if lists else None))
                outer = {id(d) for d in node.decorator_list}
            for argument in parameters(node.args):
                child_scope.bound.add(argument.arg)
        elif node_type is ast.ClassDef:
            scope.bound.add(node.name)
            extra = (NAME, node.name, scope, False)
            for child in node.body:
                if type(child) in function_types:
                    child._cf_owner = node.name
                    child._cf_class = (node.lineno, node.col_offset)
        elif node_type is ast.Global or node_type is ast.Nonlocal:
            scope.declared.update(node.names)
        elif node_type is ast.ExceptHandler or node_type in MATCH_TYPES:
            name = identifier_of(node)
            if name:
                scope.bound.add(name)
                extra = (NAME, name, scope, False)
        extras.append(extra)
        if lists and node_type is not ast.Module and node_type is not ast.ClassDef:
            loop = node_type in _LOOP_TYPES
            for offset, kept in lists:
                statement_lists.append(StatementList(
                    child_unit, position, offset, _places(kept),
                    loop_body=loop and any(s is kept[0] for s in node.body)))
        if outer:
            for child in reversed(children):
                if id(child) in outer:
                    stack.append((child, scope, unit, position))
                else:
                    stack.append((child, child_scope, child_unit, position))
        else:
            for child in reversed(children):
                stack.append((child, child_scope, child_unit, position))
    return tree
