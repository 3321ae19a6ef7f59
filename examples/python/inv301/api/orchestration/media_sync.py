"""Copying input media to workers before a distributed run."""

import hashlib
import os

from ...utils.logging import debug_log, log


def _file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _trace_prefix(trace_execution_id):  # expect: INV301
    return f"[Distributed][exec:{trace_execution_id}]"


def _trace_debug(trace_execution_id, message):  # expect: INV301
    debug_log(f"{_trace_prefix(trace_execution_id)} {message}")


def _trace_info(trace_execution_id, message):  # expect: INV301
    log(f"{_trace_prefix(trace_execution_id)} {message}")


def media_manifest(paths, trace_execution_id):
    """Name, size and digest of each input file the workers need."""
    manifest = []
    for path in paths:
        if not os.path.isfile(path):
            _trace_info(trace_execution_id, f"skipping missing input {path}")
            continue
        manifest.append({
            "name": os.path.basename(path),
            "size": os.path.getsize(path),
            "sha256": _file_digest(path),
        })
    _trace_debug(trace_execution_id, f"{len(manifest)} media files to sync")
    return manifest
