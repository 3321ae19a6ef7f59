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


def save_config_via_dumps(config):
    # json.dumps first and write() the string: the file is still truncated first.
    text = json.dumps(config, indent=2)
    f = open(CONFIG_FILE, mode="w", encoding="utf-8")
    try:
        f.write(text)  # expect: INV201
    finally:
        f.close()
