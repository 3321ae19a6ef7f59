"""DOM elements of a JavaScript program: which are created by the code itself, and where
elements are removed.

An expression *is created here* (:meth:`DomIndex.is_created`) when it evaluates to an
object this program made, rather than one that outlives it (``document``, ``window``,
``document.body``, an element looked up in the page, a parameter):

- ``document.createElement(...)`` and the other ``create*`` factories, ``cloneNode``,
  ``importNode``, ``new Anything(...)`` (``new Image()``), ``Object.assign(<created>, ...)``;
- a call of a framework's element factory (:data:`DEFAULT_ELEMENT_FACTORIES`, the
  ``element-factories`` option): ComfyUI's ``$el("button", ...)``, hyperscript's ``h(...)``,
  LiteGraph's ``canvas.prompt(...)`` dialog -- each makes a new element and returns it;
- anything reached downwards from a created element: ``card.querySelector('.x')``,
  ``template.content.firstElementChild``, ``row.children[0]`` — but not upwards
  (``parentElement``, ``closest``, ``ownerDocument``...);
- a call of a function of the same file that only returns created elements (a
  template-building helper such as ``buildModalDOM()``);
- a variable or property (``this.modal``) whose every assigned value is created (``null``
  and ``undefined`` aside), or which the program removes from the page
  (``modal.remove()``): an element discarded by the code is discarded with its listeners;
- the element parameter of ``forEach``/``map`` callbacks and ``for...of`` loops over a
  created collection.

An expression *lives as long as the page* (:meth:`DomIndex.is_page_lived`) when it is
reached from a global (``document``, ``window``, ``LiteGraph``) or from a module-level
binding (an import such as ComfyUI's ``api``, a module singleton) through properties and
method calls (``document.getElementById('x')``, ``app.ui.settings``,
``window.matchMedia(...)``), directly or through a local ``const``/``let`` holding such a
value.  Parameters, ``this`` and values of unknown calls are neither created here nor known
to live as long as the page.

Removals are ``el.remove()``, ``parent.removeChild(el)`` and ``el.replaceWith(...)``;
insertions (``appendChild``, ``append``, ``insertBefore``, ``after``...) tell a component's
root element (put into the page) from its parts (put into an element created here).
"""

from __future__ import annotations

from dataclasses import dataclass

from js_rules.analyses.bindings import ScopedAnalysis, ScopeIndex
from js_rules.analyses.functions import is_callback, resolve_function, returned_values
from js_rules.parser import JSNode
from js_rules.analyses.references import method_calls, property_of, reference_key, strip_chain

CREATING_METHODS = frozenset({
    "createElement", "createElementNS", "createDocumentFragment", "createTextNode",
    "createComment", "importNode", "cloneNode", "createContextualFragment",
})
# Accessors that lead from an element to something around it, which it does not own.
UPWARD_ACCESSORS = frozenset({
    "parentNode", "parentElement", "closest", "ownerDocument", "getRootNode",
    "offsetParent", "defaultView", "host", "previousSibling", "nextSibling",
    "previousElementSibling", "nextElementSibling",
})
# Methods that put an element into the page: ``parent.<method>(child...)``.  The value is
# which arguments are the inserted elements (None: all of them).
INSERTING_METHODS = {
    "appendChild": (0,), "append": None, "prepend": None, "insertBefore": (0,),
    "replaceChildren": None, "insertAdjacentElement": (1,),
}
# ``sibling.<method>(element...)``: inserted next to the sibling, into its parent.
SIBLING_INSERTING_METHODS = frozenset({"after", "before", "replaceWith"})
ITERATING_METHODS = frozenset({"forEach", "map", "filter", "find", "some", "every", "flatMap"})
MAX_CREATION_DEPTH = 16
# Functions of front-end frameworks that build a new element and return it: a name matches
# a call whose callee is that name or ends with it after a dot (``canvas.prompt`` matches
# ``app.canvas.prompt``).
DEFAULT_ELEMENT_FACTORIES = (
    "$el",  # ComfyUI's scripts/ui.js
    "h",  # hyperscript, Preact, Vue render functions
    "createElementFromHTML", "htmlToElement", "elementFromHTML",
    "canvas.prompt",  # LiteGraph's LGraphCanvas.prompt: a new dialog element
)


def dotted_name(node: JSNode | None) -> str | None:
    """``a.b.c`` for an identifier or a chain of non-computed member accesses (``this``
    included), else None."""
    node = strip_chain(node)
    if node is None:
        return None
    if node.type == "Identifier":
        return node.name
    if node.type == "ThisExpression":
        return "this"
    if node.type == "MemberExpression" and not node.get("computed") and (
            node.property.type in ("Identifier", "PrivateIdentifier")):
        head = dotted_name(node.object)
        return None if head is None else f"{head}.{node.property.name}"
    return None


def names_factory(callee: JSNode, factories: tuple[str, ...]) -> bool:
    """Whether the callee is one of the element ``factories`` (see the constant above)."""
    name = dotted_name(callee)
    return name is not None and any(
        name == factory or name.endswith("." + factory) for factory in factories)


@dataclass(frozen=True)
class Removal:
    """A call that removes an element from the page, and the element's reference key."""

    call: JSNode
    element: JSNode
    key: object


class _Beside:
    """An insertion next to an element (``sibling.after(el)``): into its unknown parent."""

    def __init__(self, sibling: JSNode):
        self.sibling = sibling


def _is_nullish(node: JSNode) -> bool:
    node = strip_chain(node)
    if node.type == "Literal" and node.get("raw") == "null":
        return True
    return node.type == "Identifier" and node.name == "undefined"


class DomIndex(ScopedAnalysis):
    """Assignments, element creation and removals of one program."""

    def __init__(self, program: JSNode, scopes: ScopeIndex,
                 factories: tuple[str, ...] = DEFAULT_ELEMENT_FACTORIES):
        self.program = program
        self.scopes = scopes
        self.factories = factories
        self.assigned: dict[object, list[JSNode]] = {}
        self.removals: list[Removal] = []
        self.insertions: dict[object, list[JSNode]] = {}  # element key -> where it went
        self._collect_assignments()
        self._collect_removals()
        self._collect_insertions()
        self.removed_keys = {removal.key for removal in self.removals}
        self._page_lived_keys: dict = {}

    # -- indexing -------------------------------------------------------------------------
    def _assign(self, key, value: JSNode | None) -> None:
        if key is not None and value is not None:
            self.assigned.setdefault(key, []).append(value)

    def _collect_assignments(self) -> None:
        scopes = self.scopes
        for declarator in scopes.nodes_of_type("VariableDeclarator"):
            if declarator.id.type == "Identifier":
                self._assign(reference_key(declarator.id, scopes), declarator.get("init"))
        for assignment in scopes.nodes_of_type("AssignmentExpression"):
            if assignment.operator in ("=", "??=", "||=", "&&="):
                self._assign(reference_key(assignment.left, scopes), assignment.right)
        for field in scopes.nodes_of_type("PropertyDefinition"):
            # ``modal = document.createElement('div')`` as a class field: ``this.modal``.
            name = field.key.name if field.key.type == "Identifier" else None
            if name is not None and not field.get("computed") and not field.get("static"):
                self._assign(("member", ("this", field.parent), name), field.get("value"))

    def _collect_removals(self) -> None:
        methods = ("remove", "replaceWith", "removeChild")
        for call, callee, name in method_calls(self.scopes, methods):
            if name == "removeChild":
                element = call.arguments[0] if call.arguments else None
            else:  # el.remove() takes no arguments (classList.remove('x') is another thing)
                element = None if name == "remove" and call.arguments else callee.object
            if element is None:
                continue
            key = reference_key(element, self.scopes)
            if key is not None:
                self.removals.append(Removal(call, strip_chain(element), key))

    def _collect_insertions(self) -> None:
        methods = set(INSERTING_METHODS) | SIBLING_INSERTING_METHODS
        for call, callee, name in method_calls(self.scopes, methods):
            if name in INSERTING_METHODS:
                positions, place = INSERTING_METHODS[name], callee.object
            else:
                positions, place = None, _Beside(callee.object)
            for index, argument in enumerate(call.arguments):
                if positions is None or index in positions:
                    key = reference_key(argument, self.scopes)
                    if key is not None:
                        self.insertions.setdefault(key, []).append(place)

    def is_part_of_created(self, key) -> bool:
        """Whether the element held by ``key`` is only ever put into elements this program
        created: a part of a component, not the component's root."""
        places = self.insertions.get(key)
        return bool(places) and all(
            not isinstance(place, _Beside) and self.is_created(place) for place in places)

    def key_is_discarded(self, key) -> bool:
        """Whether the program removes the element held by this reference."""
        return key in self.removed_keys

    # -- creation ------------------------------------------------------------------------
    def is_created(self, node: JSNode | None) -> bool:
        """Whether the expression evaluates to an object this program made (see module)."""
        return self._created_at(node, 0, set())

    def _created_at(self, node: JSNode | None, depth: int, seen: set) -> bool:
        node = strip_chain(node)
        if node is None or depth > MAX_CREATION_DEPTH or node in seen:
            return False
        seen.add(node)  # the nodes on the current path: a cycle is "not created"
        try:
            return self._created_kind(node, depth, seen)
        finally:
            seen.discard(node)

    def _created_kind(self, node: JSNode, depth: int, seen: set) -> bool:
        kind = node.type
        if kind == "NewExpression":
            return True
        if kind == "CallExpression":
            return self._call_creates(node, depth, seen)
        if kind == "MemberExpression":
            key = reference_key(node, self.scopes)
            if key is not None and (key in self.assigned or key in self.removed_keys):
                return self._reference_created(key, depth, seen)
            if property_of(node, self.scopes) in UPWARD_ACCESSORS:
                return False
            return self._created_at(node.object, depth + 1, seen)
        if kind == "Identifier":
            return self._identifier_created(node, depth, seen)
        if kind == "ArrayExpression":
            elements = [e.argument if e is not None and e.type == "SpreadElement" else e
                        for e in node.elements]
            return bool(elements) and all(
                self._created_at(e, depth + 1, seen) for e in elements)
        if kind in ("AwaitExpression", "TSNonNullExpression"):
            return self._created_at(node.get("argument") or node.get("expression"),
                                    depth + 1, seen)
        return False

    def is_page_lived(self, node: JSNode | None, depth: int = 0) -> bool:
        """Whether the expression certainly evaluates to something that lives as long as
        the page (see the module docstring); False when unknown."""
        for depth in range(depth, MAX_CREATION_DEPTH):
            node = strip_chain(node)
            if node is None:
                return False
            kind = node.type
            if kind == "MemberExpression":
                name = property_of(node, self.scopes)
                if name in UPWARD_ACCESSORS:
                    return True  # out of what the code holds: into the page around it
                key = reference_key(node, self.scopes)
                if key is not None and self._key_page_lived(key, depth):
                    return True  # this.element = document.getElementById(...) somewhere
                node = node.object
            elif kind == "CallExpression":
                callee = strip_chain(node.callee)
                if callee.type != "MemberExpression":
                    return False  # what a function returns is the function's business
                if property_of(callee, self.scopes) in UPWARD_ACCESSORS:
                    return True
                node = callee.object
            elif kind == "AwaitExpression":
                node = node.argument
            elif kind == "Identifier":
                binding = self.scopes.resolve(node)
                if binding is None or binding.scope.node is self.program:
                    return True
                if binding.kind not in ("const", "let") or binding.init is None:
                    return False
                node = binding.init
            else:
                return False
        return False

    def _key_page_lived(self, key, depth: int) -> bool:
        """Whether some value assigned to the reference lives as long as the page
        (memoised per reference; a cycle of assignments counts as not)."""
        known = self._page_lived_keys.get(key)
        if known is None:
            self._page_lived_keys[key] = False
            known = any(not self.is_created(value) and self.is_page_lived(value, depth + 1)
                        for value in self.assigned.get(key, ()))
            self._page_lived_keys[key] = known
        return known

    def _call_creates(self, call: JSNode, depth: int, seen: set) -> bool:
        callee = strip_chain(call.callee)
        if names_factory(callee, self.factories):
            return True
        if callee.type == "MemberExpression":
            name = property_of(callee, self.scopes)
            if name in CREATING_METHODS:
                return True
            target = strip_chain(callee.object)
            if target.type == "Identifier" and self.scopes.resolve(target) is None and (
                    target.name in ("Object", "Array")):
                # Object.assign(created, ...) and Array.from(created) keep what they got.
                return name in ("assign", "from") and bool(call.arguments) and (
                    self._created_at(call.arguments[0], depth + 1, seen))
            if name in UPWARD_ACCESSORS:
                return False
            if self._created_at(callee.object, depth + 1, seen):
                return True
        function = resolve_function(callee, self.scopes)
        if function is None:
            return False
        returned = returned_values(function)
        return bool(returned) and all(
            self._created_at(value, depth + 1, seen) for value in returned)

    def _reference_created(self, key, depth: int, seen: set) -> bool:
        if key in self.removed_keys:
            return True
        values = [v for v in self.assigned.get(key, ()) if not _is_nullish(v)]
        return bool(values) and all(self._created_at(v, depth + 1, seen) for v in values)

    def _identifier_created(self, identifier: JSNode, depth: int, seen: set) -> bool:
        binding = self.scopes.resolve(identifier)
        if binding is None:
            return False
        if binding.kind == "param":
            return binding.param_index == 0 and self._iterated_element(
                binding.function, depth, seen)
        if binding.kind not in ("const", "let", "var"):
            return False
        declarator = binding.identifier.parent
        loop = declarator.parent.parent if declarator.type == "VariableDeclarator" else None
        if loop is not None and loop.type == "ForOfStatement" and (
                loop.left is declarator.parent):
            return self._created_at(loop.right, depth + 1, seen)
        return self._reference_created(("binding", binding), depth, seen)

    def _iterated_element(self, function: JSNode, depth: int, seen: set) -> bool:
        """Whether ``function`` is a ``created.forEach(el => ...)``-style callback."""
        if function is None or not is_callback(function):
            return False
        call = function.parent
        callee = strip_chain(call.callee)
        return (
            call.arguments[0] is function
            and callee.type == "MemberExpression"
            and property_of(callee, self.scopes) in ITERATING_METHODS
            and self._created_at(callee.object, depth + 1, seen)
        )
