"""Code that runs once per page load: module top level and what only it runs.

A listener or a timer set up once per page cannot accumulate: the page holds one, for as
long as it lives, and that is what the code asked for.  Leaks come from set-up code that
runs again and again (each time a modal opens, a node is created, a button is clicked).
:class:`RunOnceIndex` finds the functions that certainly run at most once per page:

- the module's top-level statements (a top-level loop over a fixed list included);
- an immediately invoked function written in code that runs once;
- a framework's run-once hook: the method named by a *run-once hook* of an object passed
  to a registration call, written in code that runs once.  A hook is written
  ``callee.method`` (the callee matched by its dotted tail): ComfyUI calls the ``setup``
  and ``init`` methods of an extension passed to ``app.registerExtension`` once, but its
  ``nodeCreated`` once per node, so only the former are hooks.  The method may be written
  inline or be a reference (``setup: monitor.setup``), and the object may be a ``const``;
- a function every use of whose name is a call made from code that runs once
  (``this.registerListeners()`` in a run-once ``setup``), and a class constructor every
  use of whose class name is a ``new`` there (a module singleton).

Names are matched as written, across the file: a function's uses are every call and
every other mention of its name (``obj.name``, ``name``), so a second function of the
same name, or the name passed as a value (``button.onclick = open``), makes neither run
once; a use inside the function itself (recursion) is part of its one run.  Exported
functions and classes, and functions that nothing in the file uses (the
framework or another module calls them), are never run-once.  Callbacks (a function
written as a call's argument) run when the callee decides: never run-once.
"""

from __future__ import annotations

from js_rules.analyses.bindings import (
    FUNCTION_TYPES, ScopedAnalysis, ScopeIndex, is_exported, static_key,
)
from js_rules.analyses.dom import dotted_name
from js_rules.analyses.functions import contains, function_name, is_callback
from js_rules.analyses.references import is_reference, strip_chain
from js_rules.parser import JSNode

# ComfyUI (scripts/app.js) calls an extension's ``init`` and ``setup`` once, at start-up.
DEFAULT_RUN_ONCE_HOOKS = ("registerExtension.setup", "registerExtension.init")

_EXPORTS = frozenset({"ExportNamedDeclaration", "ExportDefaultDeclaration"})
_CLASSES = frozenset({"ClassDeclaration", "ClassExpression"})


def _top_statement(node: JSNode) -> JSNode:
    """The program-level statement that contains ``node``."""
    current = node
    while current.parent is not None and current.parent.type != "Program":
        current = current.parent
    return current


def _defined_property_name(function: JSNode) -> str | None:
    """``name`` for ``Object.defineProperty(obj, "name", { value: function })`` (what
    TypeScript emits for class fields)."""
    prop = function.parent
    if prop is None or prop.type != "Property" or static_key(prop) != "value":
        return None
    descriptor = prop.parent
    call = descriptor.parent if descriptor is not None else None
    if call is None or call.type != "CallExpression" or len(call.arguments) < 3 or (
            call.arguments[2] is not descriptor):
        return None
    if dotted_name(call.callee) != "Object.defineProperty":
        return None
    key = call.arguments[1]
    return key.value if key.type == "Literal" and isinstance(key.value, str) else None


def _member_called(member: JSNode) -> JSNode | None:
    """The call whose callee is ``member`` (through ``?.`` wrappers), if any."""
    current = member
    while current.parent is not None and current.parent.type == "ChainExpression":
        current = current.parent
    parent = current.parent
    if parent is not None and parent.type in ("CallExpression", "NewExpression") and (
            strip_chain(parent.callee) is member):
        return parent
    return None


class RunOnceIndex(ScopedAnalysis):
    """Which functions of one program run at most once per page (see the module)."""

    def __init__(self, program: JSNode, scopes: ScopeIndex,
                 hooks: tuple[str, ...] = DEFAULT_RUN_ONCE_HOOKS):
        self.program = program
        self.scopes = scopes
        self.hooks = hooks
        self._uses: dict[str, list[JSNode]] = {}  # name -> nodes that mention it
        self._hook_sites: dict[int, JSNode] = {}  # id of a hook's value -> registration
        self._collect_hooks()
        self._collect_uses()
        self.once: set[JSNode] = set()
        self._settle()

    def runs_once(self, node: JSNode) -> bool:
        """Whether the code at ``node`` runs at most once per page load."""
        current = node.parent
        while current is not None and current.type not in FUNCTION_TYPES:
            if current.type == "PropertyDefinition" and not current.get("static"):
                return False  # a field initialiser runs for every instance
            current = current.parent
        return current is None or current in self.once

    # -- collection ----------------------------------------------------------------------
    def _collect_hooks(self) -> None:
        by_callee: dict[str, set[str]] = {}
        for hook in self.hooks:
            callee, _, method = hook.rpartition(".")
            if callee and method:
                by_callee.setdefault(callee, set()).add(method)
        if not by_callee:
            return
        for call in self.scopes.nodes_of_type("CallExpression"):
            name = dotted_name(call.callee)
            if name is None:
                continue
            methods = set()
            for callee, names in by_callee.items():
                if name == callee or name.endswith("." + callee):
                    methods |= names
            if not methods:
                continue
            for argument in call.arguments:
                registered = self._object_of(argument)
                if registered is None:
                    continue
                for prop in registered.properties:
                    if prop.type == "Property" and static_key(prop) in methods:
                        # The hook runs once if the registration does: the call is its use.
                        self._hook_sites[id(prop.value)] = call

    def _object_of(self, argument: JSNode) -> JSNode | None:
        argument = strip_chain(argument)
        if argument.type == "ObjectExpression":
            return argument
        if argument.type == "Identifier":
            binding = self.scopes.resolve(argument)
            if binding is not None and binding.kind == "const" and binding.init is not None and (
                    binding.init.type == "ObjectExpression"):
                return binding.init
        return None

    def _collect_uses(self) -> None:
        uses = self._uses
        for identifier in self.scopes.nodes_of_type("Identifier"):
            parent = identifier.parent
            if parent is None:
                continue
            if parent.type == "MemberExpression" and parent.property is identifier and (
                    not parent.computed):
                uses.setdefault(identifier.name, []).append(parent)
            elif is_reference(identifier) and not self._declares(identifier):
                uses.setdefault(identifier.name, []).append(identifier)

    @staticmethod
    def _declares(identifier: JSNode) -> bool:
        parent = identifier.parent
        if parent.type in ("FunctionDeclaration", "FunctionExpression", "ClassDeclaration",
                           "ClassExpression") and parent.get("id") is identifier:
            return True
        return parent.type == "VariableDeclarator" and parent.id is identifier

    # -- the fixpoint --------------------------------------------------------------------
    def _names(self, function: JSNode) -> list[str]:
        defined = _defined_property_name(function)
        if defined is not None:
            return [defined]
        name = function_name(function)
        return [name.rpartition(".")[2]] if name else []

    def _is_definition(self, use: JSNode, function: JSNode) -> bool:
        """Whether a mention of the name is where ``function`` gets it (``this.f = ...``)."""
        parent = use.parent
        return parent is not None and parent.type == "AssignmentExpression" and (
            parent.left is use and strip_chain(parent.right) is function)

    def _use_sites(self, function: JSNode) -> list[JSNode] | None:
        """The nodes whose running runs ``function``, or None when some use of it is not
        a call (or nothing in the file uses it)."""
        sites = []
        parent = function.parent
        if id(function) in self._hook_sites:
            sites.append(self._hook_sites[id(function)])
        if parent is not None and parent.type == "CallExpression" and (
                strip_chain(parent.callee) is function):
            return [parent]  # an immediately invoked function
        if is_callback(function):
            return None
        if self._exported(function):
            return None
        for name in self._names(function):
            for use in self._uses.get(name, ()):
                if self._is_definition(use, function) or contains(function, use):
                    continue  # recursion is part of the one run
                if id(use) in self._hook_sites:
                    sites.append(self._hook_sites[id(use)])
                    continue
                call = _member_called(use)
                if call is None or call.type != "CallExpression":
                    return None
                sites.append(call)
        return sites or None

    def _constructor_sites(self, constructor: JSNode) -> list[JSNode] | None:
        cls = constructor.parent.parent.parent  # FunctionExpression < MethodDefinition < body
        if cls is None or cls.type not in _CLASSES or cls.get("id") is None:
            return None
        if self._exported(cls):
            return None
        sites = []
        for use in self._uses.get(cls.id.name, ()):
            parent = use.parent
            if parent is None or parent.type != "NewExpression" or parent.callee is not use:
                return None
            sites.append(parent)
        return sites or None

    def _exported(self, node: JSNode) -> bool:
        statement = _top_statement(node)
        if statement.type in _EXPORTS:
            return True
        identifiers = [statement.get("id")] + [
            declarator.id for declarator in statement.get("declarations") or ()]
        bindings = [self.scopes.lookup(identifier.name, statement) for identifier in identifiers
                    if identifier is not None and identifier.type == "Identifier"]
        return any(binding is not None and is_exported(binding, self.scopes)
                   for binding in bindings)

    def _settle(self) -> None:
        candidates = []
        for function in self.scopes.nodes_of_type(*FUNCTION_TYPES):
            parent = function.parent
            if parent is not None and parent.type == "MethodDefinition" and (
                    parent.get("kind") == "constructor"):
                sites = self._constructor_sites(function)
            else:
                sites = self._use_sites(function)
            if sites:
                candidates.append((function, sites))
        changed = True
        while changed:
            changed = False
            for function, sites in candidates:
                if function not in self.once and all(self.runs_once(s) for s in sites):
                    self.once.add(function)
                    changed = True
