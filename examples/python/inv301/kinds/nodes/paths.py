"""Path helpers of the node pack."""

import hashlib
import os


def hash_path(path):  # expect: INV301
    """A digest of the file's contents ("" when it does not exist)."""
    if not os.path.isfile(path):
        return ""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def validate_path(path):
    """Whether ``path`` names a readable file."""
    return bool(path) and os.path.isfile(path) and os.access(path, os.R_OK)


def nested_digest(paths):
    """Digests of several files, with a nested copy of ``hash_path``."""

    def digest(path):  # expect: INV301
        if not os.path.isfile(path):
            return ""
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    return [digest(path) for path in paths]
