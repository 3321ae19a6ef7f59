"""Reading and writing the files the suite itself writes or edits: the baseline, and the
checked files ``--add-noqa`` rewrites.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), as the
suite's own INV201 asks of every project: a crash or a concurrent reader never sees half a
file.  Lines are split as the parsers count them (``\\r\\n``, ``\\r`` or ``\\n``), so a
finding's line number names the same line here.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile

from .constants import CONTENT_DIGEST_BYTES

_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of ``text`` as Python's and esprima's line numbers count them (no split
    at form feeds or other characters :meth:`str.splitlines` breaks at)."""
    if not keepends:
        return _LINE_END.split(text)
    lines, start = [], 0
    for end in _LINE_END.finditer(text):
        lines.append(text[start:end.end()])
        start = end.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def text_digest(data: bytes | str, size: int = CONTENT_DIGEST_BYTES) -> str:
    """A content digest (hex) of bytes, or of text as UTF-8 (lone surrogates kept)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(bytes(data), digest_size=size).hexdigest()


def write_atomically(path: str, data: bytes, durable: bool = True) -> None:
    """Replace the file at ``path`` with ``data`` in one step, keeping its permissions.

    ``durable``: flushed to the disk before it replaces the old file, so that a power
    loss leaves the old file or the new one; a cache entry (which a later run rebuilds
    when it is lost) skips that cost."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = None
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".invariant-lint-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:  # a new file gets the permissions the umask gives, as open() would
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
