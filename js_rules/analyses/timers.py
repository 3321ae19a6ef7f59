"""Timers of a JavaScript program: where ``setInterval`` ids go, and what clears them.

:func:`interval_sites` follows the id each ``setInterval(...)`` call returns (also
``window.setInterval``, ``globalThis.setInterval``, ``self.setInterval``) to where it is
kept, as an :class:`IntervalSite`:

- ``discarded``: the call is a statement of its own (or ``void``-ed), so the id is lost;
- ``variable``: kept in a variable (``binding``), possibly copied on into properties
  (``aliases``: ``const id = setInterval(...); this.timer = id``);
- ``property``: kept in a property, by name (``extension.logAutoRefreshInterval = ...``,
  ``{ timer: setInterval(...) }``);
- ``escaped``: returned, passed to a function, pushed into a collection... — handed to
  code this analysis does not follow.

:func:`clear_sites` collects what ``clearInterval(x)`` (or ``clearTimeout``, which
clears the same ids) is given: the variables (bindings), and the property names
(``this.logAutoRefreshInterval``, ``const { poll } = timers``, ``const id =
state.poll``), so that a property set in one file and cleared in another matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from js_rules.analyses.bindings import Binding, ScopeIndex
from js_rules.parser import JSNode
from js_rules.analyses.references import is_reference, property_of, strip_chain
from js_rules.analyses.values import UNKNOWN, property_name

TIMER_GLOBALS = frozenset({"window", "globalThis", "self"})
CLEARING_FUNCTIONS = frozenset({"clearInterval", "clearTimeout"})
_PASS_THROUGH = frozenset({"ConditionalExpression", "LogicalExpression", "AwaitExpression"})


def timer_call_name(call: JSNode, scopes: ScopeIndex) -> str | None:
    """``setInterval``, ``clearInterval``... when a call is the platform's timer function."""
    callee = strip_chain(call.callee)
    if callee.type == "Identifier":
        return callee.name if scopes.resolve(callee) is None else None
    if callee.type == "MemberExpression":
        target = strip_chain(callee.object)
        if target.type == "Identifier" and target.name in TIMER_GLOBALS and (
                scopes.resolve(target) is None):
            return property_of(callee, scopes)
    return None


@dataclass
class IntervalSite:
    """A ``setInterval`` call and where its id is kept."""

    call: JSNode
    kind: str  # "discarded", "variable", "property" or "escaped"
    binding: Binding | None = None
    name: str | None = None  # the variable's or the property's name
    aliases: set[str] = field(default_factory=set)  # property names the id is copied to
    escaped: bool = False  # a variable's id also goes where it is not followed


@dataclass
class ClearSites:
    """What the ``clearInterval``/``clearTimeout`` calls of one program clear."""

    bindings: set = field(default_factory=set)
    properties: set[str] = field(default_factory=set)
    imported: set[tuple[str, str]] = field(default_factory=set)  # (module, exported name)


def _holder(call: JSNode) -> tuple[JSNode, JSNode]:
    """The node that receives the call's value, skipping ``a || setInterval()`` and such."""
    value, parent = call, call.parent
    while parent is not None and (parent.type in _PASS_THROUGH or parent.type == "ChainExpression"):
        value, parent = parent, parent.parent
    return value, parent


def _site(call: JSNode, scopes: ScopeIndex) -> IntervalSite:
    value, parent = _holder(call)
    kind = parent.type if parent is not None else None
    if kind == "ExpressionStatement" or (kind == "UnaryExpression" and parent.operator == "void"):
        return IntervalSite(call, "discarded")
    if kind == "SequenceExpression" and parent.expressions[-1] is not value:
        return IntervalSite(call, "discarded")
    target = None
    if kind == "VariableDeclarator" and parent.get("init") is value:
        target = parent.id
    elif kind == "AssignmentExpression" and parent.right is value:
        target = parent.left
    elif kind == "Property" and parent.value is value and parent.parent.type == "ObjectExpression":
        name = property_name(parent, scopes)  # { timer: setInterval(...) }
        if name is UNKNOWN:
            return IntervalSite(call, "escaped")
        return IntervalSite(call, "property", name=name)
    if target is None:
        return IntervalSite(call, "escaped")
    target = strip_chain(target)
    if target.type == "Identifier":
        binding = scopes.resolve(target)
        if binding is None:  # an implicit global: only its name is known
            return IntervalSite(call, "property", name=target.name)
        site = IntervalSite(call, "variable", binding=binding, name=target.name)
        _follow_variable(site, scopes)
        return site
    if target.type == "MemberExpression":
        name = property_of(target, scopes)
        return IntervalSite(call, "property", name=name) if name else IntervalSite(
            call, "escaped")
    return IntervalSite(call, "escaped")


def _references(binding: Binding, scopes: ScopeIndex):
    for identifier in scopes.nodes_of_type("Identifier"):
        if identifier is binding.identifier or identifier.name != binding.name:
            continue
        if is_reference(identifier) and scopes.resolve(identifier) is binding:
            yield identifier


def _follow_variable(site: IntervalSite, scopes: ScopeIndex) -> None:
    """Where a variable's id goes besides clear calls: property aliases, or escapes."""
    for identifier in _references(site.binding, scopes):
        value, parent = _holder(identifier)
        kind = parent.type if parent is not None else None
        if kind == "AssignmentExpression" and parent.right is value:
            left = strip_chain(parent.left)
            name = property_of(left, scopes) if left.type == "MemberExpression" else None
            if name is not None:
                site.aliases.add(name)
            elif left.type != "Identifier" or scopes.resolve(left) is not site.binding:
                site.escaped = True
        elif kind in ("CallExpression", "NewExpression") and value in parent.arguments:
            if timer_call_name(parent, scopes) not in CLEARING_FUNCTIONS:
                site.escaped = True
        elif kind in ("ReturnStatement", "ArrayExpression", "Property", "SpreadElement",
                      "YieldExpression", "ArrowFunctionExpression"):
            site.escaped = True
        elif kind == "VariableDeclarator" and parent.get("init") is value:
            site.escaped = True


def interval_sites(scopes: ScopeIndex) -> list[IntervalSite]:
    """Every ``setInterval`` call of the program with where its id is kept."""
    return [
        _site(call, scopes) for call in scopes.nodes_of_type("CallExpression")
        if timer_call_name(call, scopes) == "setInterval"
    ]


def _cleared_names(argument: JSNode, scopes: ScopeIndex, clears: ClearSites) -> None:
    argument = strip_chain(argument)
    if argument.type == "MemberExpression":
        name = property_of(argument, scopes)
        if name is not None:
            clears.properties.add(name)
        return
    if argument.type != "Identifier":
        return
    binding = scopes.resolve(argument)
    if binding is None:
        clears.properties.add(argument.name)  # an implicit global
        return
    clears.bindings.add(binding)
    if binding.key is not None:  # const { poll } = timers
        clears.properties.add(binding.key)
    if binding.kind == "const" and binding.init is not None:
        init = strip_chain(binding.init)
        if init.type == "MemberExpression":  # const id = this.timer
            name = property_of(init, scopes)
            if name is not None:
                clears.properties.add(name)
    if binding.kind == "import" and binding.import_source and binding.imported_name:
        clears.imported.add((binding.import_source, binding.imported_name))


def clear_sites(scopes: ScopeIndex) -> ClearSites:
    """What the program's ``clearInterval``/``clearTimeout`` calls clear."""
    clears = ClearSites()
    for call in scopes.nodes_of_type("CallExpression"):
        if timer_call_name(call, scopes) in CLEARING_FUNCTIONS and call.arguments:
            _cleared_names(call.arguments[0], scopes, clears)
    return clears
