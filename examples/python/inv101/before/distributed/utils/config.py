"""Synchronous config access (no awaits at all)."""
import json


def load_config():
    with open("config.json", encoding="utf-8") as handle:
        return json.load(handle)


def build_worker_url(worker) -> str:
    return f"http://{worker['host']}:{worker['port']}"
