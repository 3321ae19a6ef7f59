"""JavaScript's clone normaliser: an ESTree program written out as a clone ``NormalTree``.

INV301 and INV302 compare JavaScript with the same core as Python
(:mod:`lint_rules.analyses.clones`): this module maps a program onto the neutral node
protocol (:mod:`lint_rules.analyses.clones.normal_tree`), iteratively, so deep input
cannot exhaust the stack.

* **Units** (the functions INV301 compares) are the functions a name is bound to: function
  declarations, function and arrow expressions bound to a variable (``const f = () =>
  {}``) or to a property (``obj.f = function () {}``, ``this.f = ...``), object-literal
  properties and methods (``{ f() {} }``, ``{ f: () => {} }``) and class methods and
  fields, named ``Owner.name`` after their class or object.  Functions passed as
  arguments (``el.addEventListener("click", () => {...})``, ``.then(r => {...})``) and
  other anonymous functions are no units: their bodies are statement lists like any other.
* **Statement lists** (the blocks INV302 compares) are every body but the program's own:
  a function's (an arrow's expression body is one ``return``), a block's, a branch's, a
  loop's, a ``case``'s, a ``try``/``catch``/``finally``'s, a static block's.  A braced
  body and a lone statement are the same list (``if (a) return;`` is ``if (a) { return;
  }``); statements count towards a run's weight, imports and exports' wrappers do not.
* **Normalisation**: empty statements and lone literals (directives such as ``"use
  strict"``) are dropped; positions, comments and raw spellings are ignored.  Identifiers
  that are property names (``a.name``, ``{ name: v }``, method keys), labels and import or
  export names are ATTRIBUTE extras; other identifiers are NAME extras, locals where a
  ``let``/``const``/``var``, a parameter, a ``catch`` parameter or a function or class
  declaration binds them in the function (blocks share their function's scope; as in
  Python, the core's B level blinds an enclosing function's variables too, so a pasted
  callback closing over other names still matches); a call's or ``new``'s callee is a
  callee.  Literals (strings, template text, numbers, big integers) are LITERAL extras
  whose kind is abstracted at the T and S levels; ``true``, ``false``, ``null`` and
  regular expressions stay as written.
* **What a body is** (:mod:`js_rules.analyses.clone_kinds`): trivial statements, literal
  data and forwarding bodies are flagged as Python's are, and a unit whose body is empty,
  a getter's ``return this._x``, a setter's ``this._x = value`` or a ``throw new
  Error(...)`` stub is trivial (never compared).
"""

from __future__ import annotations

from js_rules.analyses.bindings import FUNCTION_TYPES, pattern_identifiers, static_key
from js_rules.analyses.clone_kinds import (
    called_name, is_forwarding, is_literal_data, is_simple_access, is_trivial_statement,
)
from js_rules.analyses.functions import dotted_name, is_callback
from js_rules.parser import JSNode, parse_js
from lint_rules.analyses.clones.normal_tree import (
    ATTRIBUTE, LITERAL, LONG_TEXT, NAME, FunctionRecord, NormalTree, Scope, StatementList,
    digest, trivial_body,
)
from lint_rules.failures import ParseFailure

# Fields that are no part of a node's normalised shape.
_IGNORED_FIELDS = frozenset({
    "type", "parent", "line", "column", "end_line", "end_column", "leading_comments",
    "comments", "sourceType", "raw", "regex", "directive", "tail", "synthetic",
})
# Fields holding statements: a list, a block (its statements) or one statement.
_STATEMENT_FIELDS = {
    "Program": ("body",), "BlockStatement": ("body",), "StaticBlock": ("body",),
    "SwitchCase": ("consequent",), "IfStatement": ("consequent", "alternate"),
    "ForStatement": ("body",), "ForInStatement": ("body",), "ForOfStatement": ("body",),
    "WhileStatement": ("body",), "DoWhileStatement": ("body",),
    "LabeledStatement": ("body",), "WithStatement": ("body",),
    "TryStatement": ("block", "finalizer"), "CatchClause": ("body",),
    "FunctionDeclaration": ("body",), "FunctionExpression": ("body",),
    "ArrowFunctionExpression": ("body",),
}
# Statements that do not count towards a run's weight.
_UNCOUNTED = frozenset({
    "BlockStatement", "EmptyStatement", "ImportDeclaration", "ExportNamedDeclaration",
    "ExportDefaultDeclaration", "ExportAllDeclaration",
})
_CLASS_TYPES = frozenset({"ClassDeclaration", "ClassExpression"})
_LOOP_TYPES = frozenset({
    "ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement",
})
_MEMBER_DEFINITIONS = frozenset({"MethodDefinition", "PropertyDefinition"})
_KEYED = frozenset({"Property", "MethodDefinition", "PropertyDefinition"})
_NAME_FIELDS = {  # (type, field) of identifiers that name no variable
    ("LabeledStatement", "label"), ("BreakStatement", "label"),
    ("ContinueStatement", "label"), ("ImportSpecifier", "imported"),
    ("ExportSpecifier", "exported"), ("ExportSpecifier", "local"),
    ("MetaProperty", "meta"), ("MetaProperty", "property"),
}

# The role an identifier plays, given by its parent.
_REFERENCE, _CALLEE, _PROPERTY, _CALLED_PROPERTY, _STATEMENT = range(5)


def _plan(node, plans: dict):
    """The fields of a node's type that make its shape: ``(name, role)`` with role
    ``"statements"``, ``"key"`` (a property name unless computed), ``"callee"``,
    ``"name"`` (names no variable) or None."""
    node_type = node.type
    plan = plans.get(node_type)
    if plan is None:
        statements = _STATEMENT_FIELDS.get(node_type, ())
        fields = []
        for name in node.__dict__:
            if name in _IGNORED_FIELDS:
                continue
            if node_type in FUNCTION_TYPES and name in ("id", "expression"):
                continue  # the name is the function's extra; an expression body a return
            if node_type in _CLASS_TYPES and name == "id":
                continue
            if node_type in ("Literal", "TemplateElement", "Identifier",
                             "PrivateIdentifier") and name in ("value", "name"):
                continue
            if name in statements:
                role = "statements"
            elif (node_type == "MemberExpression" and name == "property") or (
                    node_type in _KEYED and name == "key"):
                role = "key"
            elif node_type in ("CallExpression", "NewExpression") and name == "callee":
                role = "callee"
            elif (node_type, name) in _NAME_FIELDS:
                role = "name"
            else:
                role = None
            fields.append((name, role))
        plan = plans[node_type] = tuple(fields)
    return plan


def _is_noop(statement) -> bool:
    """Empty statements and lone literals (directives, stray strings)."""
    statement_type = statement.type
    if statement_type == "EmptyStatement":
        return True
    return statement_type == "ExpressionStatement" and statement.expression.type == "Literal"


def _statements_of(value, owner) -> list | None:
    """The statements a statement field holds (None for an absent one)."""
    if value is None:
        return None
    if isinstance(value, list):
        statements = value
    elif value.type == "BlockStatement":
        statements = value.body
    elif owner.type == "ArrowFunctionExpression" and owner.get("expression"):
        statements = [_returned(value)]
    else:
        statements = [value]
    return [s for s in statements if not _is_noop(s)]


def _returned(expression: JSNode) -> JSNode:
    """An arrow's expression body as the ``return`` it stands for."""
    statement = JSNode("ReturnStatement")
    statement.argument = expression
    statement.synthetic = True  # an expression, as a lambda's: it weighs nothing
    for name in ("line", "column", "end_line", "end_column"):
        setattr(statement, name, getattr(expression, name, 0))
    return statement


def _literal(node):
    """A literal's ``(exact, abstract)`` tokens."""
    value = node.__dict__.get("value")
    if node.type == "TemplateElement":
        text = getattr(value, "cooked", None)
        if text is None:  # an invalid escape in a tagged template
            text = getattr(value, "raw", None) or ""
        return _text(text), ("lit", "str")
    if node.get("regex") is not None:
        return ("regex", node.raw), ("regex", node.raw)
    if value is None or isinstance(value, bool):
        return ("const", value), ("const", value)
    if isinstance(value, str):
        return _text(value), ("lit", "str")
    if isinstance(value, (int, float)):
        return ("num", value), ("lit", "num")
    return ("const", node.get("raw")), ("const", node.get("raw"))


def _text(value: str):
    return ("str", digest(value) if len(value) > LONG_TEXT else value)


# -- units ---------------------------------------------------------------------------------

def _container_name(container: JSNode) -> str | None:
    """The name of a class or an object literal: its own, or what it is bound to."""
    if container.type in _CLASS_TYPES and container.get("id") is not None:
        return container.id.name
    parent = container.parent
    if parent is None:
        return None
    if parent.type == "VariableDeclarator" and parent.init is container:
        return parent.id.name if parent.id.type == "Identifier" else None
    if parent.type == "AssignmentExpression" and parent.right is container:
        return _owned_name(dotted_name(parent.left), parent)
    if parent.type == "Property" and parent.value is container:
        return static_key(parent)
    return None


def _enclosing_class(node: JSNode) -> JSNode | None:
    current = node.parent
    while current is not None and current.type not in _CLASS_TYPES:
        current = current.parent
    return current


def _owned_name(name: str | None, where: JSNode) -> str | None:
    """A dotted name assigned to at ``where``, ``this.`` standing for the enclosing class
    (``this.reset`` in ``class Panel`` is ``Panel.reset``; outside a class, ``reset``)."""
    if name is None or not name.startswith("this."):
        return name
    owner_class = _enclosing_class(where)
    owner = _container_name(owner_class) if owner_class is not None else None
    return f"{owner}.{name[5:]}" if owner else name[5:]


def unit_naming(function: JSNode):
    """``(qualified name, naming node, name node, class)`` of a function that is a unit,
    None for a callback or another anonymous function.  The naming node is where a finding
    starts, the name node where it ends; ``class`` is the class of a method (else None)."""
    if function.type == "FunctionDeclaration":
        if function.get("id") is None:
            return None
        return function.id.name, function, function.id, None
    parent = function.parent
    if parent is None or is_callback(function):
        return None
    if parent.type == "VariableDeclarator" and parent.init is function:
        if parent.id.type != "Identifier":
            return None
        return parent.id.name, parent.id, parent.id, None
    if parent.type in _KEYED and parent.value is function:
        name = static_key(parent)
        if name is None:
            return None
        container = parent.parent.parent if parent.type in _MEMBER_DEFINITIONS else parent.parent
        owner = _container_name(container) if container is not None else None
        owner_class = container if parent.type in _MEMBER_DEFINITIONS else None
        return (f"{owner}.{name}" if owner else name), parent, parent.key, owner_class
    if parent.type == "AssignmentExpression" and parent.right is function:
        name = _owned_name(dotted_name(parent.left), parent)
        if name is None:
            return None
        return name, parent.left, parent.left, None
    return None


def _is_trivial_statement(only) -> bool:
    """A lone statement that is no logic: a ``return`` of a simple access, a setter's
    ``this._x = value``, or a ``throw new Error("not implemented")`` (an abstract
    method's stub)."""
    if only.type == "ReturnStatement":
        return only.argument is None or is_simple_access(only.argument)
    if only.type == "ExpressionStatement":  # a setter: this._x = value
        assigned = only.expression
        return (assigned.type == "AssignmentExpression" and assigned.operator == "="
                and is_simple_access(assigned.left) and is_simple_access(assigned.right))
    if only.type == "ThrowStatement":
        thrown = only.argument
        return thrown.type == "NewExpression" and thrown.callee.type == "Identifier" and all(
            argument.type in ("Literal", "TemplateLiteral") for argument in thrown.arguments)
    return False


def _parameter_names(function: JSNode) -> list[str]:
    return [identifier.name for parameter in function.params
            for identifier, _key in pattern_identifiers(parameter)]


def _function_record(function, position, scope, parent, body_list) -> FunctionRecord | None:
    naming = unit_naming(function)
    if naming is None:
        return None
    qualname, start, name_node, owner_class = naming
    offset, body = body_list if body_list else (0, [])
    end_column = name_node.end_column if name_node.end_line == start.line else None
    # A class is reported where its name is, as Python's ``class Name`` line.
    class_line = owner_class.line if owner_class is not None else 0
    class_column = owner_class.column if owner_class is not None else 0
    return FunctionRecord(
        position=position, body_offset=offset, body_count=len(body),
        name=qualname.rsplit(".", 1)[-1], qualname=qualname, line=start.line,
        column=start.column, scope=scope, parameters=_parameter_names(function),
        parent=parent, is_async=bool(function.get("async")),
        trivial=trivial_body(body, _is_trivial_statement), end_column=end_column,
        literal_data=is_literal_data(body), forwarding=is_forwarding(body),
        class_line=class_line, class_column=class_column)


# -- the walk ------------------------------------------------------------------------------

def normalise_js(path: str, text: str, tree_of=None) -> NormalTree | None:
    """The normalised tree of a JavaScript file; None if it does not parse.

    ``tree_of()``, when given, returns the file's parsed program (it may raise
    :class:`ParseFailure`): a tree other rules already built is not parsed again."""
    if tree_of is not None:
        program = tree_of()
    else:
        try:
            program = parse_js(text, module=not path.lower().endswith(".cjs"))
        except ParseFailure:
            return None
    return _walk(program)


def _walk(program) -> NormalTree:
    """Pre-order: labels, children and their roles, extras, scopes, units and statement
    lists (one stack entry per node: the node, its scope, unit, parent and role)."""
    tree = NormalTree()
    labels, children_of, extras = tree.labels, tree.children, tree.extras
    plans: dict = {}
    stack = [(program, Scope(None, False), None, -1, _REFERENCE)]
    while stack:
        node, scope, unit, parent, role = stack.pop()
        position = len(labels)
        if parent >= 0:
            children_of[parent].append(position)
        node_type = node.type
        # The shape: the label, the children (with their roles), the statement lists.
        parts = [node_type]
        children = []
        lists = []
        member_callee = node_type == "MemberExpression" and role == _CALLEE
        for name, field_role in _plan(node, plans):
            value = node.__dict__.get(name)
            if field_role == "statements":
                kept = _statements_of(value, node)
                if kept is None:
                    parts.append(None)
                    continue
                parts.append(len(kept))
                if kept:
                    lists.append((len(children), kept))
                children.extend((s, _STATEMENT) for s in kept)
                continue
            if field_role == "key":
                child_role = _REFERENCE if node.get("computed") else (
                    _CALLED_PROPERTY if member_callee else _PROPERTY)
            elif field_role == "callee":
                child_role = _CALLEE
            elif field_role == "name":
                child_role = _PROPERTY
            else:
                child_role = _REFERENCE
            if isinstance(value, JSNode):
                parts.append(True)
                children.append((value, child_role))
            elif isinstance(value, list):
                if any(item is None for item in value):  # holes: [a, , b]
                    parts.append(tuple(item is not None for item in value))
                else:
                    parts.append(len(value))
                children.extend((item, child_role) for item in value if item is not None)
            elif value is None or isinstance(value, (str, bool, int, float)):
                parts.append(value)
            else:
                parts.append(True)
        labels.append(tuple(parts))
        children_of.append([])
        is_counted = (role == _STATEMENT and node_type not in _UNCOUNTED
                      and "synthetic" not in node.__dict__)
        tree.counted.append(is_counted)
        tree.trivial.append(is_counted and is_trivial_statement(node))
        extra = None
        child_scope, child_unit = scope, unit
        if node_type == "Identifier":
            if role == _PROPERTY or role == _CALLED_PROPERTY:
                extra = (ATTRIBUTE, node.name, role == _CALLED_PROPERTY)
            else:
                extra = (NAME, node.name, scope, role == _CALLEE)
        elif node_type == "PrivateIdentifier":
            extra = (ATTRIBUTE, "#" + node.name, role == _CALLED_PROPERTY)
        elif node_type == "Literal" or node_type == "TemplateElement":
            exact, abstract = _literal(node)
            extra = (LITERAL, exact, abstract)
        elif node_type == "CallExpression" or node_type == "NewExpression":
            tree.calls[position] = called_name(node)
        elif node_type in FUNCTION_TYPES:
            child_scope = Scope(scope, True)
            identifier = node.get("id")
            if identifier is not None:
                declared_in = scope if node_type == "FunctionDeclaration" else child_scope
                declared_in.bound.add(identifier.name)
                extra = (NAME, identifier.name, declared_in, False)
            for parameter in node.params:
                for name_node, _key in pattern_identifiers(parameter):
                    child_scope.bound.add(name_node.name)
            record = _function_record(node, position, child_scope, unit,
                                      lists[0] if lists else None)
            if record is not None:
                child_unit = len(tree.functions)
                tree.functions.append(record)
        elif node_type in _CLASS_TYPES:
            identifier = node.get("id")
            if identifier is not None:
                scope.bound.add(identifier.name)
                extra = (NAME, identifier.name, scope, False)
        elif node_type == "VariableDeclarator":
            for name_node, _key in pattern_identifiers(node.id):
                scope.bound.add(name_node.name)
        elif node_type == "CatchClause" and node.get("param") is not None:
            for name_node, _key in pattern_identifiers(node.param):
                scope.bound.add(name_node.name)
        extras.append(extra)
        if node_type != "Program" and not (
                node_type == "ArrowFunctionExpression" and node.get("expression")):
            for offset, kept in lists:
                tree.statement_lists.append(StatementList(
                    child_unit, position, offset,
                    [(s.line, s.column, getattr(s, "end_line", None) or s.line) for s in kept],
                    loop_body=node_type in _LOOP_TYPES))
        for child, child_role in reversed(children):
            stack.append((child, child_scope, child_unit, position, child_role))
    return tree
