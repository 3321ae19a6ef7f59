"""What an expression evaluates to, as far as literals and astroid inference tell.

- :func:`int_values`: the integers an expression can take — a literal, a named constant,
  either branch of a conditional (``404 if missing else 409``), an ``IntEnum`` member
  (``HTTPStatus.NOT_FOUND``);
- :func:`dict_literal`: the dict literal an expression is, or a name is bound to.

Inference failures mean "unknown": what was found up to then is the answer.
"""

from __future__ import annotations

from http import HTTPStatus

from astroid import nodes


def int_values(node) -> list[int]:
    """The integer values an expression can take: literals, constants, conditionals."""
    if node is None:
        return []
    if isinstance(node, nodes.IfExp):
        return int_values(node.body) + int_values(node.orelse)
    if isinstance(node, nodes.Const) and isinstance(node.value, int):
        return [node.value]
    values = []
    try:
        for inferred in node.infer():
            if isinstance(inferred, nodes.Const) and isinstance(inferred.value, int):
                values.append(inferred.value)
            elif _is_enum_member(inferred):
                values.extend(_enum_value(inferred))
    except Exception:  # noqa: BLE001 - inference failures mean "unknown"
        return values
    return values


def _is_enum_member(inferred) -> bool:
    """An ``http.HTTPStatus`` (or other IntEnum) member, as astroid infers it."""
    proxied = getattr(inferred, "_proxied", None)
    return isinstance(proxied, nodes.ClassDef) and "IntEnum" in {
        getattr(base, "name", getattr(base, "attrname", None)) for base in proxied.bases
    }


def _enum_value(member) -> list[int]:
    qname = member._proxied.qname()
    if qname.startswith("http.HTTPStatus."):
        # astroid cannot evaluate HTTPStatus's tuple-valued members; the stdlib can.
        return [int(HTTPStatus[qname.rsplit(".", 1)[1]])]
    try:
        values = list(member.igetattr("value"))
    except Exception:  # noqa: BLE001
        return []
    return [v.value for v in values if isinstance(v, nodes.Const) and isinstance(v.value, int)]


def dict_literal(node):
    """A dict literal the expression is, or is bound to, if any."""
    if isinstance(node, nodes.Dict):
        return node
    if isinstance(node, nodes.Name):
        try:
            inferred = next(node.infer())
        except Exception:  # noqa: BLE001
            return None
        if isinstance(inferred, nodes.Dict):
            return inferred
    return None


def string_literal(node) -> str | None:
    """The text of a string literal (``"host"``), else None; nothing is inferred."""
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None
