"""The one place JavaScript is parsed, and esprima2's quirks are normalised to ESTree.

esprima2 parses real modern code but names some nodes off-ESTree.  Rules only ever see
the ESTree names produced here:

- ``CallExpression`` with callee ``Import``  -> ``ImportExpression`` (``source``)
- ``ForAwaitStatement``                      -> ``ForOfStatement`` with ``await = True``
- ``FieldDefinition``                        -> ``PropertyDefinition``
- ``StaticBlock`` whose body is a ``BlockStatement`` -> ``StaticBlock`` with a list body
- ``isAsync``                                -> ``async``
- ``class A { async *gen() {} }``, which esprima2 misparses as a field named ``async``
  followed by a generator method, is merged back into one async generator method.

Every node gets ``parent``; positions are ``line`` (1-based) and ``column`` (0-based).
"""

from __future__ import annotations

from esprima import error_handler as _esprima_errors
import esprima

from lint_rules.failures import ParseFailure


class JSNode:
    """An ESTree node: ``type``, its fields as attributes, ``parent``, ``line``/``column``."""

    __slots__ = ("__dict__",)

    def __init__(self, node_type: str):
        self.type = node_type
        self.parent = None

    def __repr__(self) -> str:
        return f"<{self.type} {getattr(self, 'line', '?')}:{getattr(self, 'column', '?')}>"

    def get(self, name, default=None):
        return self.__dict__.get(name, default)

    def children(self):
        """Child nodes in source order of fields."""
        for key, value in self.__dict__.items():
            if key in ("parent", "leading_comments"):
                continue
            if isinstance(value, JSNode):
                yield value
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, JSNode):
                        yield item


class Program(JSNode):
    """The root, carrying ``comments`` for suppressions."""


_SKIPPED_FIELDS = {"range", "loc", "leadingComments", "trailingComments", "innerComments"}


def _convert(node, parent=None):
    """Copy an esprima node tree into :class:`JSNode`s with ESTree names (iteratively)."""
    root = None
    stack = [(node, parent, None, None)]
    while stack:
        raw, owner, field, index = stack.pop()
        raw_type = getattr(raw, "type", None)
        converted = Program(raw_type) if raw_type == "Program" else JSNode(raw_type)
        converted.parent = owner
        loc = getattr(raw, "loc", None)
        if loc is not None:
            converted.line, converted.column = loc.start.line, loc.start.column
            converted.end_line, converted.end_column = loc.end.line, loc.end.column
        else:
            converted.line = converted.column = 0
            converted.end_line = converted.end_column = 0
        for key, value in vars(raw).items():
            if key in _SKIPPED_FIELDS or key == "type":
                continue
            if isinstance(value, esprima.nodes.Node):
                setattr(converted, key, None)
                stack.append((value, converted, key, None))
            elif isinstance(value, list):
                items = [None] * len(value)
                setattr(converted, key, items)
                for position, item in enumerate(value):
                    if isinstance(item, esprima.nodes.Node):
                        stack.append((item, converted, key, position))
                    else:
                        items[position] = item
            else:
                setattr(converted, key, value)
        if owner is None:
            root = converted
        elif index is None:
            setattr(owner, field, converted)
        else:
            getattr(owner, field)[index] = converted
    return root


def _normalise(program: JSNode) -> None:
    stack = [program]
    while stack:
        node = stack.pop()
        if "isAsync" in node.__dict__:
            node.__dict__["async"] = node.__dict__.pop("isAsync")
        if node.type == "CallExpression" and getattr(node.callee, "type", None) == "Import":
            node.type = "ImportExpression"
            node.source = node.arguments[0] if node.arguments else None
            del node.callee, node.arguments
        elif node.type == "ForAwaitStatement":
            node.type = "ForOfStatement"
            node.__dict__["await"] = True
        elif node.type == "ForOfStatement":
            node.__dict__.setdefault("await", False)
        elif node.type == "FieldDefinition":
            node.type = "PropertyDefinition"
        elif node.type == "StaticBlock" and isinstance(node.get("body"), JSNode):
            node.body = node.body.body
            for child in node.body:
                child.parent = node
        elif node.type == "ClassBody":
            _merge_async_generator_methods(node)
        stack.extend(node.children())


def _merge_async_generator_methods(class_body: JSNode) -> None:
    """Undo esprima2's split of ``async *gen() {}`` into a field and a method."""
    members = class_body.body
    merged = []
    index = 0
    while index < len(members):
        member = members[index]
        following = members[index + 1] if index + 1 < len(members) else None
        if (
            member.type in ("FieldDefinition", "PropertyDefinition")
            and not member.get("computed")
            and member.get("value") is None
            and getattr(member.key, "name", None) == "async"
            and following is not None
            and following.type == "MethodDefinition"
            and following.value.get("generator")
            and following.line == member.end_line
        ):
            following.value.__dict__["isAsync"] = True
            following.value.__dict__["async"] = True
            following.line, following.column = member.line, member.column
            following.static = member.get("static", False)
            merged.append(following)
            index += 2
            continue
        merged.append(member)
        index += 1
    class_body.body = merged


def parse_js(text: str, module: bool = True) -> Program:
    """Parse JavaScript to a normalised ESTree :class:`Program` (raises ParseFailure).

    Tries a module first (``import``/``export``, strict mode), then a classic script, and
    reports the module parse's error when both fail.
    """
    options = {"loc": True, "range": False, "comment": True}
    attempts = (esprima.parseModule, esprima.parseScript) if module else (esprima.parseScript,)
    first_error = None
    raw = None
    for parse in attempts:
        try:
            raw = parse(text, options)
            break
        except _esprima_errors.Error as error:
            first_error = first_error or error
        except RecursionError:
            raise ParseFailure("too deeply nested to parse") from None
    if raw is None:
        message = getattr(first_error, "description", None) or str(first_error)
        if message.startswith("Line "):
            message = message.split(": ", 1)[-1]
        raise ParseFailure(
            f"syntax error: {message}",
            getattr(first_error, "lineNumber", 1),
            max(0, (getattr(first_error, "column", 1) or 1) - 1),
        )
    comments = list(getattr(raw, "comments", None) or [])
    try:
        program = _convert(raw)
        _normalise(program)
    except RecursionError:
        raise ParseFailure("too deeply nested to analyse") from None
    program.comments = comments
    return program


def walk(node: JSNode):
    """Every node below (and including) ``node``, parents before children, iteratively."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(current.children())))
