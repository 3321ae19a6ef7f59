"""Where JavaScript code retries a request after it failed.

Two shapes count as "catch the failure and try again":

- a **retry loop**: a ``for``/``while``/``do``/``for..of``/``for..in`` loop holding a
  ``try``/``catch`` whose ``try`` block makes a request call (see
  :mod:`js_rules.analyses.requests`), where success leaves the loop (a ``return``, a ``break`` out
  of it, or setting a variable the loop condition tests) and the ``catch`` does not
  unconditionally leave it (``throw``/``return``/``break``) — so a failure goes round
  again.  A loop that merely makes one request per item, without leaving on success, is
  not a retry;
- a **recursive retry**: a function that calls itself from the ``catch`` of a ``try``
  that makes a request call, or from a ``.catch(...)`` / ``.then(_, onRejected)`` handler
  on a promise chain that makes one (also through ``setTimeout`` and other callbacks).

Each is a :class:`RetryConstruct` naming the request calls it repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

from js_rules.analyses.functions import (
    contains, innermost_ancestor, is_callback, is_function, member_name, own_nodes, owning_function,
)
from js_rules.parser import JSNode, walk
from js_rules.analyses.requests import RequestIndex

LOOP_TYPES = frozenset({
    "ForStatement", "WhileStatement", "DoWhileStatement", "ForInStatement", "ForOfStatement",
})
_BREAKABLE_TYPES = LOOP_TYPES | {"SwitchStatement"}
MAX_EXIT_DEPTH = 32  # nesting of if/else examined when asking "does this always leave?"


@dataclass(frozen=True)
class RetryConstruct:
    """A place that repeats requests after a failure.

    ``kind`` is ``"loop"`` (``node`` is the loop statement) or ``"recursion"`` (``node`` is
    the recursive call).  ``owner`` is the function it belongs to (None at module level);
    ``calls`` are the request calls it repeats.
    """

    kind: str
    node: JSNode
    owner: JSNode | None
    calls: tuple[JSNode, ...]

    @property
    def line(self) -> int:
        return self.node.line


def find_retries(requests: RequestIndex) -> list[RetryConstruct]:
    """Every retry loop and recursive retry of the indexed program, in source order."""
    found = []
    for loop in requests.scopes.nodes_of_type(*LOOP_TYPES):
        construct = _retry_loop(loop, requests)
        if construct is not None:
            found.append(construct)
    for call in requests.calls:
        construct = _recursive_retry(call, requests)
        if construct is not None:
            found.append(construct)
    found.sort(key=lambda construct: (construct.node.line, construct.node.column))
    return found


# -- loops -----------------------------------------------------------------------------------

def _request_calls_in(root: JSNode, owner: JSNode | None, requests: RequestIndex):
    """Request calls under ``root`` made on behalf of ``owner`` (callbacks included)."""
    return tuple(
        node for node in walk(root)
        if node.type == "CallExpression"
        and requests.owners.get(node, False) is owner
        and requests.signature_for_call(node) is not None
    )


def _retry_loop(loop: JSNode, requests: RequestIndex) -> RetryConstruct | None:
    owner = owning_function(loop)
    retried: list[JSNode] = []
    for node in own_nodes(loop.body):
        if node.type != "TryStatement" or node.get("handler") is None:
            continue
        if innermost_ancestor(node, LOOP_TYPES) is not loop:
            continue
        calls = _request_calls_in(node.block, owner, requests)
        if not calls or _always_leaves(node.handler.body, loop, 0):
            continue
        if _leaves_on_success(loop, node.handler):
            retried.extend(calls)
    if not retried:
        return None
    return RetryConstruct("loop", loop, owner, tuple(retried))


def _label_of(loop: JSNode) -> str | None:
    parent = loop.parent
    return parent.label.name if parent is not None and parent.type == "LabeledStatement" else None


def _breaks_out_of(statement: JSNode, loop: JSNode) -> bool:
    """Whether a ``break`` leaves ``loop`` (labelled to it or to something around it)."""
    if statement.get("label") is not None:
        label = statement.label.name
        inner = innermost_ancestor(statement, _BREAKABLE_TYPES)
        # A label on a statement inside the loop keeps control inside it.
        while inner is not None and inner is not loop:
            if _label_of(inner) == label:
                return False
            inner = innermost_ancestor(inner, _BREAKABLE_TYPES)
        return True
    return innermost_ancestor(statement, _BREAKABLE_TYPES) is loop


def _tested_names(loop: JSNode) -> set[str]:
    test = loop.get("test")
    if test is None:
        return set()
    return {node.name for node in walk(test) if node.type == "Identifier"}


def _leaves_on_success(loop: JSNode, handler: JSNode) -> bool:
    """Whether the loop body (outside the failure handler) can end the loop on success."""
    tested = _tested_names(loop)
    for node in own_nodes(loop.body, skip=handler):
        if node.type == "ReturnStatement":
            return True
        if node.type == "BreakStatement" and _breaks_out_of(node, loop):
            return True
        if node.type == "AssignmentExpression" and node.left.type == "Identifier" and (
                node.left.name in tested):
            return True
    return False


def _always_leaves(statement: JSNode | None, loop: JSNode, depth: int) -> bool:
    """Whether ``statement`` certainly leaves ``loop`` (throw, return, break out of it)."""
    if statement is None or depth > MAX_EXIT_DEPTH:
        return False
    kind = statement.type
    if kind in ("ThrowStatement", "ReturnStatement"):
        return True
    if kind == "BreakStatement":
        return _breaks_out_of(statement, loop)
    if kind == "BlockStatement":
        for child in statement.body:
            if child.type == "ContinueStatement":
                return False
            if _always_leaves(child, loop, depth + 1):
                return True
        return False
    if kind == "IfStatement":
        return _always_leaves(statement.consequent, loop, depth + 1) and _always_leaves(
            statement.get("alternate"), loop, depth + 1)
    return False


# -- recursion -------------------------------------------------------------------------------

def _rejection_handler_call(function: JSNode) -> JSNode | None:
    """The ``.catch(fn)`` / ``.then(_, fn)`` call that ``function`` is the handler of."""
    if not is_callback(function):
        return None
    call = function.parent
    callee = call.callee
    if callee.type != "MemberExpression":
        return None
    name = member_name(callee)
    arguments = call.arguments
    if name == "catch" and arguments and arguments[0] is function:
        return call
    if name == "then" and len(arguments) > 1 and arguments[1] is function:
        return call
    return None


def _recursive_retry(call: JSNode, requests: RequestIndex) -> RetryConstruct | None:
    """The retry a call makes when it is a function calling itself after a failure."""
    function = requests.callee_of(call)
    if function is None or not contains(function, call):
        return None
    current = call.parent
    while current is not None and current is not function:
        if current.type == "CatchClause":
            attempt = current.parent.block
            owner = owning_function(current)
            calls = _request_calls_in(attempt, owner, requests)
            return RetryConstruct("recursion", call, owner, calls) if calls else None
        if is_function(current):
            handled = _rejection_handler_call(current)
            if handled is not None:
                owner = owning_function(handled)
                calls = _request_calls_in(handled.callee.object, owner, requests)
                return RetryConstruct("recursion", call, owner, calls) if calls else None
        current = current.parent
    return None
