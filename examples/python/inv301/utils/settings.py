"""Reading settings: the same try/except skeleton as the positive-int parsers, different logic.

None of these is a copy of another or of the parsers in api/: the skeleton (try a
conversion, fall back on error) is common; what each does inside it is not.
"""

import json
import os


def load_settings_file(path, fallback):
    try:
        with open(path, encoding="utf-8") as handle:
            settings = json.load(handle)
    except (OSError, ValueError):
        return dict(fallback)
    settings.setdefault("workers", [])
    return settings


def env_flag(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return bool(int(raw))
    except ValueError:
        return raw.strip().lower() in ("true", "yes", "on")


def parse_host_port(text, default_port):
    host, _, port_text = text.rpartition(":")
    if not host:
        return text, default_port
    try:
        port = int(port_text)
    except ValueError:
        return text, default_port
    return host.strip("[]"), port


def cuda_devices(value):
    if not value:
        return []
    try:
        devices = [int(part) for part in str(value).split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"bad CUDA device list: {value!r}") from None
    return sorted(set(devices))
