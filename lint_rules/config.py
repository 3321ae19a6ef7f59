"""Configuration: one home, ``[tool.invariant-lint]`` (or ``[invariant-lint]`` in setup.cfg),
found by walking up from the checked path and read by every front end.

The table is validated once, when it is loaded, against every declared setting (general,
shared and each rule's own; see :mod:`lint_rules.settings`): every unknown key (with a
"did you mean" for a near miss), wrong type, value out of range, unknown choice, invalid
regular expression and ``select``/``ignore`` entry that names no code is reported
together, one line each naming the file and the key, as one :class:`ConfigError` (exit
code 2).  A loaded :class:`Config` holds converted values only; rules read them through
their typed settings (:meth:`Config.settings_for`).  Loads are cached per configuration
file per process.
"""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config_files import ConfigError, find_config_file, read_settings, section_name
from .path_patterns import PathPatterns
from .registry import all_settings, unknown_code_patterns
from .settings import BoundedPattern, Settings

__all__ = ["Config", "ConfigError", "build_config", "load_config"]

_CODE_LISTS = ("select", "ignore")


class Config:
    """The validated settings of one configuration file (or of none: the defaults)."""

    def __init__(self, values: dict[str, Any], source: str | None = None):
        self.values = values
        self.source = source  # the file the settings came from
        self.root = str(Path(source).parent) if source else None  # that file's folder
        self._settings: dict[type, Settings] = {}

    def __repr__(self) -> str:
        return f"Config(source={self.source!r})"

    def __getstate__(self):  # worker processes rebuild the per-class cache
        return {"values": self.values, "source": self.source, "root": self.root}

    def __setstate__(self, state):
        self.__dict__.update(state, _settings={})

    @property
    def select(self) -> tuple[str, ...]:
        return self.values["select"]

    @property
    def ignore(self) -> tuple[str, ...]:
        return self.values["ignore"]

    @property
    def exclude(self) -> PathPatterns:
        """``exclude`` and ``extend-exclude`` together."""
        exclude, extend = self.values["exclude"], self.values["extend-exclude"]
        return PathPatterns((*exclude, *extend), exclude.base or extend.base)

    def settings_for(self, settings_class: type[Settings]) -> Settings:
        """The typed settings of one rule (one instance per class and configuration)."""
        if settings_class not in self._settings:
            keys = [s.key for s in settings_class.declarations()]
            self._settings[settings_class] = settings_class({k: self.values[k] for k in keys})
        return self._settings[settings_class]


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def build_config(table: dict | None, source: Path | None = None) -> Config:
    """Validate a raw settings table into a :class:`Config`; defaults fill what is absent.

    Raises :class:`ConfigError` listing every problem of the table."""
    declared = all_settings()
    base = str(source.parent.resolve()) if source is not None else None
    from_text = source is not None and source.suffix == ".cfg"
    where = f"{source}: " if source else ""
    section = section_name(source) if source else "[tool.invariant-lint]"
    values = {key: setting.parse(setting.default, base=base) for key, setting in declared.items()}
    origins = {key: key for key in declared}
    problems = []
    for raw_key, value in (table or {}).items():
        key = str(raw_key).replace("_", "-")
        setting = declared.get(key)
        if setting is None:
            problems.append(f"{where}unknown key '{raw_key}' in {section}"
                            f"{_did_you_mean(key, sorted(declared))}")
            continue
        try:
            values[key] = setting.parse(value, from_text=from_text, base=base)
        except ValueError as error:
            problems.append(f"{where}{raw_key}: {error}")
            continue
        origins[key] = f"{where}{raw_key}"
        if key in _CODE_LISTS and unknown_code_patterns(values[key]):
            problems.append(f"{where}{raw_key}: no rule code matches "
                            f"{', '.join(unknown_code_patterns(values[key]))} "
                            "(see `invariant-lint rules`)")
    if problems:
        raise ConfigError(problems)
    for key, value in values.items():
        if isinstance(value, BoundedPattern):  # it names where it was set in its problems
            value.origin = origins[key]
    return Config(values, str(source) if source is not None else None)


@lru_cache(maxsize=None)
def _load(path: str, _stamp: tuple) -> Config:
    file = Path(path)
    return build_config(read_settings(file) or {}, file)


def _stamp(path: Path) -> tuple:
    try:
        status = path.stat()
    except OSError:
        return ()
    return (status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=1)
def _defaults() -> Config:
    return build_config(None)


def load_config(explicit: str | None = None, start: str | os.PathLike = ".") -> Config:
    """The configuration for a run: the explicit file, or the one found from ``start``.

    Cached per configuration file (and its modification time) per process: the front ends
    that see one file at a time ask once per file."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {explicit}")
    else:
        path = find_config_file(start)
        if path is None:
            return _defaults()
    return _load(str(path), _stamp(path))
