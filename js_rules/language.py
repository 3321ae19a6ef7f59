"""The JavaScript language plugin: ``.js``/``.mjs``/``.cjs`` files, UTF-8, parsed on
demand by :mod:`js_rules.parser` (``.cjs`` as a classic script), comments from the parse.

JavaScript is parsed only when a rule's prefilter wants the file: esprima2 is pure
Python, and most files of a front end hold nothing the JS rules look for.
"""

from __future__ import annotations

from js_rules.parser import parse_js
from lint_rules.failures import ParseFailure
from lint_rules.languages import Comment, Language
from lint_rules.suppressions import js_suppressions


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
    return [Comment(c.loc.start.line, c.loc.end.line, c.value) for c in tree.comments]


LANGUAGE = Language(
    name="js",
    suffixes=(".js", ".mjs", ".cjs"),
    decode=decode_js,
    parse=parse,
    comments=js_comments,
    suppressions=js_suppressions,
    comments_need_tree=True,
)
