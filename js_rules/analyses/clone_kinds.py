"""What JavaScript statements and bodies *are*, for the clone rules' decisions.

The JavaScript counterpart of :mod:`lint_rules.analyses.clones.python_kinds`: the clone
normaliser (:mod:`js_rules.analyses.clone_units`) stores these answers in the neutral
flags, and the decisions (:mod:`lint_rules.analyses.clones.function_pairs`,
``block_runs``) are the same for both languages:

* :func:`is_literal_data` -- a body that only returns or assigns literal data (a widget
  table, a settings schema, a routing table);
* :func:`is_forwarding` -- one call of simple values (``return api.fetchApi(url)``);
* :func:`called_name` -- the name a call calls;
* :func:`is_trivial_statement` -- a statement without logic of its own (``x = []``,
  ``this.busy = false``, ``let n = 0``, a bare ``return``, ``break``, ``console.log(...)``).

Every walk here is iterative (deeply nested code must not exhaust the stack).
"""

from __future__ import annotations

from js_rules.parser import JSNode
from lint_rules.analyses.clones.python_kinds import LOGGING_NAMES

_CONTAINERS = frozenset({"ArrayExpression", "ObjectExpression"})
_CALLS = frozenset({"CallExpression", "NewExpression"})
# Constructors of an empty container: ``new Map()`` is ``{}``.
_EMPTY_CONSTRUCTORS = frozenset({"Map", "Set", "WeakMap", "WeakSet", "Array", "Object"})


def is_simple_access(node) -> bool:
    """``x``, ``this._x``, ``this._data["key"]``, a literal: a value read, nothing
    computed."""
    while True:
        node_type = node.type
        if node_type in ("Identifier", "Literal", "ThisExpression"):
            return True
        if node_type == "TemplateLiteral":
            return not node.expressions
        if node_type == "MemberExpression" and (
                not node.computed or node.property.type == "Literal"):
            node = node.object
        else:
            return False


def _is_data(node) -> bool:
    """Literals, names and property reads, arrays and objects of them, and conversion
    calls or operators over them (``Object.keys(FORMATS)``, ``BASE + "/image"``)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None or is_simple_access(item):
            continue
        item_type = item.type
        if item_type == "ArrayExpression":
            stack.extend(item.elements)
        elif item_type == "ObjectExpression":
            for prop in item.properties:
                if prop.type == "SpreadElement":
                    stack.append(prop.argument)
                elif prop.get("method") or prop.kind != "init":
                    return False  # a method or an accessor: code, not data
                else:
                    stack.append(prop.value)
                    if prop.computed:
                        stack.append(prop.key)
        elif item_type == "SpreadElement":
            stack.append(item.argument)
        elif item_type in ("BinaryExpression", "LogicalExpression"):
            stack.extend((item.left, item.right))
        elif item_type == "UnaryExpression":
            stack.append(item.argument)
        elif item_type == "CallExpression" and is_simple_access(item.callee):
            stack.extend(item.arguments)
        elif item_type == "TemplateLiteral":
            stack.extend(item.expressions)
        else:
            return False
    return True


def _assigned_values(statement) -> list | None:
    """The values a statement returns or assigns (None if it does something else)."""
    statement_type = statement.type
    if statement_type == "ReturnStatement":
        return [statement.argument]
    if statement_type == "VariableDeclaration":
        if not all(d.id.type == "Identifier" for d in statement.declarations):
            return None
        return [d.get("init") for d in statement.declarations]
    if statement_type == "ExpressionStatement":
        expression = statement.expression
        if expression.type == "AssignmentExpression" and expression.operator == "=" and (
                expression.left.type in ("Identifier", "MemberExpression")):
            return [expression.right]
    return None


def is_literal_data(body: list) -> bool:
    """Every statement returns or assigns data (:func:`_is_data`), and at least one of
    those values is an array or object literal: a declaration such as a table of
    widgets."""
    container = False
    for statement in body:
        values = _assigned_values(statement)
        if values is None:
            return False
        for value in values:
            if value is None or not _is_data(value):
                return False
            container = container or value.type in _CONTAINERS
    return container


def is_forwarding(body: list) -> bool:
    """One statement handing simple values to one call (``return api.get(url)``,
    ``await this.queue.push(item)``)."""
    if len(body) != 1 or body[0].type not in ("ReturnStatement", "ExpressionStatement"):
        return False
    only = body[0]
    value = only.argument if only.type == "ReturnStatement" else only.expression
    if value is not None and value.type == "AwaitExpression":
        value = value.argument
    if value is not None and value.type == "ChainExpression":
        value = value.expression
    if value is None or value.type not in _CALLS or not is_simple_access(value.callee):
        return False
    return all(is_simple_access(a.argument if a.type == "SpreadElement" else a)
               for a in value.arguments)


def called_name(call: JSNode) -> str | None:
    """The name a call calls: ``f`` for ``f(...)``, ``send`` for ``server.send(...)``."""
    callee = call.callee
    if callee.type == "Identifier":
        return callee.name
    if callee.type == "MemberExpression" and not callee.computed and (
            callee.property.type in ("Identifier", "PrivateIdentifier")):
        return callee.property.name
    return None


def _is_empty_or_literal(value) -> bool:
    if value is None:
        return True  # let x;
    value_type = value.type
    if value_type == "Literal" or (value_type == "Identifier" and value.name == "undefined"):
        return True
    if value_type == "UnaryExpression" and value.argument.type == "Literal":
        return True  # -1, !0
    if value_type == "TemplateLiteral":
        return not value.expressions
    if value_type in _CONTAINERS:
        return _is_data(value) and not _holds_call(value)
    if value_type == "NewExpression" and value.callee.type == "Identifier":
        return value.callee.name in _EMPTY_CONSTRUCTORS and not value.arguments
    return False


def _holds_call(node) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if item.type in _CALLS:
            return True
        stack.extend(item.children())
    return False


def is_logging_call(value) -> bool:
    """``console.log(...)``, ``log(...)``, ``this.logger.warn(...)``."""
    return value.type == "CallExpression" and called_name(value) in LOGGING_NAMES


def is_trivial_statement(statement) -> bool:
    """A statement without logic of its own: ``break``/``continue``, a bare ``return``,
    names or properties bound to a literal or an empty container (``this.items = []``,
    ``let count = 0``), a logging call."""
    statement_type = statement.type
    if statement_type in ("BreakStatement", "ContinueStatement", "EmptyStatement"):
        return True
    if statement_type == "ReturnStatement":
        return statement.argument is None
    if statement_type == "ExpressionStatement":
        expression = statement.expression
        if expression.type == "Literal" or is_logging_call(expression):
            return True
        return (expression.type == "AssignmentExpression" and expression.operator == "="
                and expression.left.type in ("Identifier", "MemberExpression")
                and _is_empty_or_literal(expression.right))
    if statement_type == "VariableDeclaration":
        return all(d.id.type == "Identifier" and _is_empty_or_literal(d.get("init"))
                   for d in statement.declarations)
    return False
