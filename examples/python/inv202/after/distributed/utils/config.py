"""utils/config.py after Task 1.3: the lock, the atomic save and the transaction."""
import asyncio
import json
import os
from contextlib import asynccontextmanager

CONFIG_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "gpu_config.json")

_config_lock = asyncio.Lock()


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


@asynccontextmanager
async def config_transaction():
    """Acquire config lock, yield loaded config, save on clean exit."""
    async with _config_lock:
        config = load_config()
        yield config
        save_config(config)


async def set_master_host(host):
    # A helper that runs its own cycle under the lock: fine.
    async with _config_lock:
        config = load_config()
        config.setdefault("master", {})["host"] = host
        save_config(config)


async def bump_config_version():
    await _config_lock.acquire()
    try:
        config = load_config()
        config["version"] = config.get("version", 0) + 1
        save_config(config)
    finally:
        _config_lock.release()
