"""Copying input media to workers before a distributed run (after Task 4.1)."""

import os

from ...utils.trace_logger import trace_debug, trace_info


def media_manifest(paths, trace_execution_id):
    """Name and size of each input file the workers need."""
    manifest = []
    for path in paths:
        if not os.path.isfile(path):
            trace_info(trace_execution_id, f"skipping missing input {path}")
            continue
        manifest.append({"name": os.path.basename(path), "size": os.path.getsize(path)})
    trace_debug(trace_execution_id, f"{len(manifest)} media files to sync")
    return manifest
