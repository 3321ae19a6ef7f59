"""The one place JavaScript is parsed, and esprima2's quirks are normalised to ESTree.

esprima2 parses real modern code but names some nodes off-ESTree.  Rules only ever see
the ESTree names produced here:

- ``CallExpression`` with callee ``Import``  -> ``ImportExpression`` (``source``)
- ``ForAwaitStatement``                      -> ``ForOfStatement`` with ``await = True``
- ``FieldDefinition``                        -> ``PropertyDefinition``
- ``StaticBlock`` whose body is a ``BlockStatement`` -> ``StaticBlock`` with a list body
- ``isAsync``                                -> ``async``

esprima2 also rejects or misreads some valid JavaScript.  :class:`_Parser` (a subclass of
esprima2's parser: each fix wraps or pre-empts one of its methods, none copies one) and
:func:`parse_js` work around what real npm code meets:

- **tokens spanning lines** (template literals, strings with a line continuation) carry
  the line where they *end*; esprima2 compares it with the previous token's line to find
  a line break, so ``throw `a<newline>b``` was "Illegal newline after throw" and
  ``yield `a<newline>b``` lost its argument, and it starts nodes at the token's end line
  (`` `a<newline>b`.trim()`` at column -3).  ``nextToken`` takes the start of the new
  lookahead from the parser's own start marker, and ``startNode`` uses it;
- **CommonJS**: Node runs a ``.cjs`` file, and a ``.js`` file that is not a module, as
  the body of a function, so a top-level ``return`` (and ``new.target``) is valid.  The
  script parse runs with esprima2's "in a function body" flag set from the start: no
  wrapping, so every line, column and comment is where it is in the file;
- a **hashbang** line (``#!/usr/bin/env node``) followed by a blank line or a comment
  was a syntax error or an ``AssertionError``: it is blanked out (same length) first;
- ``async *m() {}`` and ``async #m() {}`` in a class were a field ``async`` plus a
  generator, and a method that is not async (``await`` in it a syntax error), and in an
  object literal ``async *m() {}`` and a last or defaulted shorthand ``{ a, async }``
  were syntax errors: ``parseClassElement`` and ``parseObjectProperty`` parse these;
- a class field named by a keyword (``class;``, ``static = 1``, ``if = 2``) was a syntax
  error, and so was ``super.x`` in a field initialiser or a static block: the class body
  is parsed as a function body (methods set the flag again for their own bodies);
- any other exception from esprima2 on bad input becomes a :class:`ParseFailure`.

Still rejected although valid (rare; see the module's tests): a raw U+2028/U+2029 in a
string literal, identifiers outside the Basic Multilingual Plane, ``(-2) ** 2``, and
HTML-like comments (``<!--``) in scripts.  ``return`` followed by a line break and a
string or template literal still takes it as its argument.

Every node gets ``parent``; positions are ``line`` (1-based) and ``column`` (0-based).
"""

from __future__ import annotations

import re

from esprima import error_handler as _esprima_errors
from esprima import nodes as _esprima_nodes
from esprima.comment_handler import CommentHandler
from esprima.parser import Marker, Parser as _EsprimaParser
from esprima.token import Token
import esprima

from lint_rules.failures import ParseFailure


class _Parser(_EsprimaParser):
    """esprima2's parser with the fixes listed in the module docstring."""

    def __init__(self, text: str, options: dict, delegate, commonjs: bool):
        super().__init__(text, options=options, delegate=delegate)
        # Node wraps CommonJS in a function: top-level ``return`` and ``new.target``.
        self.context.inFunctionBody = commonjs

    # -- tokens that span lines -----------------------------------------------------------
    def nextToken(self):
        token = super().nextToken()
        # ``startMarker`` is where the new lookahead starts; its ``lineNumber`` is where it
        # ends, the same line unless it is a template or a string spanning lines.
        start = self.startMarker
        self.hasLineTerminator = token.lineNumber != start.line
        following = self.lookahead
        following.start_line, following.start_column = start.line, start.column
        return token

    def startNode(self, token, lastLineStart=0):
        if token.start_line is None:  # not scanned as a lookahead (esprima Objects say None)
            return super().startNode(token, lastLineStart)
        return Marker(index=token.start, line=token.start_line, column=token.start_column)

    def _peek(self, count: int) -> list:
        """The ``count`` tokens after the lookahead, fewer at a scan error; the scanner is
        left where it was (its template-brace stack too)."""
        scanner = self.scanner
        state, braces = scanner.saveState(), list(scanner.curlyStack)
        tokens = []
        try:
            for _ in range(count):
                scanner.scanComments()
                tokens.append(scanner.lex())
        except _esprima_errors.Error:
            pass
        finally:
            scanner.restoreState(state)
            scanner.curlyStack = braces
        return tokens

    def _async_method(self, generator: bool):
        """``async``, ``*`` when ``generator``, a key, and the method's function."""
        self.nextToken()
        if generator:
            self.nextToken()
        computed = self.match("[")
        key = self.parseObjectPropertyKey()
        value = self.parsePropertyMethodAsyncFunction()  # ``await`` and ``yield`` allowed
        value.generator = generator
        return key, computed, value

    # -- object literals ------------------------------------------------------------------
    def parseObjectProperty(self, hasProto):
        if _is_word(self.lookahead, "async"):
            following = self._peek(1)
            if following and _is_punctuator(following[0], "*") and _same_line(
                    self.lookahead, following[0]):
                node = self.createNode()
                key, computed, value = self._async_method(generator=True)
                return self.finalize(node, _esprima_nodes.Property(
                    "init", key, computed, value, True, False))
            if following and any(_is_punctuator(following[0], p) for p in ("}", "=")):
                return self._async_shorthand()
        return super().parseObjectProperty(hasProto)

    def _async_shorthand(self):
        """``{ async }`` or ``{ async = 1 } = o``, which esprima2 took for a method."""
        node = self.createNode()
        self.nextToken()
        name = self.finalize(node, _esprima_nodes.Identifier("async"))
        value = name
        if self.match("="):  # as esprima2 parses ``{ a = 1 }``: valid only as a pattern
            self.context.firstCoverInitializedNameError = self.lookahead
            self.nextToken()
            default = self.isolateCoverGrammar(self.parseAssignmentExpression)
            value = self.finalize(node, _esprima_nodes.AssignmentPattern(name, default))
        return self.finalize(node, _esprima_nodes.Property(
            "init", name, False, value, False, True))

    # -- classes --------------------------------------------------------------------------
    def parseClassBody(self):
        # Field initialisers and static blocks may use ``super.x`` and ``new.target``.
        previous = self.context.inFunctionBody
        self.context.inFunctionBody = True
        body = super().parseClassBody()
        self.context.inFunctionBody = previous
        return body

    def parseClassElement(self, hasConstructor):
        special = self._special_class_element()
        if special is None:
            return super().parseClassElement(hasConstructor)
        is_static, kind = special
        node = self.createNode()
        if is_static:
            self.nextToken()
        if kind != "field":
            key, computed, value = self._async_method(generator=kind == "async generator")
            return self.finalize(node, _esprima_nodes.MethodDefinition(
                key, computed, value, "method", is_static))
        key = self.parseObjectPropertyKey()
        value = None
        if self.match("="):
            self.nextToken()
            value = self.parseAssignmentExpression()
        if not self.match(";", "}") and not self.hasLineTerminator:
            self.throwUnexpectedToken(self.lookahead)
        return self.finalize(node, _esprima_nodes.FieldDefinition(
            key, False, value, "init", is_static))

    def _special_class_element(self):
        """``(is_static, kind)`` for a class element esprima2 gets wrong, else None: kind
        ``"async generator"`` or ``"async private"`` (``[static] async *key`` or ``[static]
        async #key``), or ``"field"`` (a field named by a keyword: ``class;``)."""
        lookahead = self.lookahead
        if lookahead.type is not Token.Keyword and not _is_word(lookahead, "async"):
            return None  # ``static`` is a keyword here: class bodies are strict
        tokens = [lookahead] + self._peek(3)
        is_static = len(tokens) > 2 and _is_word(tokens[0], "static") and not any(
            _is_punctuator(tokens[1], p) for p in ("(", "=", ";", "}"))
        offset = 1 if is_static else 0
        if len(tokens) < offset + 2:
            return None
        first, second = tokens[offset], tokens[offset + 1]
        if _is_word(first, "async") and _same_line(first, second):
            if _is_punctuator(second, "*"):
                return is_static, "async generator"
            if second.type is Token.PrivateIdentifier:
                return is_static, "async private"
        if first.type is Token.Keyword and not _is_punctuator(second, "("):
            return is_static, "field"  # what else follows a name ends the field (ASI)
        return None


def _is_word(token, word: str) -> bool:
    return token is not None and token.type in (Token.Identifier, Token.Keyword) \
        and token.value == word


def _is_punctuator(token, value: str) -> bool:
    return token is not None and token.type is Token.Punctuator and token.value == value


def _same_line(token, following) -> bool:
    """No line break between ``token`` (on one line) and the start of ``following``."""
    start_line = following.start_line if following.start_line is not None \
        else following.lineNumber
    return token.lineNumber == start_line


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
        stack.extend(node.children())


def parse_js(text: str, module: bool = True) -> Program:
    """Parse JavaScript to a normalised ESTree :class:`Program` (raises ParseFailure).

    Tries a module first (``import``/``export``, strict mode), then a CommonJS script (a
    classic script that may ``return`` at the top level); ``module=False`` (``.cjs``) tries
    only the script.  When both fail, reports the error found further into the file: the
    other parse gave up earlier, on what is valid in its rival (``return`` in a module,
    ``import`` in a script).
    """
    text = _blank_hashbang(text)
    attempts = (True, False) if module else (False,)
    errors = []
    raw = None
    for as_module in attempts:
        try:
            raw = _esprima_parse(text, as_module)
            break
        except RecursionError:
            raise ParseFailure("too deeply nested to parse") from None
        except _esprima_errors.Error as error:
            errors.append(_syntax_failure(error))
        except Exception as error:  # noqa: BLE001 - an esprima2 bug on odd input
            errors.append(ParseFailure(
                f"cannot parse: esprima2 failed: {type(error).__name__}: {error}"))
    if raw is None:
        raise max(errors, key=lambda failure: (failure.line, failure.column))
    comments = raw.comments
    try:
        program = _convert(raw)
        _normalise(program)
    except RecursionError:
        raise ParseFailure("too deeply nested to analyse") from None
    program.comments = comments
    return program


_OPTIONS = {"loc": True, "comment": True, "classProperties": True}


def _esprima_parse(text: str, as_module: bool):
    """esprima2's tree of ``text`` as a module or a CommonJS script, with ``comments``."""
    comments = CommentHandler()
    parser = _Parser(text, _OPTIONS, comments.visit, commonjs=not as_module)
    raw = parser.parseModule() if as_module else parser.parseScript()
    raw.comments = comments.comments
    return raw


def _blank_hashbang(text: str) -> str:
    """``text`` with a leading ``#!`` line turned into spaces (positions unchanged)."""
    hashbang = _HASHBANG.match(text)
    if hashbang is None:
        return text
    return " " * hashbang.end() + text[hashbang.end():]


_HASHBANG = re.compile("#![^\n\r\u2028\u2029]*")


def _syntax_failure(error) -> ParseFailure:
    message = getattr(error, "description", None) or str(error)
    if message.startswith("Line "):
        message = message.split(": ", 1)[-1]
    return ParseFailure(
        f"syntax error: {message}",
        getattr(error, "lineNumber", 1),
        max(0, (getattr(error, "column", 1) or 1) - 1),
    )


def walk(node: JSNode):
    """Every node below (and including) ``node``, parents before children, iteratively."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(current.children())))
