"""The JavaScript language plugin: ``.js``/``.mjs``/``.cjs`` files, UTF-8, parsed on
demand by :mod:`js_rules.parser` (``.cjs`` as a classic script), comments from the parse.

JavaScript is parsed only when a rule's prefilter wants the file: esprima2 is pure
Python, and most files of a front end hold nothing the JS rules look for.
"""

from __future__ import annotations

from js_rules.analyses.bindings import FUNCTION_TYPES
from js_rules.analyses.functions import function_name
from js_rules.parser import parse_js, walk
from lint_rules.failures import ParseFailure
from lint_rules.languages import Comment, Language
from lint_rules.suppressions import js_add_suppressions, js_directives


def decode_js(data: bytes) -> str:
    """Decode JavaScript source: UTF-8, with or without a BOM."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseFailure(f"cannot decode as UTF-8: {error.reason}", line) from None


def parse(path: str, text: str):
    """The normalised ESTree program of a file."""
    return parse_js(text, module=not path.lower().endswith(".cjs"))


def js_comments(path: str, text: str, tree) -> list[Comment]:
    """Every ``//`` and ``/* */`` comment of the parsed program."""
    return [Comment(c.loc.start.line, c.loc.end.line, c.value, c.loc.start.column)
            for c in tree.comments]


_CLASS_TYPES = frozenset({"ClassDeclaration", "ClassExpression"})


def js_definitions(source) -> list[tuple[int, int, str]]:
    """Named functions and classes of a parsed file as (first line, last line, qualified
    name); anonymous callbacks belong to the function they are written in.  None when
    the file does not parse."""
    try:
        tree = source.tree
    except ParseFailure:
        return []
    found = []
    names: dict[int, str] = {}  # id(node) -> qualified name of a named definition
    for node in walk(tree):
        if node.type in FUNCTION_TYPES:
            name = function_name(node)
        elif node.type in _CLASS_TYPES:
            name = node.id.name if node.get("id") is not None else None
        else:
            continue
        if not name:
            continue
        owner = node.parent
        while owner is not None and id(owner) not in names:
            owner = owner.parent
        qualified = f"{names[id(owner)]}.{name}" if owner is not None else name
        names[id(node)] = qualified
        found.append((node.line, getattr(node, "end_line", None) or node.line, qualified))
    return found


LANGUAGE = Language(
    name="js",
    suffixes=(".js", ".mjs", ".cjs"),
    decode=decode_js,
    parse=parse,
    comments=js_comments,
    suppressions=js_directives,
    comments_need_tree=True,
    definitions=js_definitions,
    definitions_need_tree=True,
    add_suppressions=js_add_suppressions,
)
