"""Configuration: one home, ``[tool.invariant-lint]`` (or ``[invariant-lint]`` in setup.cfg).

Found by walking up from the checked path; read by every front end.  Unknown keys and
values of the wrong type are errors that name the key.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .registry import Option, all_options, unknown_code_patterns

# Keys that belong to the suite rather than to one rule.
GENERAL_OPTIONS = (
    Option("select", list, ["INV"], "codes or prefixes to report"),
    Option("ignore", list, [], "codes or prefixes never to report"),
    Option("exclude", list, [], "glob patterns of paths not to check"),
    Option("extend-exclude", list, [], "glob patterns added to exclude"),
)


class ConfigError(Exception):
    """A configuration problem, reported as one line and exit code 2."""


@dataclass
class Config:
    """The resolved settings of one run."""

    select: list[str] = field(default_factory=lambda: ["INV"])
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the file the settings came from
    root: str | None = None  # the directory holding that file

    def option(self, name: str) -> Any:
        """A rule option's configured value, or its default."""
        return self.options[name]


def _read_toml(path: Path) -> dict | None:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    tool = document.get("tool", {})
    if "invariant-lint" in tool:
        return tool["invariant-lint"]
    if path.name == "pyproject.toml":
        return None
    # A dedicated file (invariant-lint.toml) may hold the keys at top level.
    return document


def _read_cfg(path: Path) -> dict | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as error:
        raise ConfigError(f"{path}: invalid INI: {error.message}") from None
    if not parser.has_section("invariant-lint"):
        return None
    return dict(parser.items("invariant-lint"))


def read_settings(path: Path) -> dict | None:
    """The raw invariant-lint table of a config file, or None if it has none."""
    if path.suffix == ".toml":
        return _read_toml(path)
    return _read_cfg(path)


def find_config_file(start: str | os.PathLike) -> Path | None:
    """Walk up from ``start`` to the first pyproject.toml or setup.cfg with our section."""
    current = Path(start).resolve()
    if not current.is_dir():
        current = current.parent
    for directory in (current, *current.parents):
        for name in ("pyproject.toml", "setup.cfg"):
            candidate = directory / name
            if candidate.is_file() and read_settings(candidate) is not None:
                return candidate
    return None


def build_config(settings: dict | None, source: Path | None = None) -> Config:
    """Validate raw settings into a :class:`Config`; defaults fill what is absent."""
    known_rule_options = all_options()
    general = {option.name: option for option in GENERAL_OPTIONS}
    config = Config(
        options={name: option.default for name, (option, _code) in known_rule_options.items()}
    )
    where = f"{source}: " if source else ""
    section = "[invariant-lint]" if source and source.suffix == ".cfg" else "[tool.invariant-lint]"
    extend_exclude: list[str] = []
    for raw_key, value in (settings or {}).items():
        key = raw_key.replace("_", "-")
        option = general.get(key) or known_rule_options.get(key, (None, None))[0]
        if option is None:
            raise ConfigError(f"{where}unknown option '{raw_key}' in {section}")
        try:
            value = option.coerce(value)
        except ValueError as error:
            raise ConfigError(f"{where}option '{raw_key}': {error}") from None
        if key in ("select", "ignore") and unknown_code_patterns(value):
            raise ConfigError(
                f"{where}option '{raw_key}': no rule code matches "
                f"{', '.join(unknown_code_patterns(value))}")
        if key in general:
            if key == "extend-exclude":
                extend_exclude.extend(value)
            else:
                setattr(config, key, value)
        else:
            config.options[key] = value
    config.exclude = config.exclude + extend_exclude
    if source is not None:
        config.source = str(source)
        config.root = str(source.parent)
    return config


def load_config(explicit: str | None = None, start: str | os.PathLike = ".") -> Config:
    """The configuration for a run: the explicit file, or the one found from ``start``."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return build_config(read_settings(path) or {}, path)
    found = find_config_file(start)
    if found is None:
        return build_config(None)
    return build_config(read_settings(found), found)
