"""Atomic writes, reads, in-memory and console output: none of this is flagged."""
import io
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .atomic import atomic_write, atomic_write_json


def save_next_to_target(config, config_path):
    folder = os.path.dirname(config_path)
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp") as tmp:
        json.dump(config, tmp, indent=2)
        tmp_name = tmp.name
    os.replace(tmp_name, config_path)


def save_with_mkstemp(config, config_path):
    fd, tmp_path = tempfile.mkstemp(dir=os.path.dirname(config_path), suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(config, f)
        os.replace(tmp_path, config_path)
    except BaseException:
        os.unlink(tmp_path)
        raise


def save_with_path_replace(index, path: Path):
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(index), encoding="utf-8")
    tmp.replace(path)


def save_cache(cache, cache_path):
    tmp_path = cache_path + ".tmp"
    with open(tmp_path, mode="wb") as fh:
        pickle.dump(cache, fh)
    os.rename(tmp_path, cache_path)


def print_config(config):
    json.dump(config, sys.stdout, indent=2)
    sys.stderr.write(json.dumps(config) + "\n")


def to_text(config):
    buffer = io.StringIO()
    json.dump(config, buffer)
    blob = io.BytesIO()
    pickle.dump(config, blob)
    return buffer.getvalue(), blob.getvalue()


def read_back(path):
    with open(path, "rb") as f:
        raw = f.read()
    with open(path, mode="r") as f:
        return json.load(f), raw


def write_to(handle, config):
    # Where the handle comes from is the caller's business: not known here.
    json.dump(config, handle)


def save_through_helpers(config, path):
    atomic_write_json(path, config)
    with atomic_write(path, "w") as f:
        json.dump(config, f)
