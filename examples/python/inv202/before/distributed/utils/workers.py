"""Helpers outside the routes that still run an unlocked load-modify-save."""
from .config import load_config, save_config


def enable_all_workers():
    config = load_config()
    for worker in config.get("workers", []):
        worker["enabled"] = True
    save_config(config)  # expect: INV202


def forget_worker(worker_id):
    cfg = load_config()
    workers = cfg["workers"]
    position = next(i for i, w in enumerate(workers) if w["id"] == worker_id)
    workers.pop(position)
    snapshot = cfg
    save_config(snapshot)  # expect: INV202


def reset_settings():
    config = load_config()
    del config["settings"]
    return save_config(config)  # expect: INV202


def rewrite_unchanged():
    # Loaded and saved back without a change in between: not a read-modify-write.
    save_config(load_config())
