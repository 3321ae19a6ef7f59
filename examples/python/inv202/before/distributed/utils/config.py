"""utils/config.py before Task 1.3: save_config writes the config file in place."""
import json
import os

from .logging import log

CONFIG_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "gpu_config.json")


def _get_config_path():
    return CONFIG_FILE


def load_config():
    config_path = _get_config_path()
    if not os.path.exists(config_path):
        return {"workers": [], "master": {}, "settings": {}}
    with open(config_path, "r", encoding="utf-8") as f:  # reading: fine
        return json.load(f)


def save_config(config):
    try:
        with open(_get_config_path(), "w") as f:
            json.dump(config, f, indent=2)  # expect: INV201
        return True
    except Exception as e:
        log(f"Error saving config: {e}")
        return False

