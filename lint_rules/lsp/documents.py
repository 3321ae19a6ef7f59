"""Editor buffers as the engine's sources, and the engine's positions in the editor's terms.

An open document is checked from the text the client sent, never from the disk.  The text
becomes the bytes the editor would save (a Python file in the encoding its coding cookie
declares, everything else UTF-8) and is loaded like a file on disk
(:func:`lint_rules.sources.load_source`), so a buffer is decoded, NUL-checked and
reported exactly as the CLI would report the saved file.  Text the client could not have
read as Unicode (lone surrogates, which is how some clients pass bytes that are not UTF-8)
gives the same ``INV000`` "cannot decode" the CLI gives the file.

Positions: a finding's line is 1-based; its column is 0-based, counted in UTF-8 bytes for
Python (the convention of ``ast`` and astroid) and in characters for JavaScript (esprima
works on the decoded text).  LSP positions are 0-based lines and characters counted in the
client's position encoding (UTF-16 unless negotiated otherwise); :func:`to_client_column`
converts.
"""

from __future__ import annotations

import codecs
import io
import os
import tokenize

from ..languages import language_of
from ..sources import SourceFile, load_source

# Languages whose findings count columns in UTF-8 bytes of the line (Python's ast and
# astroid); the others count characters of the decoded text.
_UTF8_COLUMN_LANGUAGES = frozenset({"python"})


def is_checked(path: str) -> bool:
    """Whether the suite checks files like ``path`` (by suffix)."""
    return language_of(path) is not None


def _saved_encoding(path: str, text: str) -> str:
    """The encoding the editor would write ``text`` in: a Python file's coding cookie (PEP
    263), else UTF-8."""
    plugin = language_of(path)
    if plugin is None or plugin.name != "python":
        return "utf-8"
    head = io.BytesIO("".join(text.splitlines(keepends=True)[:2]).encode(
        "utf-8", "surrogatepass"))
    try:
        encoding, _ = tokenize.detect_encoding(head.readline)
        codecs.lookup(encoding)
    except (SyntaxError, LookupError):
        return "utf-8"
    return "utf-8" if encoding == "utf-8-sig" else encoding


def buffer_bytes(path: str, text: str) -> bytes:
    """The bytes of a buffer as the editor would save them.  Characters the declared
    encoding cannot hold, and lone surrogates, are kept as UTF-8 (surrogates as their
    invalid UTF-8 bytes) so decoding reports them where they are."""
    encoding = _saved_encoding(path, text)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def buffer_source(path: str, text: str) -> SourceFile:
    """A loaded source for an editor buffer at ``path`` (absolute)."""
    return load_source(os.path.abspath(path), buffer_bytes(path, text))


def same_text(first: str | None, second: str | None) -> bool:
    """Whether two texts are the same source (line endings and a BOM aside)."""
    if first is None or second is None:
        return first is second
    return _normalised(first) == _normalised(second)


def _normalised(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def code_point_column(language: str, line_text: str, column: int) -> int:
    """A finding's 0-based column as a character index into ``line_text``."""
    if language not in _UTF8_COLUMN_LANGUAGES:
        return min(column, len(line_text))
    encoded = line_text.encode("utf-8", "surrogatepass")
    return len(encoded[:column].decode("utf-8", "ignore"))


def units_of(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's position encoding ("utf-8", "utf-16" or
    "utf-32")."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_client_column(language: str, line_text: str, column: int, encoding: str) -> int:
    """A finding's 0-based column in the client's position encoding."""
    characters = code_point_column(language, line_text, column)
    return units_of(line_text[:characters], encoding)


def from_client_column(line_text: str, character: int, encoding: str) -> int:
    """A client's column (in its position encoding) as a character index of the line."""
    count = 0
    for index, char in enumerate(line_text):
        if count >= character:
            return index
        count += units_of(char, encoding)
    return len(line_text)
