"""Inline styles a JavaScript program writes: presentation set in code instead of CSS.

:func:`style_writes` lists every place the program writes an element's inline style:

- an assignment to a property of a style declaration (``el.style.display = 'none'``,
  ``el.style['background-color'] = c``, ``+=`` and the logical assignments too), to its
  ``cssText``, or to ``el.style`` itself (``el.style = 'color: red'``);
- ``style.setProperty(name, value)``, ``Object.assign(el.style, { ... })``;
- ``el.setAttribute('style', ...)``;
- the ``style`` option of an element factory (ComfyUI's ``$el('div', { style: { display:
  'none' } })``; the factories are an argument of the analysis);
- a ``style="..."`` attribute in HTML that is assigned to ``innerHTML``/``outerHTML``
  (``=`` or ``+=``) or passed to ``insertAdjacentHTML``: in the string and template
  literals of the assigned expression, also in nested templates (``${rows.map(r =>
  `<td style="...">`)}``) and in the values of the variables it is built from
  (``let html = '<div ...'; html += ...; el.innerHTML = html``).

A *style declaration* is ``<anything>.style`` (also ``a?.style``) or a ``const`` bound to
one (``const s = el.style``).  Reads (``el.style.display === 'none'``,
``getComputedStyle``), ``removeProperty`` and ``classList`` changes are not writes.

Each :class:`StyleWrite` says which CSS properties it sets, in CSS spelling
(``backgroundColor`` is ``background-color``; None when not known statically), the
static value when there is one, and whether a property is a CSS custom property
(``--x``), which layouts set from code on purpose (``setProperty('--progress', pct)``).
A ``setProperty`` whose property name is not known statically is not listed: it may be a
custom property.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from js_rules.analyses.bindings import Binding, ScopedAnalysis, ScopeIndex
from js_rules.analyses.functions import dotted_name
from js_rules.analyses.references import property_of, strip_chain
from js_rules.analyses.values import property_name, static_value, string_value
from js_rules.parser import JSNode, walk

_ASSIGNING = frozenset({"=", "+=", "||=", "&&=", "??="})
_HTML_PROPERTIES = frozenset({"innerHTML", "outerHTML"})
_WHOLE_STYLE = "cssText"
MAX_HTML_DEPTH = 8  # variable-to-variable chains followed when collecting HTML pieces
_PLACEHOLDER = "\x00"  # stands for a template's ``${...}`` when its pieces are joined
# ``style=`` as an attribute: inside a tag (``<div class="x" style=...``), or at the
# start of a fragment spliced into one (``<div ${hidden ? 'style="display:none"' : ''}>``).
_STYLE_ATTRIBUTE = re.compile(
    r"(?:<[A-Za-z][\w:.-]*(?:\s[^<>]*?)?\s|^\s*)(style)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'"
    r"|(?=[\x00\w]))",
    re.I)
_VENDOR_PREFIXES = ("webkit", "moz", "ms", "o")


@dataclass(frozen=True)
class StyleWrite:
    """One inline-style write.

    ``properties``: the CSS properties set (CSS spelling), empty when unknown (a
    ``cssText`` built at run time).  ``value``: the static value of a single property,
    else None.  ``computed``: the value is computed at run time (a position, a width),
    not one of a few fixed looks (``ok ? 'green' : 'red'`` is not computed).  ``how``:
    what the code does, for messages.
    """

    line: int
    column: int
    how: str
    properties: tuple[str, ...] = ()
    value: str | None = None
    computed: bool = False

    @property
    def custom_only(self) -> bool:
        """Whether every property written is a CSS custom property (``--x``)."""
        return bool(self.properties) and all(p.startswith("--") for p in self.properties)


def css_name(name: str) -> str:
    """A style declaration's property as CSS spells it: ``backgroundColor`` ->
    ``background-color``, ``webkitTransform`` -> ``-webkit-transform``, ``cssFloat`` ->
    ``float``; dashed names and custom properties stay as they are."""
    if name.startswith("-") or "-" in name:
        return name.lower() if not name.startswith("--") else name
    if name == "cssFloat":
        return "float"
    dashed = re.sub(r"([A-Z])", r"-\1", name).lower()
    prefix = dashed.split("-", 1)[0]
    if prefix in _VENDOR_PREFIXES and "-" in dashed and name[len(prefix):][:1].isupper():
        dashed = "-" + dashed
    return dashed


def declared_properties(css_text: str) -> tuple[str, ...]:
    """The property names of a declaration list (``display: none; color: red``); parts
    built at run time (a template's ``${...}``) name nothing."""
    names = []
    for declaration in css_text.split(";"):
        name, colon, _value = declaration.partition(":")
        name = name.strip()
        if colon and re.fullmatch(r"-{0,2}[A-Za-z][\w-]*", name):
            names.append(name if name.startswith("--") else name.lower())
    return tuple(dict.fromkeys(names))


def _single_value(css_text: str) -> str | None:
    parts = [d for d in css_text.split(";") if d.strip()]
    if len(parts) != 1 or _PLACEHOLDER in css_text:
        return None  # several properties, or a value computed at run time
    return parts[0].partition(":")[2].strip() or None


class StyleWrites(ScopedAnalysis):
    """The inline-style writes of one program (:attr:`writes`, in source order);
    ``factories`` are the dotted names of element factories taking a ``style`` option."""

    def __init__(self, program: JSNode, scopes: ScopeIndex, factories: tuple[str, ...] = ()):
        self.program = program
        self.scopes = scopes
        self.factories = frozenset(factories)
        self._assigned: dict[Binding, list[JSNode]] | None = None
        found: list[StyleWrite] = []
        for assignment in scopes.nodes_of_type("AssignmentExpression"):
            if assignment.operator in _ASSIGNING:
                found.extend(self._assignment(assignment))
        for call in scopes.nodes_of_type("CallExpression"):
            found.extend(self._call(call))
        # One write per place: a template reached from two innerHTML assignments is one.
        by_place = {}
        for write in found:
            by_place.setdefault((write.line, write.column), write)
        self.writes = [by_place[place] for place in sorted(by_place)]

    @classmethod
    def from_file(cls, source, factories: tuple[str, ...] = ()):
        """The writes of one checked file, on its shared scope index."""
        return cls(source.tree, source.analysis(ScopeIndex), tuple(factories))

    # -- style declarations ----------------------------------------------------------------
    def is_style_declaration(self, node: JSNode | None, depth: int = 0) -> bool:
        """Whether an expression is an element's style declaration (see the module)."""
        node = strip_chain(node)
        if node is None or depth > MAX_HTML_DEPTH:
            return False
        if node.type == "MemberExpression":
            return property_of(node, self.scopes) == "style"
        if node.type == "Identifier":
            binding = self.scopes.resolve(node)
            return binding is not None and binding.kind == "const" and (
                self.is_style_declaration(binding.init, depth + 1))
        return False

    def _value_text(self, node: JSNode | None) -> str | None:
        node = strip_chain(node)
        while node is not None and node.type == "AssignmentExpression" and node.operator == "=":
            node = node.right
        value = static_value(node, self.scopes)
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            return str(int(value)) if float(value).is_integer() else str(value)
        return value if isinstance(value, str) else None

    def _is_computed(self, node: JSNode | None, depth: int = 0) -> bool:
        """Whether a value is computed at run time rather than picked among constants."""
        node = strip_chain(node)
        if node is None or depth > MAX_HTML_DEPTH:
            return False
        if node.type == "AssignmentExpression" and node.operator == "=":
            return self._is_computed(node.right, depth + 1)  # a = b.style.x = 'none'
        if node.type == "ConditionalExpression":
            return any(self._is_computed(branch, depth + 1)
                       for branch in (node.consequent, node.alternate))
        return self._value_text(node) is None and static_value(node, self.scopes) is not None

    def _assignment(self, assignment: JSNode) -> list[StyleWrite]:
        target = strip_chain(assignment.left)
        if target.type != "MemberExpression":
            return []
        name = property_of(target, self.scopes)
        line, column = assignment.line, assignment.column
        if name in _HTML_PROPERTIES:
            return self._html_writes(assignment.right, f"HTML assigned to {name}")
        if name == "style" and not self.is_style_declaration(target.object):
            return [self._whole_style(line, column, "element.style = ...", assignment.right)]
        if not self.is_style_declaration(target.object) or name is None:
            return []
        if name == _WHOLE_STYLE:
            return [self._whole_style(line, column, "style.cssText = ...", assignment.right)]
        prop = css_name(name)
        how = f"style['{name}'] = ..." if target.computed else f"style.{name} = ..."
        return [StyleWrite(line, column, how, (prop,),
                           self._value_text(assignment.right),
                           self._is_computed(assignment.right))]

    def _whole_style(self, line: int, column: int, how: str, value: JSNode) -> StyleWrite:
        """A write of a whole declaration list (``cssText``, the style attribute)."""
        text = string_value(value, self.scopes)
        properties = declared_properties(text) if text else ()
        single = _single_value(text) if text and len(properties) == 1 else None
        return StyleWrite(line, column, how, properties, single)

    def _call(self, call: JSNode) -> list[StyleWrite]:
        callee = strip_chain(call.callee)
        if self.factories and dotted_name(callee) in self.factories:
            return self._factory_styles(call, dotted_name(callee))
        if callee.type != "MemberExpression":
            return []
        method = property_of(callee, self.scopes)
        arguments = call.arguments
        line, column = call.line, call.column
        if method == "setProperty" and arguments and self.is_style_declaration(callee.object):
            name = self._property_name(arguments[0])
            if name is None:
                return []
            value = arguments[1] if len(arguments) > 1 else None
            return [StyleWrite(line, column, f"style.setProperty('{name}', ...)",
                               (css_name(name),), self._value_text(value),
                               self._is_computed(value))]
        if method == "setAttribute" and len(arguments) >= 2:
            name = string_value(arguments[0], self.scopes)
            if name is None or name.lower() != "style":
                return []
            return [self._whole_style(line, column, "setAttribute('style', ...)", arguments[1])]
        if method == "insertAdjacentHTML" and len(arguments) >= 2:
            return self._html_writes(arguments[1], "HTML passed to insertAdjacentHTML")
        if method == "assign" and arguments and self._is_object_global(callee.object) and (
                self.is_style_declaration(arguments[0])):
            return [self._object_assign(call)]
        return []

    def _is_object_global(self, node: JSNode) -> bool:
        node = strip_chain(node)
        return node.type == "Identifier" and node.name == "Object" and (
            self.scopes.resolve(node) is None)

    def _property_name(self, node: JSNode) -> str | None:
        """A ``setProperty`` name: static, or a template known to start with ``--``."""
        name = string_value(node, self.scopes)
        if name is not None:
            return name
        node = strip_chain(node)
        if node.type == "TemplateLiteral" and node.quasis and (
                (node.quasis[0].value.cooked or "").startswith("--")):
            return node.quasis[0].value.cooked
        return None

    def _declarations(self, objects) -> tuple[tuple[str, ...], str | None]:
        """The CSS properties object literals of style values set, and the value when
        there is one property."""
        names: list[str] = []
        value = None
        for argument in objects:
            argument = strip_chain(argument)
            if argument is None or argument.type != "ObjectExpression":
                continue
            for prop in argument.properties:
                if prop.type != "Property":
                    continue
                key = prop.key
                name = (key.name if key.type == "Identifier" and not prop.get("computed")
                        else string_value(key, self.scopes))
                if name is not None:
                    names.append(css_name(name))
                    value = self._value_text(prop.value)
        properties = tuple(dict.fromkeys(names))
        return properties, value if len(properties) == 1 else None

    def _object_assign(self, call: JSNode) -> StyleWrite:
        properties, value = self._declarations(call.arguments[1:])
        return StyleWrite(call.line, call.column, "Object.assign(element.style, ...)",
                          properties, value)

    def _factory_styles(self, call: JSNode, factory: str) -> list[StyleWrite]:
        """The ``style`` options of an element factory call (``$el(tag, { style })``)."""
        writes = []
        for argument in call.arguments:
            argument = strip_chain(argument)
            if argument.type != "ObjectExpression":
                continue
            for prop in argument.properties:
                if prop.type != "Property" or property_name(prop, self.scopes) != "style":
                    continue
                how = f"style option of {factory}(...)"
                text = string_value(prop.value, self.scopes)
                if text is not None:
                    properties = declared_properties(text)
                    value = _single_value(text) if len(properties) == 1 else None
                else:
                    properties, value = self._declarations([prop.value])
                writes.append(StyleWrite(prop.line, prop.column, how, properties, value))
        return writes

    # -- HTML --------------------------------------------------------------------------------
    def _assignments(self) -> dict[Binding, list[JSNode]]:
        """Binding -> every value assigned to it (``=``/``+=``), built once."""
        if self._assigned is None:
            self._assigned = {}
            for assignment in self.scopes.nodes_of_type("AssignmentExpression"):
                left = assignment.left
                if left.type == "Identifier" and assignment.operator in _ASSIGNING:
                    binding = self.scopes.resolve(left)
                    if binding is not None:
                        self._assigned.setdefault(binding, []).append(assignment.right)
        return self._assigned

    def _html_pieces(self, expression: JSNode):
        """String literals and template literals the HTML expression is built from."""
        pending, seen = [(expression, 0)], set()
        while pending:
            root, depth = pending.pop()
            if root is None or root in seen or depth > MAX_HTML_DEPTH:
                continue
            seen.add(root)
            for node in walk(root):
                if node.type == "TemplateLiteral" or (
                        node.type == "Literal" and isinstance(node.value, str)):
                    yield node
                elif node.type == "Identifier":
                    binding = self.scopes.resolve(node)
                    if binding is None or binding.kind not in ("const", "let", "var"):
                        continue
                    if binding.identifier is node:
                        continue
                    pending.append((binding.init, depth + 1))
                    pending.extend((value, depth + 1)
                                   for value in self._assignments().get(binding, ()))

    def _html_writes(self, expression: JSNode, how: str) -> list[StyleWrite]:
        writes = []
        for piece in self._html_pieces(expression):
            for line, column, css_text in _style_attributes(piece):
                properties = declared_properties(css_text) if css_text else ()
                value = _single_value(css_text) if css_text and len(properties) == 1 else None
                writes.append(StyleWrite(line, column, f"style attribute in {how}",
                                         properties, value))
        return writes


def _parts(piece: JSNode) -> list[tuple[str, int, int]]:
    """(text, line, column where the text starts) of a string or template literal.

    The text is the cooked value (``\\"`` is ``"``), so a column after an escape on the
    same line is off by the escape's length."""
    if piece.type == "Literal":  # on one source line: a "\\n" in it is no line break
        return [(piece.value.replace("\n", " "), piece.line, piece.column + 1)]
    return [(quasi.value.cooked if quasi.value.cooked is not None else quasi.value.raw or "",
             quasi.line, quasi.column + 1) for quasi in piece.quasis]


def _position(parts: list[tuple[str, int, int]], offset: int) -> tuple[int, int]:
    """The (line, column) of ``offset`` in the parts joined by placeholders."""
    for text, line, column in parts:
        if offset <= len(text):
            before = text[:offset]
            newlines = before.count("\n")
            if newlines:
                return line + newlines, len(before) - before.rfind("\n") - 1
            return line, column + offset
        offset -= len(text) + len(_PLACEHOLDER)
    text, line, column = parts[-1]
    return line, column


def _style_attributes(piece: JSNode):
    """(line, column, attribute value or None) of every ``style=`` attribute in a piece."""
    parts = _parts(piece)
    joined = _PLACEHOLDER.join(text for text, _line, _column in parts)
    if "style" not in joined.lower():
        return
    for match in _STYLE_ATTRIBUTE.finditer(joined):
        line, column = _position(parts, match.start(1))
        css_text = match.group(2) if match.group(2) is not None else match.group(3)
        yield line, column, css_text
