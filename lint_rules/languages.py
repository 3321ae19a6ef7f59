"""Language plugins: each checked language registers, in one place, what the rest of the
suite needs to know about it.

A :class:`Language` names its file suffixes and supplies how its files are decoded,
syntax-checked and parsed, how its comments are read, and which suppression comments it
understands.  The sources, the engine and the suppressions ask the language of a file
instead of testing for ``"python"`` or ``"js"``.  Adding a language is one module that
defines ``LANGUAGE`` and one entry in :data:`LANGUAGE_MODULES`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

# Every language plugin module, each defining ``LANGUAGE``; listed explicitly so that a
# typo fails loudly and no file-system scan is needed.
LANGUAGE_MODULES = ("lint_rules.python_language", "js_rules.language")


@dataclass(frozen=True)
class Comment:
    """A source comment: first and last line (1-based), its text without markers, and
    the 0-based column where it starts."""

    line: int
    end_line: int
    text: str
    column: int = 0


@dataclass(frozen=True)
class Language:
    """What the suite needs to check files of one language.

    ``decode(data) -> text`` and ``parse(path, text) -> tree`` raise
    :class:`~lint_rules.failures.ParseFailure`; ``syntax_error(path, text)`` is a cheap
    check run on every file (None when the language parses only on demand);
    ``comments(path, text, tree)`` reads the comments (``tree`` may be None when
    ``comments_need_tree`` is false); ``suppressions(comments, symbols)`` lists the
    suppression directives (:class:`lint_rules.suppressions.Suppression`);
    ``definitions(source)`` lists the named definitions of a loaded file as (first line,
    last line, qualified name), outermost first (the baseline keys findings by the
    innermost), ``definitions_need_tree`` that they are read from the tree (so they are
    taken before the tree is let go); ``columns_in_utf8`` says that finding columns count
    UTF-8 bytes (as Python's ``ast`` does), not characters; ``encoding_of(data)`` names the
    codec that writes an edited file back as it was (its byte order mark included), and
    ``add_suppressions(source, {line: codes}, reason)`` adds suppression directives to a
    file's text (``--add-noqa``); ``cached_lines()`` says how many lines of source the
    language keeps analysed between files, and ``clear_caches()`` drops them (both
    optional; see :mod:`lint_rules.memory_budget`); ``forget_tree(tree)`` (optional) drops
    what the language cached of one file's tree once the file is done with.
    """

    name: str
    suffixes: tuple[str, ...]
    decode: Callable
    parse: Callable
    comments: Callable
    suppressions: Callable
    syntax_error: Callable | None = None
    comments_need_tree: bool = False
    cached_lines: Callable | None = None
    clear_caches: Callable | None = None
    forget_tree: Callable | None = None
    definitions: Callable | None = None
    definitions_need_tree: bool = False
    columns_in_utf8: bool = False
    encoding_of: Callable = lambda data: "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") \
        else "utf-8"
    add_suppressions: Callable | None = None


_LANGUAGES: dict[str, Language] = {}


def languages() -> dict[str, Language]:
    """Every language plugin by name."""
    if not _LANGUAGES:
        for module_name in LANGUAGE_MODULES:
            language = importlib.import_module(module_name).LANGUAGE
            _LANGUAGES[language.name] = language
    return _LANGUAGES


def language_of(path: str) -> Language | None:
    """The language of a file by its suffix, or None for a file the suite does not check."""
    lowered = path.lower()
    for language in languages().values():
        if lowered.endswith(language.suffixes):
            return language
    return None


def language_named(name: str) -> Language:
    """A language plugin by name (``"python"``, ``"js"``)."""
    return languages()[name]
