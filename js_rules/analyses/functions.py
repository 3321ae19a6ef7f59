"""Functions of a JavaScript program: their names, owners and what a call calls.

A function is a declaration, a function expression or an arrow, wherever it sits:
``function request() {}``, ``const request = async () => {}``, an object-literal property
``request: async () => {}`` or method ``request() {}``, a class method or field.

A call is resolved to the function it certainly calls when its callee is

- a name bound to a function declaration or to a ``const`` holding a function;
- ``this.name`` inside a class or an object literal that defines ``name``;
- ``obj.name`` where ``obj`` is a ``const`` holding an object literal, a class (static
  methods) or a ``new`` instance of a class of the file, that defines ``name``.

Everything else (imports, parameters, computed callees) is unresolved: rules must treat
it as unknown, not as "no function".
"""

from __future__ import annotations

from js_rules.analyses.bindings import FUNCTION_TYPES, ScopeIndex, static_key
from js_rules.parser import JSNode, walk

_CALL_TYPES = frozenset({"CallExpression", "NewExpression"})


def is_function(node: JSNode | None) -> bool:
    """Whether the node is a function declaration, function expression or arrow."""
    return node is not None and node.type in FUNCTION_TYPES


def _ancestors_up_to_function(node: JSNode):
    """Ancestors of ``node``, innermost first, ending with the nearest function (if any)."""
    current = node.parent
    while current is not None:
        yield current
        if is_function(current):
            return
        current = current.parent


def enclosing_function(node: JSNode) -> JSNode | None:
    """The nearest function strictly containing ``node``; None at module level."""
    for ancestor in _ancestors_up_to_function(node):
        if is_function(ancestor):
            return ancestor
    return None


def innermost_ancestor(node: JSNode, kinds: frozenset) -> JSNode | None:
    """The nearest ancestor of one of ``kinds``, not crossing a function boundary."""
    for ancestor in _ancestors_up_to_function(node):
        if is_function(ancestor):
            return None
        if ancestor.type in kinds:
            return ancestor
    return None


def is_callback(function: JSNode) -> bool:
    """Whether a function is written inline as an argument of a call (``.then(r => ...)``)."""
    parent = function.parent
    return parent is not None and parent.type in _CALL_TYPES and function in parent.arguments


def owning_function(node: JSNode) -> JSNode | None:
    """The function on whose behalf ``node`` runs: the nearest one that is not a callback.

    Inline callbacks (``new Promise((resolve) => ...)``, ``.then(...)``, ``setTimeout``)
    belong to the function that wrote them; None at module level.
    """
    function = enclosing_function(node)
    while function is not None and is_callback(function):
        function = enclosing_function(function)
    return function


def contains(outer: JSNode, node: JSNode) -> bool:
    """Whether ``node`` is ``outer`` or lies inside it."""
    current = node
    while current is not None:
        if current is outer:
            return True
        current = current.parent
    return False


def own_nodes(root: JSNode, skip: JSNode | None = None):
    """Nodes under ``root`` (itself included) without entering nested functions.

    Iterative, parents before children.  ``root`` itself may be a function.  The subtree
    of ``skip``, when given, is left out too.
    """
    stack = [root]
    while stack:
        current = stack.pop()
        yield current
        for child in reversed(list(current.children())):
            if not is_function(child) and child is not skip:
                stack.append(child)


def _naming_node(function: JSNode) -> JSNode:
    """The node that gives a function its name (declarator, property, method...)."""
    parent = function.parent
    if parent is None:
        return function
    if parent.type == "VariableDeclarator" and parent.init is function:
        return parent
    if parent.type in ("Property", "MethodDefinition", "PropertyDefinition") and (
            parent.value is function):
        return parent
    if parent.type == "AssignmentExpression" and parent.right is function:
        return parent
    return function


def function_name(function: JSNode) -> str | None:
    """The name a function is known by in the source, None for anonymous functions."""
    if function.get("id") is not None:
        return function.id.name
    naming = _naming_node(function)
    if naming.type == "VariableDeclarator":
        return naming.id.name if naming.id.type == "Identifier" else None
    if naming.type in ("Property", "MethodDefinition", "PropertyDefinition"):
        return static_key(naming)
    if naming.type == "AssignmentExpression":
        return dotted_name(naming.left)
    return None


def definition_line(function: JSNode) -> int:
    """The line where a function is defined (where its name is written)."""
    return _naming_node(function).line


def dotted_name(node: JSNode | None) -> str | None:
    """``a.b.c`` for a chain of identifiers (``this`` included), None otherwise."""
    parts = []
    while node is not None and node.type == "MemberExpression":
        name = member_name(node)
        if name is None:
            return None
        parts.append(name)
        node = node.object
    if node is None:
        return None
    if node.type == "Identifier":
        parts.append(node.name)
    elif node.type == "ThisExpression":
        parts.append("this")
    else:
        return None
    return ".".join(reversed(parts))


def member_name(member: JSNode) -> str | None:
    """The property name of ``obj.name`` or ``obj['name']``."""
    prop = member.property
    if not member.computed and prop.type in ("Identifier", "PrivateIdentifier"):
        return prop.name
    if prop.type == "Literal" and isinstance(prop.value, str):
        return prop.value
    return None


def unwrap_callee(call: JSNode) -> JSNode:
    """The callee of a call, without parentheses-like wrappers (``(0, f)()`` aside)."""
    callee = call.callee
    while callee.type == "ChainExpression":
        callee = callee.expression
    return callee


def _member_function(container: JSNode, name: str, static: bool = False) -> JSNode | None:
    """The function defined as ``name`` in an object literal or class (last one wins).

    ``static`` picks a class's static members (``ClassName.name``) over instance ones.
    """
    if container.type == "ObjectExpression":
        members = [p for p in container.properties if p.type == "Property"]
    elif container.type in ("ClassDeclaration", "ClassExpression"):
        members = container.body.body
    elif container.type == "ClassBody":
        members = container.body
    else:
        return None
    found = None
    for member in members:
        if member.type in ("Property", "MethodDefinition", "PropertyDefinition") and (
                static_key(member) == name and is_function(member.get("value"))
                and bool(member.get("static")) == static):
            found = member.value
    return found


def this_container(node: JSNode) -> JSNode | None:
    """The object literal or class body that ``this`` means at ``node``, if evident.

    Arrows see the ``this`` of where they are written; a class field initialiser sees
    the instance.
    """
    current = node.parent
    while current is not None:
        if current.type == "PropertyDefinition":
            return current.parent
        if current.type in ("FunctionExpression", "FunctionDeclaration"):
            owner = current.parent
            if owner is not None and owner.type == "MethodDefinition":
                return owner.parent
            if owner is not None and owner.type == "Property" and owner.value is current:
                return owner.parent
            return None
        current = current.parent
    return None


def resolve_callee(call: JSNode, scopes: ScopeIndex) -> JSNode | None:
    """The function a call certainly calls, or None (see the module docstring)."""
    return resolve_function(unwrap_callee(call), scopes)


def resolve_function(callee: JSNode, scopes: ScopeIndex) -> JSNode | None:
    """The function an expression certainly refers to (a callee, or a function passed as
    a value such as ``setTimeout(cleanup)``), or None (see the module docstring)."""
    while callee.type == "ChainExpression":
        callee = callee.expression
    if callee.type == "Identifier":
        binding = scopes.resolve(callee)
        if binding is None:
            return None
        if binding.kind == "function" or (binding.kind == "const" and is_function(binding.init)):
            return binding.init
        return None
    if callee.type != "MemberExpression":
        return None
    name = member_name(callee)
    if name is None:
        return None
    target = callee.object
    if target.type == "ThisExpression":
        container = this_container(callee)
        return _member_function(container, name) if container is not None else None
    if target.type == "Identifier":
        binding = scopes.resolve(target)
        if binding is None or binding.init is None:
            return None
        if binding.kind == "const" and binding.init.type == "ObjectExpression":
            return _member_function(binding.init, name)
        if binding.kind == "class":
            return _member_function(binding.init, name, static=True)
        if binding.kind == "const" and binding.init.type == "NewExpression":
            # ``const client = new WorkerClient()``: an instance of a class of this file.
            created = binding.init.callee
            cls = scopes.resolve(created) if created.type == "Identifier" else None
            if cls is not None and cls.kind == "class":
                return _member_function(cls.init, name)
    return None


def returned_values(function: JSNode) -> list[JSNode]:
    """The expressions a function returns (its body, for a concise arrow)."""
    body = function.get("body")
    if body is None:
        return []
    if body.type != "BlockStatement":
        return [body]
    return [
        node.argument for node in own_nodes(body)
        if node.type == "ReturnStatement" and node.get("argument") is not None
    ]


def calls_in(root: JSNode):
    """Every call expression under ``root``, nested functions included."""
    return (node for node in walk(root) if node.type == "CallExpression")
