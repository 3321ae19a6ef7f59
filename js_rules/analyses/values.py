"""Static values of JavaScript expressions: what a lint rule may call "literal".

Resolves what is certain without running code: string, number, boolean and ``null``
literals; template literals whose parts all resolve; ``const`` bindings (followed through
other ``const`` bindings); ``+`` concatenation; ``!``/``-``/``+`` of values; ``??``,
``||`` and ``&&`` with a resolved left side; member access into a ``const`` object
literal (also through ``Object.freeze``).  ``let`` and ``var`` are never trusted: they can
be reassigned.  Anything else is :data:`UNKNOWN`.

Following bindings is bounded (:data:`MAX_DEPTH` steps), so cycles and long chains end.
"""

from __future__ import annotations

from js_rules.analyses.bindings import ScopeIndex, static_key
from js_rules.parser import JSNode


class _Marker:
    def __init__(self, name: str):
        self._name = name

    def __repr__(self) -> str:
        return self._name


UNKNOWN = _Marker("UNKNOWN")  # the value cannot be known statically
UNDEFINED = _Marker("UNDEFINED")  # JavaScript's ``undefined``
ABSENT = _Marker("ABSENT")  # an object certainly has no such property

MAX_DEPTH = 16


def _const_init(identifier: JSNode, scopes: ScopeIndex) -> JSNode | None:
    binding = scopes.resolve(identifier)
    if binding is not None and binding.kind == "const" and binding.init is not None:
        return binding.init
    return None


def resolve_object(node: JSNode | None, scopes: ScopeIndex, depth: int = 0) -> JSNode | None:
    """The ``ObjectExpression`` an expression certainly evaluates to, or None.

    Follows ``const`` bindings and ``Object.freeze(...)``.
    """
    while node is not None and depth < MAX_DEPTH:
        depth += 1
        if node.type == "ObjectExpression":
            return node
        if node.type == "Identifier":
            node = _const_init(node, scopes)
        elif node.type == "CallExpression" and is_object_freeze(node.callee) and node.arguments:
            node = node.arguments[0]
        else:
            return None
    return None


def is_object_freeze(callee: JSNode) -> bool:
    """Whether a callee is ``Object.freeze``."""
    return (
        callee.type == "MemberExpression"
        and not callee.computed
        and callee.object.type == "Identifier"
        and callee.object.name == "Object"
        and callee.property.name == "freeze"
    )


def object_property(obj: JSNode, key: str, scopes: ScopeIndex, depth: int = 0):
    """The value node of property ``key`` of an object literal, as the object ends up.

    Later properties win over earlier ones, as in JavaScript.  Returns :data:`ABSENT` when
    the object certainly lacks the key and :data:`UNKNOWN` when a spread or computed key
    that cannot be resolved may supply it.
    """
    found = ABSENT
    for prop in obj.properties:
        if prop.type == "SpreadElement":
            spread = resolve_object(prop.argument, scopes, depth + 1)
            if spread is None or depth >= MAX_DEPTH:
                found = UNKNOWN
            else:
                inner = object_property(spread, key, scopes, depth + 1)
                if inner is not ABSENT:
                    found = inner
            continue
        name = property_name(prop, scopes, depth + 1)
        if name is UNKNOWN:
            found = UNKNOWN
        elif name == key:
            found = prop.value
    return found


def property_name(prop: JSNode, scopes: ScopeIndex, depth: int = 0):
    """The key of an object-literal property, resolving computed keys; else UNKNOWN."""
    name = static_key(prop)
    if name is not None:
        return name
    if prop.get("computed"):
        computed = static_value(prop.key, scopes, depth + 1)
        if isinstance(computed, (str, int, float)) and not isinstance(computed, bool):
            return str(computed)
    return UNKNOWN


def static_value(node: JSNode | None, scopes: ScopeIndex, depth: int = 0):
    """The value of an expression if it is statically certain, else :data:`UNKNOWN`.

    Strings, numbers (``float`` or ``int``), booleans, ``None`` for ``null`` and
    :data:`UNDEFINED` come back as Python values.
    """
    if node is None or depth > MAX_DEPTH:
        return UNKNOWN
    kind = node.type
    if kind == "Literal":
        value = node.value
        if value is None and node.get("raw") != "null":
            return UNKNOWN  # a regular expression or bigint literal
        return value if isinstance(value, (str, int, float, bool, type(None))) else UNKNOWN
    if kind == "TemplateLiteral":
        return _template_value(node, scopes, depth)
    if kind == "Identifier":
        init = _const_init(node, scopes)
        if init is not None:
            return static_value(init, scopes, depth + 1)
        if node.name == "undefined" and scopes.resolve(node) is None:
            return UNDEFINED
        return UNKNOWN
    if kind == "UnaryExpression":
        return _unary_value(node, scopes, depth)
    if kind == "BinaryExpression" and node.operator == "+":
        left = static_value(node.left, scopes, depth + 1)
        right = static_value(node.right, scopes, depth + 1)
        return _plus(left, right)
    if kind == "LogicalExpression":
        return _logical_value(node, scopes, depth)
    if kind == "ConditionalExpression":
        test = static_value(node.test, scopes, depth + 1)
        if test is UNKNOWN:
            return UNKNOWN
        branch = node.consequent if _truthy(test) else node.alternate
        return static_value(branch, scopes, depth + 1)
    if kind == "MemberExpression":
        return _member_value(node, scopes, depth)
    if kind == "ChainExpression":
        return static_value(node.expression, scopes, depth + 1)
    return UNKNOWN


def string_value(node: JSNode | None, scopes: ScopeIndex) -> str | None:
    """The expression's value if it is a statically known string, else None."""
    value = static_value(node, scopes)
    return value if isinstance(value, str) else None


def _template_value(node: JSNode, scopes: ScopeIndex, depth: int):
    parts = []
    for index, quasi in enumerate(node.quasis):
        cooked = getattr(quasi.value, "cooked", None)
        if cooked is None:
            return UNKNOWN
        parts.append(cooked)
        if index < len(node.expressions):
            value = static_value(node.expressions[index], scopes, depth + 1)
            text = _to_string(value)
            if text is None:
                return UNKNOWN
            parts.append(text)
    return "".join(parts)


def _unary_value(node: JSNode, scopes: ScopeIndex, depth: int):
    if node.operator == "void":
        return UNDEFINED
    value = static_value(node.argument, scopes, depth + 1)
    if value is UNKNOWN:
        return UNKNOWN
    if node.operator == "!":
        return not _truthy(value)
    if node.operator in ("-", "+") and isinstance(value, (int, float)) and not isinstance(
            value, bool):
        return -value if node.operator == "-" else value
    return UNKNOWN


def _logical_value(node: JSNode, scopes: ScopeIndex, depth: int):
    left = static_value(node.left, scopes, depth + 1)
    if left is UNKNOWN:
        return UNKNOWN
    if node.operator == "??":
        use_left = left is not None and left is not UNDEFINED
    elif node.operator == "||":
        use_left = _truthy(left)
    else:  # &&
        use_left = not _truthy(left)
    return left if use_left else static_value(node.right, scopes, depth + 1)


def _member_value(node: JSNode, scopes: ScopeIndex, depth: int):
    obj = resolve_object(node.object, scopes, depth + 1)
    if obj is None:
        return UNKNOWN
    if node.computed:
        key = static_value(node.property, scopes, depth + 1)
        if not isinstance(key, str):
            return UNKNOWN
    else:
        key = node.property.name
    value = object_property(obj, key, scopes, depth + 1)
    if value is ABSENT:
        return UNDEFINED
    if value is UNKNOWN:
        return UNKNOWN
    return static_value(value, scopes, depth + 1)


def _truthy(value) -> bool:
    if value is UNDEFINED or value is None:
        return False
    return bool(value)


def _to_string(value) -> str | None:
    """JavaScript's ``String(value)`` for the values this module produces."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    return None


def _plus(left, right):
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if isinstance(left, str) or isinstance(right, str):
        left_text, right_text = _to_string(left), _to_string(right)
        if left_text is None or right_text is None:
            return UNKNOWN
        return left_text + right_text
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers) and not isinstance(
            left, bool) and not isinstance(right, bool):
        return left + right
    return UNKNOWN
