"""What Python statements and bodies *are*, for the clone rules' decisions.

The clone search (:mod:`.units`) fingerprints every function and statement; whether a
match is a copy a maintainer must keep in sync is decided elsewhere
(:mod:`.function_pairs`, :mod:`.block_runs`) from plain flags and numbers computed here,
so that another language's normaliser can supply the same flags:

* :func:`is_literal_data` -- a body that only returns or assigns literal data (a widget
  table, a schema, a routing table): declarations, not logic;
* :func:`is_forwarding` -- a body that is one call of simple values (``return
  validate_path(path, allow_none=True)``): the callee is the logic, not the body;
* :func:`called_names` -- the names a body calls (a small body whose callees differ from
  its look-alike's does something else);
* :func:`is_trivial_statement` -- a statement without logic of its own (an assignment of
  a literal or an empty container, a bare ``return``, ``pass``, a logging call);
* :func:`dominant_call` -- the biggest call of a statement, and its size (a run made of
  one big call of a project function is that helper's call site, not a copy of it).

Every walk here is iterative (deeply nested code must not exhaust the stack).
"""

from __future__ import annotations

import ast

# Called names that only log: a statement calling one of them carries no logic.
LOGGING_NAMES = frozenset({
    "print", "log", "debug", "info", "warning", "warn", "error", "exception", "critical",
    "fatal", "debug_log", "log_debug", "log_info", "log_warning", "log_error",
})
_CONTAINERS = (ast.Dict, ast.List, ast.Tuple, ast.Set)
_EMPTY_CALLS = frozenset({"list", "dict", "set", "tuple", "str", "bytes", "bytearray"})


def is_simple_access(node) -> bool:
    """``x``, ``self.x``, ``x["key"]``, a constant: a value read, nothing computed."""
    while True:
        if isinstance(node, (ast.Name, ast.Constant)):
            return True
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            node = node.value
        else:
            return False


def _is_data(node) -> bool:
    """Constants, names and attribute reads, containers of them, and conversion calls or
    operators over them (``list(Formats.ALL)``, ``BASE + "/image"``)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None or is_simple_access(item):
            continue
        if isinstance(item, _CONTAINERS):
            stack.extend(getattr(item, "keys", ()))
            stack.extend(item.values if isinstance(item, ast.Dict) else item.elts)
        elif isinstance(item, ast.Starred):
            stack.append(item.value)
        elif isinstance(item, ast.BinOp):
            stack.extend((item.left, item.right))
        elif isinstance(item, ast.UnaryOp):
            stack.append(item.operand)
        elif isinstance(item, ast.Call) and is_simple_access(item.func):
            stack.extend(item.args)
            stack.extend(keyword.value for keyword in item.keywords)
        elif isinstance(item, ast.JoinedStr):
            stack.extend(item.values)
        elif isinstance(item, ast.FormattedValue):
            stack.append(item.value)
        else:
            return False
    return True


def is_literal_data(body: list) -> bool:
    """Every statement returns or assigns data (:func:`_is_data`), and at least one of
    those values is a literal container: a declaration such as a node's ``INPUT_TYPES``
    returning its widget table."""
    container = False
    for statement in body:
        if isinstance(statement, ast.Return):
            value = statement.value
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            value = statement.value
            targets = statement.targets if isinstance(statement, ast.Assign) else [
                statement.target]
            if not all(is_simple_access(target) or isinstance(target, ast.Subscript)
                       for target in targets):
                return False
        else:
            return False
        if value is None or not _is_data(value):
            return False
        container = container or isinstance(value, _CONTAINERS)
    return container


def is_forwarding(body: list) -> bool:
    """One statement handing simple values to one call (``return hash_path(path)``,
    ``return (images.size(0),)``, ``await self._queue.put(item)``)."""
    if len(body) != 1 or not isinstance(body[0], (ast.Return, ast.Expr)):
        return False
    value = body[0].value
    if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == 1:
        value = value.elts[0]
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call) or not is_simple_access(value.func):
        return False
    arguments = [*value.args, *(keyword.value for keyword in value.keywords)]
    return all(is_simple_access(a.value if isinstance(a, ast.Starred) else a)
               for a in arguments)


def called_name(call: ast.Call) -> str | None:
    """The name a call calls: ``f`` for ``f(...)``, ``send`` for ``server.send(...)``."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _children(node):
    """The node's children: the normalised ones once the clone analysis labelled it
    (``_cf_children``, cheaper to walk), else all of them."""
    children = getattr(node, "_cf_children", None)
    return ast.iter_child_nodes(node) if children is None else children


def called_names(body: list) -> frozenset:
    """The names every call in the body calls."""
    found = set()
    stack = list(body)
    call = ast.Call
    while stack:
        node = stack.pop()
        if type(node) is call:
            name = called_name(node)
            if name is not None:
                found.add(name)
        stack.extend(_children(node))
    return frozenset(found)


def _is_empty_or_literal(value) -> bool:
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, ast.UnaryOp) and isinstance(value.operand, ast.Constant):
        return True  # -1
    if isinstance(value, _CONTAINERS):  # of constants only: [], {}, ("a", 1)
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, _CONTAINERS):
                stack.extend(item.values if isinstance(item, ast.Dict) else item.elts)
                stack.extend(key for key in getattr(item, "keys", ()) if key is not None)
            elif not isinstance(item, ast.Constant):
                return False
        return True
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id in _EMPTY_CALLS and not value.args and not value.keywords
    return False


def is_logging_call(value) -> bool:
    """``print(...)``, ``log(...)``, ``logger.warning(...)``, ``self.log.debug(...)``."""
    return isinstance(value, ast.Call) and called_name(value) in LOGGING_NAMES


def is_trivial_statement(statement) -> bool:
    """A statement without logic of its own: ``pass``, a bare ``return``/``continue``/
    ``break``, ``x = -1``/``x = []``/``x = {}``/``x = ""`` (names or attributes bound to a
    literal or an empty container), a logging call."""
    if isinstance(statement, (ast.Pass, ast.Continue, ast.Break)):
        return True
    if isinstance(statement, ast.Return):
        return statement.value is None
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Constant) or is_logging_call(statement.value)
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [
            statement.target]
        return (statement.value is not None
                and all(isinstance(t, (ast.Name, ast.Attribute)) for t in targets)
                and _is_empty_or_literal(statement.value))
    return False


def biggest_call(body: list):
    """The call with the most normalised nodes (``_cf_n``) in a body, or None."""
    best, best_size = None, 0
    stack = list(body)
    while stack:
        node = stack.pop()
        if type(node) is ast.Call:
            size = getattr(node, "_cf_n", 0)
            if size > best_size:
                best, best_size = node, size
            continue
        stack.extend(_children(node))
    return best


def dominant_call(statement) -> tuple[str | None, int]:
    """The called name of the biggest call in the statement's own expressions (not in
    the statements nested in it: each has its own) and that call's size in normalised
    nodes (``_cf_n`` of the hashing pass); ``(None, 0)`` if it calls nothing."""
    best, best_size = None, 0
    stack = list(_children(statement))
    statement_type, call = ast.stmt, ast.Call
    while stack:
        node = stack.pop()
        if type(node) is call:
            size = getattr(node, "_cf_n", 0)
            if size > best_size:
                best, best_size = called_name(node), size
            continue  # the biggest call encloses the calls in it
        if not isinstance(node, statement_type):
            stack.extend(_children(node))
    return best, best_size
