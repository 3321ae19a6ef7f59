"""utils/config.py after Task 1.3: the plan's atomic save_config."""
import json
import os

CONFIG_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "gpu_config.json")


def _get_config_path():
    return CONFIG_FILE


def load_config():
    with open(_get_config_path(), "r") as f:
        return json.load(f)


def save_config(config):
    config_path = _get_config_path()
    tmp_path = config_path + '.tmp'
    try:
        with open(tmp_path, 'w') as f:
            json.dump(config, f, indent=2)
        os.replace(tmp_path, config_path)
    except Exception:
        try:
            os.unlink(tmp_path)
        except OSError:
            pass
        raise


def save_config_fstring(config, config_path):
    # The temporary named with an f-string, spelled out again in the replace.
    with open(f"{config_path}.tmp", "w", encoding="utf-8") as f:
        f.write(json.dumps(config, indent=2))
    os.replace(f"{config_path}.tmp", config_path)
