"""Hash codes of labels, names and literal values that every process computes alike.

Python's ``hash()`` of a string is salted per process (``PYTHONHASHSEED``), and before
Python 3.12 ``None`` and ``Ellipsis`` hash by address, so fingerprints built from them
would agree only between one process and the workers forked from it.  The clone core
instead hashes what a normaliser writes (labels, identifiers, literal values) through
:func:`stable_code`, and combines only integers with ``hash()``: hashes of integers and of
tuples of integers do not depend on the process.  A file's fingerprints are then the same
in every run of the same Python, and the result cache can keep them between runs (an edit
re-fingerprints only the edited file).

Equal values get equal codes (``1``, ``1.0`` and ``True`` are equal, and hash alike), so
the memo below can be keyed by the values themselves.
"""

from __future__ import annotations

import hashlib
import math

from ...constants import CLONE_CODE_MEMO_LIMIT as MEMO_LIMIT

# Codes for the values that have no stable hash of their own.
_NONE_CODE = 0x4E6F6E65  # "None"
_ELLIPSIS_CODE = 0x2E2E2E  # "..."
_NAN_CODE = 0x4E614E  # "NaN" (a NaN's hash is its address)

_MEMO: dict = {}


def _digest_code(tag: bytes, data: bytes) -> int:
    digest = hashlib.blake2b(tag + data, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _code_of(value) -> int:
    if value is None:
        return _NONE_CODE
    if isinstance(value, str):
        return _digest_code(b"s", value.encode("utf-8", "surrogatepass"))
    if isinstance(value, (bool, int, float, complex)):
        if isinstance(value, (float, complex)) and (
                math.isnan(value.real) or math.isnan(value.imag)):
            return _NAN_CODE
        return hash(value)  # numbers hash by value, alike in every process
    if isinstance(value, tuple):
        return hash(tuple(stable_code(item) for item in value))
    if isinstance(value, frozenset):
        return hash(frozenset(stable_code(item) for item in value))
    if isinstance(value, (bytes, bytearray)):
        return _digest_code(b"b", bytes(value))
    if value is Ellipsis:
        return _ELLIPSIS_CODE
    # Anything else a normaliser might put in a label is named by its type and repr.
    return _digest_code(b"r", f"{type(value).__qualname__}:{value!r}".encode(
        "utf-8", "surrogatepass"))


def memo_lookup():
    """The memo's ``get``, for hot loops that try it before calling :func:`stable_code`
    (a miss is None)."""
    return _MEMO.get


def stable_code(value) -> int:
    """A hash code of ``value`` (None, a string, bytes, a number or a tuple or frozenset of
    them) that is the same in every process of the same Python."""
    code = _MEMO.get(value)
    if code is None:
        code = _code_of(value)
        if len(_MEMO) >= MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[value] = code
    return code
