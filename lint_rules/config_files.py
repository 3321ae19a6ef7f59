"""Finding and reading configuration files: ``[tool.invariant-lint]`` in ``pyproject.toml``,
``[invariant-lint]`` in ``setup.cfg``, or the keys at top level of a dedicated ``.toml``.

This layer only reads raw tables; :mod:`lint_rules.config` validates them.  Reads are
cached per file and its modification time, because every front end that sees one file
at a time (pylint, flake8) looks up the configuration of each file it checks.

A file that cannot be used (bytes that are not UTF-8, TOML nested too deeply for the
parser, broken INI syntax, ``[tool] invariant-lint = 5``) is one :class:`ConfigError`
line naming the file, never a traceback; that holds for a file met while walking up
from the checked path too, since the first file found is the one that counts.
"""

from __future__ import annotations

import ast
import configparser
import os
from functools import lru_cache
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAMES = ("pyproject.toml", "setup.cfg")
_CACHED_FOLDERS = 8192  # folders whose configuration file is remembered


class ConfigError(Exception):
    """A configuration problem: one or more lines, each naming the file and the key.

    Reported together, exit code 2.  ``problems`` holds the lines."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def __reduce__(self):  # raised in a worker process, it arrives with its lines intact
        return type(self), (self.problems,)


def section_name(path: Path) -> str:
    """How the table is written in this kind of file (for messages)."""
    if path.suffix == ".cfg":
        return "[invariant-lint]"
    if path.name == "pyproject.toml":
        return "[tool.invariant-lint]"
    return "the top level"


def _unreadable(path: Path, error: OSError | UnicodeDecodeError) -> ConfigError:
    if isinstance(error, UnicodeDecodeError):
        line = error.object[: error.start].count(b"\n") + 1
        return ConfigError(f"{path}: cannot read: not UTF-8 at line {line} "
                           f"(byte 0x{error.object[error.start]:02x}: {error.reason})")
    return ConfigError(f"{path}: cannot read: {error.strerror or error}")


def _read_toml(path: Path) -> dict | None:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:  # tomllib parses arrays and inline tables recursively
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply "
                          "to parse") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _unreadable(path, error) from None
    tool = document.get("tool", {})
    if isinstance(tool, dict) and "invariant-lint" in tool:
        table = tool["invariant-lint"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.invariant-lint] must be a table")
        return table
    if path.name == "pyproject.toml":
        return None
    # A dedicated file (invariant-lint.toml) may hold the keys at top level.
    return document


def _ini_problem(error: configparser.Error) -> str:
    """configparser's error in one line (its messages span several and repeat the path)."""
    if isinstance(error, configparser.MissingSectionHeaderError):
        return f"line {error.lineno}: {error.line.strip()!r} comes before any [section]"
    if isinstance(error, configparser.DuplicateOptionError):
        return f"line {error.lineno}: key '{error.option}' given twice in [{error.section}]"
    if isinstance(error, configparser.DuplicateSectionError):
        return f"line {error.lineno}: section [{error.section}] given twice"
    if isinstance(error, configparser.ParsingError) and error.errors:
        line, shown = error.errors[0]  # shown: repr() of the line, newline included
        try:
            shown = repr(ast.literal_eval(shown).strip())
        except (ValueError, SyntaxError):
            pass
        more = len(error.errors) - 1
        return f"line {line}: cannot parse {shown}" + (f" (and {more} more)" if more else "")
    return " ".join(error.message.split())


def _read_cfg(path: Path) -> dict | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as error:
        raise ConfigError(f"{path}: invalid INI: {_ini_problem(error)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _unreadable(path, error) from None
    if not parser.has_section("invariant-lint"):
        return None
    return dict(parser.items("invariant-lint"))


@lru_cache(maxsize=_CACHED_FOLDERS)
def _cached_settings(path: str, _mtime_ns: int, _size: int) -> dict | None:
    candidate = Path(path)
    return _read_toml(candidate) if candidate.suffix == ".toml" else _read_cfg(candidate)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def read_settings(path: Path) -> dict | None:
    """The raw invariant-lint table of a config file, or None if it has none (cached
    while the file is unchanged)."""
    stamp = _stamp(path)
    if stamp is None:
        raise ConfigError(f"config file not found: {path}")
    return _cached_settings(str(path), *stamp)


def config_file_in(directory: str) -> Path | None:
    """The configuration file of ``directory`` itself, if it holds one.

    A file that cannot be parsed still counts (it is where the user put the settings;
    loading it reports the problem)."""
    for name in CONFIG_NAMES:
        candidate = Path(directory) / name
        if not candidate.is_file():
            continue
        try:
            if read_settings(candidate) is not None:
                return candidate
        except ConfigError:
            return candidate
    return None


def find_config_file(start: str | os.PathLike) -> Path | None:
    """Walk up from ``start`` to the first folder with a configuration file."""
    current = Path(start).resolve()
    if not current.is_dir():
        current = current.parent
    for directory in (current, *current.parents):
        found = config_file_in(str(directory))
        if found is not None:
            return found
    return None
