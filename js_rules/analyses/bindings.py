"""Lexical scopes of a JavaScript program: which declaration an identifier refers to.

Built once per file by :class:`ScopeIndex` (one iterative pass) and shared by every JS
analysis of that file.  It models what lint rules need, not the whole language:

- function scopes (functions, arrows, the module) hold ``var``, parameters and hoisted
  declarations; block scopes (blocks, ``for`` heads, ``switch``, ``catch``) hold ``let``,
  ``const``, classes and function declarations (modules are strict code);
- a parameter binding records which parameter it comes from and, for a destructured
  parameter, the top-level key (``{ retry = true } = {}`` binds ``retry`` with key
  ``"retry"``; ``...rest`` has key ``"..."``);
- a binding declared by ``const name = value`` keeps its initialiser, so values can be
  resolved statically (see :mod:`js_rules.analyses.values`).  ``let`` and ``var`` keep theirs too,
  but analyses must not trust them: they can be reassigned.

Identifiers without a binding are globals (``fetch``, ``window``, ``undefined``).
:func:`is_exported` tells whether a module-level variable can be used by an importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from js_rules.parser import JSNode, walk

FUNCTION_TYPES = frozenset({"FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"})
_BLOCK_SCOPE_TYPES = frozenset({
    "BlockStatement", "ForStatement", "ForInStatement", "ForOfStatement", "SwitchStatement",
    "CatchClause", "StaticBlock",
})
REST_KEY = "..."


@dataclass(eq=False)
class Binding:
    """One declared name.

    ``kind`` is ``var``, ``let``, ``const``, ``function``, ``class``, ``param``, ``catch``
    or ``import``.  ``init`` is the initialiser of ``kind name = init`` (None when the name
    comes out of a destructuring pattern), the function node of a function declaration,
    or the class node of a class declaration.
    """

    name: str
    kind: str
    identifier: JSNode
    scope: "Scope"
    init: JSNode | None = None
    key: str | None = None  # top-level key inside a destructuring pattern
    source: JSNode | None = None  # what ``const { key: name } = source`` destructures
    param_index: int | None = None  # for parameters: which one
    function: JSNode | None = None  # for parameters: whose
    import_source: str | None = None  # for imports: the module specifier
    imported_name: str | None = None  # for imports: "default", "*" or the exported name


@dataclass(frozen=True)
class ParameterRef:
    """A value taken from a function's parameter: its index and top-level key (or None)."""

    param_index: int
    key: str | None = None


@dataclass(eq=False)
class Scope:
    """A scope: the node that opens it, its parent and the names declared in it."""

    node: JSNode
    parent: "Scope | None"
    is_function_scope: bool
    bindings: dict[str, Binding] = field(default_factory=dict)

    def declare(self, binding: Binding) -> None:
        # The first declaration wins: a repeated ``var`` does not change what it is.
        self.bindings.setdefault(binding.name, binding)


def pattern_identifiers(pattern: JSNode):
    """``(identifier, top_key)`` for every name a binding pattern declares.

    ``top_key`` is the key of the outermost object-pattern property the name sits in
    (``REST_KEY`` for ``...rest``), None for a plain identifier or array element.
    """
    stack = [(pattern, None)]
    while stack:
        node, key = stack.pop()
        if node is None:
            continue
        kind = node.type
        if kind == "Identifier":
            yield node, key
        elif kind == "AssignmentPattern":
            stack.append((node.left, key))
        elif kind == "RestElement":
            stack.append((node.argument, key if key is not None else REST_KEY))
        elif kind == "ArrayPattern":
            stack.extend((element, key) for element in reversed(node.elements))
        elif kind == "ObjectPattern":
            for prop in reversed(node.properties):
                if prop.type == "RestElement":
                    stack.append((prop, key))
                else:
                    own_key = key if key is not None else static_key(prop)
                    stack.append((prop.value, own_key))


def static_key(prop: JSNode) -> str | None:
    """The name of a non-computed (or string-literal) property or method key."""
    key = prop.get("key")
    if key is None:
        return None
    if not prop.get("computed") and key.type == "Identifier":
        return key.name
    if key.type == "Literal" and isinstance(key.value, (str, int, float)):
        return str(key.value)
    if key.type == "TemplateLiteral" and not key.expressions:
        return "".join(quasi.value.cooked or "" for quasi in key.quasis)
    return None


class ScopeIndex:
    """Scopes and bindings of one program; ``resolve`` answers "what is this name"."""

    def __init__(self, program: JSNode):
        self.program = program
        self._scopes: dict[JSNode, Scope] = {}
        # Every node by type, in source order: later analyses of the same file look nodes
        # up here instead of walking the tree again.
        self.nodes_by_type: dict[str, list[JSNode]] = {}
        self._build()

    def nodes_of_type(self, *types: str) -> list[JSNode]:
        """Nodes of the given types in source order (of one type: the cached list)."""
        if len(types) == 1:
            return self.nodes_by_type.get(types[0], [])
        found = [node for kind in types for node in self.nodes_by_type.get(kind, [])]
        found.sort(key=lambda node: (node.line, node.column))
        return found

    # -- queries ------------------------------------------------------------------------
    def scope_of(self, node: JSNode) -> Scope:
        """The innermost scope that contains ``node`` (its own, if it opens one)."""
        current = node
        while current is not None:
            scope = self._scopes.get(current)
            if scope is not None:
                return scope
            current = current.parent
        return self._scopes[self.program]

    def lookup(self, name: str, at: JSNode) -> Binding | None:
        """The binding ``name`` refers to where ``at`` is; None for a global."""
        scope = self.scope_of(at)
        while scope is not None:
            binding = scope.bindings.get(name)
            if binding is not None:
                return binding
            scope = scope.parent
        return None

    def resolve(self, identifier: JSNode) -> Binding | None:
        """The binding an ``Identifier`` node refers to; None for globals and non-names."""
        if identifier is None or identifier.type != "Identifier":
            return None
        return self.lookup(identifier.name, identifier)

    def parameter_of(self, identifier: JSNode, function: JSNode) -> "ParameterRef | None":
        """Which parameter of ``function`` (and which key of it) ``identifier`` holds.

        Follows one ``const { key, ...rest } = param`` destructuring in the body, so
        ``rest`` is ``ParameterRef(index, REST_KEY)`` just as for a destructured parameter.
        """
        binding = self.resolve(identifier)
        if binding is None:
            return None
        if binding.kind == "param" and binding.function is function:
            return ParameterRef(binding.param_index, binding.key)
        source = binding.source
        if binding.kind == "const" and source is not None and source.type == "Identifier":
            whole = self.resolve(source)
            if whole is not None and whole.kind == "param" and whole.function is function and (
                    whole.key is None):
                return ParameterRef(whole.param_index, binding.key)
        return None

    # -- construction -------------------------------------------------------------------
    def _enclosing(self, node: JSNode) -> Scope:
        """The scope that a declaration made by ``node`` (not opening its own) lands in."""
        return self.scope_of(node.parent) if node.parent is not None else self.scope_of(node)

    def _function_scope(self, scope: Scope) -> Scope:
        while not scope.is_function_scope and scope.parent is not None:
            scope = scope.parent
        return scope

    def _build(self) -> None:
        self._scopes[self.program] = Scope(self.program, None, True)
        for node in walk(self.program):
            kind = node.type
            self.nodes_by_type.setdefault(kind, []).append(node)
            if kind in FUNCTION_TYPES:
                self._open_function(node)
            elif kind in _BLOCK_SCOPE_TYPES and node not in self._scopes:
                self._scopes[node] = Scope(node, self._enclosing(node), False)
                if kind == "CatchClause" and node.get("param") is not None:
                    self._declare_pattern(node.param, "catch", self._scopes[node])
            elif kind == "VariableDeclaration":
                self._declare_variables(node)
            elif kind == "ClassDeclaration" and node.get("id") is not None:
                scope = self._enclosing(node)
                scope.declare(Binding(node.id.name, "class", node.id, scope, init=node))
            elif kind == "ImportDeclaration":
                self._declare_imports(node)

    def _open_function(self, function: JSNode) -> None:
        outer = self._enclosing(function)
        scope = Scope(function, outer, True)
        self._scopes[function] = scope
        body = function.get("body")
        if body is not None and body.type == "BlockStatement":
            # The body block shares the parameters' scope, as in the language.
            self._scopes[body] = scope
        name = function.get("id")
        if name is not None:
            # A declaration's name lives outside it; a named expression's only inside it.
            target = outer if function.type == "FunctionDeclaration" else scope
            target.declare(Binding(name.name, "function", name, target, init=function))
        for index, param in enumerate(function.params):
            for identifier, key in pattern_identifiers(param):
                scope.declare(Binding(
                    identifier.name, "param", identifier, scope,
                    key=key, param_index=index, function=function,
                ))

    def _declare_variables(self, declaration: JSNode) -> None:
        scope = self._enclosing(declaration)
        if declaration.kind == "var":
            scope = self._function_scope(scope)
        for declarator in declaration.declarations:
            simple = declarator.id.type == "Identifier"
            for identifier, key in pattern_identifiers(declarator.id):
                init = declarator.get("init")
                scope.declare(Binding(
                    identifier.name, declaration.kind, identifier, scope,
                    init=init if simple else None, key=key, source=None if simple else init,
                ))

    def _declare_pattern(self, pattern: JSNode, kind: str, scope: Scope) -> None:
        for identifier, key in pattern_identifiers(pattern):
            scope.declare(Binding(identifier.name, kind, identifier, scope, key=key))

    def _declare_imports(self, declaration: JSNode) -> None:
        scope = self._scopes[self.program]
        source = declaration.source.value if declaration.get("source") is not None else None
        for specifier in declaration.specifiers:
            if specifier.type == "ImportDefaultSpecifier":
                imported = "default"
            elif specifier.type == "ImportNamespaceSpecifier":
                imported = "*"
            else:
                imported = getattr(specifier.imported, "name", None) or getattr(
                    specifier.imported, "value", None)
            scope.declare(Binding(
                specifier.local.name, "import", specifier.local, scope,
                import_source=source, imported_name=imported,
            ))


def is_exported(binding: Binding, scopes: ScopeIndex) -> bool:
    """Whether a module-level variable is exported, so an importer may use it:
    ``export const timer = ...`` or a name listed in ``export { timer }``."""
    if binding.scope.node is not scopes.program:
        return False
    declaration = binding.identifier.parent.parent
    if declaration is not None and declaration.parent is not None and (
            declaration.parent.type == "ExportNamedDeclaration"):
        return True
    return any(
        getattr(specifier.local, "name", None) == binding.name
        for export in scopes.nodes_of_type("ExportNamedDeclaration")
        for specifier in export.get("specifiers") or ()
    )


class ScopedAnalysis:
    """Base of the per-file JS analyses built on the file's one :class:`ScopeIndex`:
    ``source.analysis(Kind)`` builds ``Kind(program, scopes)`` with the shared index."""

    @classmethod
    def from_file(cls, source, *options):
        """The analysis of one checked file, on its shared :class:`ScopeIndex` (and the
        ``options`` its constructor takes after them, such as a rule's settings)."""
        return cls(source.tree, source.analysis(ScopeIndex), *options)
