"""The project's atomic-write helpers (the configured atomic-write-helpers)."""
import contextlib
import json
import os


@contextlib.contextmanager
def atomic_write(path, mode="w"):
    tmp_path = f"{path}.tmp"
    with open(tmp_path, mode) as f:
        yield f
    os.replace(tmp_path, path)


def atomic_write_json(path, data):
    with atomic_write(path) as f:
        json.dump(data, f, indent=2)
