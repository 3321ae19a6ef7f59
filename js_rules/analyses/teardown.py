"""Teardown paths of a JavaScript component, and what code each of them reaches.

A listener or timer set up by a function ``F`` belongs to the component ``F`` is part of;
the component is torn down by its *teardown paths*:

- every function that removes an element ``F`` assigned (``modal.remove()`` in a backdrop
  click handler, ``this._el?.remove()`` in ``unmount``): closing the element is closing
  the component.  Removals written in ``F`` itself are not teardown (``F`` clearing out
  an old element before it builds the new one), nor are removals of an element ``F`` only
  put into another element it created (deleting one row of a list it built);
- every function next to ``F`` whose name is a configured teardown name (``unmount``,
  ``destroy``, ``disconnectedCallback``...): a method of the same class or object literal,
  or a function declared in the same scope (the ``mount``/``unmount`` pair returned by a
  factory).

:class:`CallGraph` answers "does this teardown path reach that code": through the calls
it makes and the functions it passes on (``setTimeout(cleanup)``), to functions of the
same file, transitively (bounded).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.dom import DomIndex
from js_rules.analyses.functions import (
    contains, enclosing_function, function_name, is_callback, is_function, member_name,
    own_nodes, resolve_function,
)
from js_rules.parser import JSNode, walk
from js_rules.analyses.references import reference_key, strip_chain
from js_rules.analyses.values import static_value
from lint_rules.constants import MAX_REACHABLE_FUNCTIONS as MAX_REACHABLE

# What a scope's own declarations are not inside (function declarations are taken whole).
_OPAQUE = frozenset({
    "FunctionExpression", "ArrowFunctionExpression", "ClassBody", "ObjectExpression",
})


class CallGraph:
    """Which functions of a program a function may run (calls and passed functions)."""

    @classmethod
    def from_file(cls, source) -> "CallGraph":
        """The call graph of one checked file, on its shared :class:`ScopeIndex`."""
        return cls(source.analysis(ScopeIndex))

    def __init__(self, scopes: ScopeIndex):
        self.scopes = scopes
        self._targets: dict[JSNode, list[JSNode]] = {}
        self._reachable: dict[JSNode, list[JSNode]] = {}

    def _resolve(self, expression: JSNode) -> JSNode | None:
        expression = strip_chain(expression)
        if is_function(expression):
            return expression
        found = resolve_function(expression, self.scopes)
        if found is None and expression.type == "Identifier":
            binding = self.scopes.resolve(expression)
            if binding is not None and binding.kind in ("let", "var") and is_function(
                    binding.init):
                found = binding.init
        return found

    def targets(self, function: JSNode) -> list[JSNode]:
        """Functions ``function`` calls or hands to a call, directly."""
        if function not in self._targets:
            found = []
            for node in walk(function.get("body") or function):
                if node.type not in ("CallExpression", "NewExpression"):
                    continue
                for expression in (node.callee, *node.arguments):
                    if expression.type == "SpreadElement" or is_function(expression):
                        continue
                    target = self._resolve(expression)
                    if target is not None and target is not function:
                        found.append(target)
            self._targets[function] = found
        return self._targets[function]

    def reachable(self, function: JSNode) -> list[JSNode]:
        """``function`` and every function it may run, transitively (bounded)."""
        if function not in self._reachable:
            seen = [function]
            known = {function}
            index = 0
            while index < len(seen) and len(seen) < MAX_REACHABLE:
                for target in self.targets(seen[index]):
                    if target not in known:
                        known.add(target)
                        seen.append(target)
                index += 1
            self._reachable[function] = seen
        return self._reachable[function]

    def reaches(self, function: JSNode, node: JSNode) -> bool:
        """Whether running ``function`` may run ``node`` (inside it or a function it runs)."""
        return any(contains(reached, node) for reached in self.reachable(function))


@dataclass(frozen=True)
class TeardownPath:
    """A function that tears the component down, and why it counts as one."""

    function: JSNode
    reason: str  # "removes 'modal'" or "teardown function"
    removal: JSNode | None = None  # the removal call, for element removals

    @property
    def line(self) -> int:
        return self.function.line


def assigned_keys(function: JSNode | None, program: JSNode, scopes: ScopeIndex) -> dict:
    """Reference keys of the variables and properties ``function`` assigns, with a name."""
    # A module's own statements only: assignments inside its functions belong to those.
    nodes = walk(function.get("body")) if function is not None else own_nodes(program)
    keys = {}
    for node in nodes:
        if node.type == "VariableDeclarator" and node.id.type == "Identifier":
            target = node.id
        elif node.type == "AssignmentExpression" and node.operator == "=":
            target = node.left
        else:
            continue
        key = reference_key(target, scopes)
        if key is not None:
            keys.setdefault(key, target)
    return keys


def _siblings(function: JSNode | None, program: JSNode) -> list[JSNode]:
    """Functions defined next to ``function``: the same class or object literal, or the
    same scope."""
    if function is None:
        return []
    owner = function.parent
    if owner is not None and owner.type in ("MethodDefinition", "Property",
                                            "PropertyDefinition") and owner.value is function:
        container = owner.parent
        members = container.body if container.type == "ClassBody" else container.properties
        return [m.value for m in members
                if m.get("value") is not None and is_function(m.value)]
    scope = enclosing_function(function)
    found = []
    stack = [scope.get("body") if scope is not None else program]
    while stack:  # declarations of the scope itself: not inside functions, classes, objects
        node = stack.pop()
        if node.type == "FunctionDeclaration":
            found.append(node)
            continue
        if node.type == "VariableDeclarator" and is_function(node.get("init")):
            found.append(node.init)
        stack.extend(child for child in node.children() if child.type not in _OPAQUE)
    return found


def _name_matches(name: str | None, patterns: list[str]) -> bool:
    return name is not None and any(fnmatch.fnmatchcase(name, p) for p in patterns)


def teardown_paths(function: JSNode | None, program: JSNode, dom: DomIndex,
                   teardown_names: list[str], text_of) -> list[TeardownPath]:
    """The teardown paths of the component that ``function`` (None: the module) is part
    of (see the module docstring), in source order.  ``text_of(node)`` names an element
    for the reason."""
    paths: dict[JSNode, TeardownPath] = {}
    keys = assigned_keys(function, program, dom.scopes)
    for removal in dom.removals:
        if removal.key not in keys or dom.is_part_of_created(removal.key):
            continue  # not assigned by ``function``, or a part of what it built (a row)
        remover = enclosing_function(removal.call)
        if remover is None or remover is function:
            continue
        paths.setdefault(remover, TeardownPath(
            remover, f"removes '{text_of(removal.element)}'", removal.call))
    for sibling in _siblings(function, program):
        if sibling is not function and _name_matches(function_name(sibling), teardown_names):
            paths.setdefault(sibling, TeardownPath(sibling, "teardown function"))
    return sorted(paths.values(), key=lambda path: (path.function.line, path.function.column))


def describe_path(path: TeardownPath, scopes: ScopeIndex) -> str:
    """``the 'click' handler at line 30``, ``'unmount' (line 41)``, or similar."""
    function = path.function
    name = function_name(function)
    if is_callback(function):
        call = function.parent
        callee = strip_chain(call.callee)
        if callee.type == "MemberExpression" and member_name(callee) == "addEventListener" and (
                len(call.arguments) > 1 and call.arguments[1] is function):
            event = static_value(call.arguments[0], scopes)
            if isinstance(event, str):
                return f"the '{event}' handler at line {function.line}"
        return f"the callback at line {function.line}"
    if name is not None:
        return f"'{name}' (line {function.line})"
    return f"the function at line {function.line}"
