"""Which JavaScript expressions name the same thing: references and their keys.

Listener pairing (``addEventListener`` with ``removeEventListener``), element removal and
timer clearing all ask "is this the same reference as that?".  :func:`reference_key`
answers with a hashable key built from the expression's structure:

- a name is its binding (so a shadowing name is a different reference), or the global's
  name when it has none;
- ``this`` is the object literal or class it means, or the non-arrow function it belongs
  to;
- ``a.b`` / ``a['b']`` / ``a?.b`` is the key of ``a`` plus the property name;
- a call is its callee and arguments (``el.querySelector('.x')``), a literal its value.

Anything else (computed properties that cannot be resolved, arrows, ``new``...) has no
key: it names a fresh value, never "the same one" as another expression.
"""

from __future__ import annotations

from js_rules.analyses.bindings import FUNCTION_TYPES, ScopeIndex
from js_rules.analyses.functions import member_name, this_container
from js_rules.parser import JSNode
from js_rules.analyses.values import static_value

MAX_KEY_DEPTH = 24  # member chains longer than this get no key


def strip_chain(node: JSNode | None) -> JSNode | None:
    """The expression without optional-chain wrappers (``a?.b`` is ``a.b`` here)."""
    while node is not None and node.type == "ChainExpression":
        node = node.expression
    return node


def this_owner(node: JSNode) -> JSNode | None:
    """What ``this`` means at ``node``: a class body or object literal when evident, else
    the nearest non-arrow function (None at module level)."""
    container = this_container(node)
    if container is not None:
        return container
    current = node.parent
    while current is not None:
        if current.type in FUNCTION_TYPES and current.type != "ArrowFunctionExpression":
            return current
        current = current.parent
    return None


def property_of(member: JSNode, scopes: ScopeIndex) -> str | None:
    """The property name a member expression reads, resolving constant computed keys."""
    if not member.computed:
        return member_name(member)
    value = static_value(member.property, scopes)
    is_key = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    return str(value) if is_key else None


def method_calls(scopes: ScopeIndex, names):
    """``(call, callee, name)`` for every ``obj.name(...)`` call (also ``obj?.name()``)
    whose method is one of ``names``, in source order."""
    for call in scopes.nodes_of_type("CallExpression"):
        callee = strip_chain(call.callee)
        if callee.type == "MemberExpression":
            name = property_of(callee, scopes)
            if name in names:
                yield call, callee, name


def reference_key(node: JSNode | None, scopes: ScopeIndex, depth: int = 0):
    """A hashable key equal for expressions naming the same reference, or None."""
    node = strip_chain(node)
    if node is None or depth > MAX_KEY_DEPTH:
        return None
    kind = node.type
    if kind == "Identifier":
        binding = scopes.resolve(node)
        return ("global", node.name) if binding is None else ("binding", binding)
    if kind == "ThisExpression":
        return ("this", this_owner(node))
    if kind == "MemberExpression":
        name = property_of(node, scopes)
        owner = reference_key(node.object, scopes, depth + 1)
        return None if name is None or owner is None else ("member", owner, name)
    if kind == "CallExpression":
        callee = reference_key(node.callee, scopes, depth + 1)
        arguments = tuple(reference_key(a, scopes, depth + 1) for a in node.arguments)
        if callee is None or None in arguments:
            return None
        return ("call", callee, arguments)
    if kind in ("Literal", "TemplateLiteral"):
        value = static_value(node, scopes)
        return None if value is None and kind == "TemplateLiteral" else ("value", value)
    return None


def is_reference(identifier: JSNode) -> bool:
    """Whether an ``Identifier`` node reads or writes a variable.

    Property names (``a.name``, ``{ name: 1 }``, method and field names) are not
    references; in a shorthand property ``{ name }`` the value node is.
    """
    parent = identifier.parent
    if parent is None:
        return True
    kind = parent.type
    if kind == "MemberExpression":
        return parent.computed or parent.property is not identifier
    if kind == "Property":
        return parent.key is not identifier or bool(parent.get("computed"))
    if kind in ("MethodDefinition", "PropertyDefinition"):
        return parent.key is not identifier or bool(parent.get("computed"))
    if kind in ("LabeledStatement", "BreakStatement", "ContinueStatement"):
        return False
    if kind in ("ImportSpecifier", "ExportSpecifier"):
        return parent.local is identifier
    return True


def describe(node: JSNode | None, text_lines: list[str], width: int = 60) -> str:
    """The source text of an expression, shortened for messages."""
    if node is None:
        return "?"
    start, end = node.line, node.end_line
    if not start or start > len(text_lines):
        return "?"
    if start == end:
        text = text_lines[start - 1][node.column:node.end_column]
    else:
        pieces = [text_lines[start - 1][node.column:]]
        pieces.extend(text_lines[start:end - 1])
        if end - 1 < len(text_lines):
            pieces.append(text_lines[end - 1][:node.end_column])
        text = " ".join(piece.strip() for piece in pieces)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
