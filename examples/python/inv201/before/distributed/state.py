"""Other state files written in place, and temporaries that cannot be renamed safely."""
import io
import json
import os
import pickle
import tempfile
from pathlib import Path

import yaml

STATE_DIR = Path(__file__).parent / "state"


def save_job_index(index, path: Path):
    # ruff's FURB103 suggests write_text: it truncates the file just the same.
    path.write_text(json.dumps(index, indent=2), encoding="utf-8")  # expect: INV201


def save_job_blob(job):
    payload = json.dumps(job).encode("utf-8")
    (STATE_DIR / "job.json").write_bytes(payload)  # expect: INV201


def save_cache(cache, cache_path):
    with open(cache_path, "wb") as fh:
        pickle.dump(cache, fh)  # expect: INV201


def save_workflow(workflow, path):
    with io.open(file=path, mode="wt", encoding="utf-8") as out:
        json.dump(workflow, fp=out)  # expect: INV201


def save_settings_yaml(settings, path: Path):
    with path.open("w") as fh:
        yaml.safe_dump(settings, fh)  # expect: INV201


def save_aliased(state, path):
    handle = open(path, "x")
    out = handle
    json.dump(state, out)  # expect: INV201
    handle.close()


def append_event(event, log_path):
    with open(log_path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(event) + "\n")  # expect: INV201


def save_via_system_temp(config, config_path):
    # NamedTemporaryFile without dir= lives in /tmp: os.replace across file systems
    # fails with EXDEV.
    with tempfile.NamedTemporaryFile("w", delete=False, suffix=".json") as tmp:
        json.dump(config, tmp, indent=2)  # expect: INV201
    os.replace(tmp.name, config_path)


def save_via_mkstemp_without_dir(config, config_path):
    fd, tmp_path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps(config))  # expect: INV201
    os.replace(tmp_path, config_path)


def save_via_gettempdir(config, config_path):
    tmp_path = os.path.join(tempfile.gettempdir(), "config.json.tmp")
    with open(tmp_path, "w") as f:
        json.dump(config, f)  # expect: INV201
    os.replace(tmp_path, config_path)
