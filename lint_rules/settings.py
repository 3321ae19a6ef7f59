"""Typed settings: what a configuration key holds, its default, and how it is checked.

A rule declares a :class:`Settings` subclass whose class attributes are :class:`Setting`
declarations: its own keys, and the shared keys it reads (declared once, in
:mod:`lint_rules.shared_settings`).  The configuration is validated against every
declaration when it is loaded (:mod:`lint_rules.config`); a rule then reads plain,
already converted values as attributes (``settings.include_semaphores`` is a ``bool``,
``settings.lock_pattern`` a :class:`BoundedPattern`, ``settings.test_files`` a
:class:`~lint_rules.path_patterns.PathPatterns`).

Values come from TOML (typed: a string where a list belongs is an error) or from
``setup.cfg`` (INI, where every value is text: lists are split at commas and newlines,
booleans are ``true``/``false``/``yes``/``no``/``1``/``0``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from .config_files import ConfigError
from .constants import (
    MAX_REGEX_EXPANDED_SIZE, REGEX_MATCH_TIMEOUT_SECONDS, SHOWN_TEXT_CHARACTERS,
)
from .path_patterns import PathPatterns

_INI_TRUE = ("true", "yes", "on", "1")
_INI_FALSE = ("false", "no", "off", "0")


class SettingType:
    """How one kind of value is checked, converted and written back as TOML."""

    expected: ClassVar[str] = "a value"

    def parse(self, value: Any, from_text: bool, base: str | None) -> Any:
        """The converted value; raise ``ValueError`` with what was expected instead.

        ``from_text``: the value comes from an INI file, where everything is a string.
        ``base``: the configuration file's folder (for path patterns)."""
        raise NotImplementedError

    def toml(self, value: Any) -> str:
        """``value`` (a default as declared) written as TOML."""
        return toml_value(value)

    def _wrong(self, value: Any) -> ValueError:
        return ValueError(f"expected {self.expected}, got {_shown(value)}")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def toml_value(value: Any) -> str:
    """A Python value as TOML: ``false``, ``0.5``, ``"put"``, ``["a", "b"]``; a string
    with backslashes as a literal string, so a regular expression stays readable."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return f"'{value}'" if "\\" in value and "'" not in value else json.dumps(value)
    return "[" + ", ".join(toml_value(item) for item in value) + "]"


class Boolean(SettingType):
    expected = "true or false"

    def parse(self, value, from_text, base):
        if from_text and isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in _INI_TRUE or lowered in _INI_FALSE:
                return lowered in _INI_TRUE
        if not isinstance(value, bool):
            raise self._wrong(value)
        return value


@dataclass(frozen=True)
class _Range:
    minimum: float | None = None
    maximum: float | None = None

    def describe(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f" from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f" of at least {self.minimum}"
        if self.maximum is not None:
            return f" of at most {self.maximum}"
        return ""

    def check(self, number, wrong) -> None:
        if self.minimum is not None and number < self.minimum:
            raise wrong
        if self.maximum is not None and number > self.maximum:
            raise wrong


class _Numeric(SettingType):
    """A number in an optional range; ``convert`` is ``int`` or ``float``."""

    convert: ClassVar[type] = float
    noun: ClassVar[str] = "a number"

    def __init__(self, minimum=None, maximum=None):
        self.range = _Range(minimum, maximum)
        self.expected = self.noun + self.range.describe()

    def parse(self, value, from_text, base):
        written = value
        if from_text and isinstance(value, str):
            try:
                value = self.convert(value.strip())
            except ValueError:
                raise self._wrong(written) from None
        allowed = (int,) if self.convert is int else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise self._wrong(written)
        self.range.check(value, self._wrong(written))
        return self.convert(value)


class Integer(_Numeric):
    convert = int
    noun = "a whole number"


class Number(_Numeric):
    convert = float
    noun = "a number"


class Text(SettingType):
    def __init__(self, choices: tuple[str, ...] = ()):
        self.choices = tuple(choices)
        self.expected = ("one of " + ", ".join(json.dumps(c) for c in choices)
                         if choices else "a string")

    def parse(self, value, from_text, base):
        if isinstance(value, str) and from_text:
            value = value.strip()
        if not isinstance(value, str) or (self.choices and value not in self.choices):
            raise self._wrong(value)
        return value


class TextList(SettingType):
    expected = "a list of strings"

    def parse(self, value, from_text, base):
        if from_text and isinstance(value, str):
            value = [part.strip() for part in value.replace("\n", ",").split(",")]
            value = [part for part in value if part]
        if not isinstance(value, (list, tuple)):
            raise self._wrong(value)
        for item in value:
            if not isinstance(item, str):
                raise ValueError(f"expected {self.expected}, got an item {_shown(item)}")
        return tuple(value)


class NumberList(TextList):
    """Numbers, written as numbers or as strings (``[2, "0.5"]``); converted to float."""

    expected = "a list of numbers"

    def parse(self, value, from_text, base):
        if isinstance(value, (list, tuple)):
            value = [str(item) if isinstance(item, (int, float)) and not isinstance(
                item, bool) else item for item in value]
        numbers = []
        for item in super().parse(value, from_text, base):
            try:
                numbers.append(float(item))
            except ValueError:
                raise ValueError(f"expected {self.expected}, got an item "
                                 f"{_shown(item)}") from None
        return tuple(numbers)


_COUNTED_REPEAT = re.compile(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")


def _shown_text(text: str) -> str:
    if len(text) > SHOWN_TEXT_CHARACTERS:
        half = SHOWN_TEXT_CHARACTERS // 2
        text = f"{text[:half]}…{text[-half:]}"
    return json.dumps(text, ensure_ascii=False)


def expanded_size_bound(pattern: str) -> int:
    """An upper bound of the pattern's length once every counted repeat is expanded.

    Each character is repeated at most the product of the counts of the repeats around
    it, so the length times the product of every count in the text bounds it; anything
    that only looks like a count (``[{]9}``) just makes the bound larger."""
    bound = len(pattern)
    for match in _COUNTED_REPEAT.finditer(pattern):
        bound *= max([int(number) for number in match.groups() if number] or [1])
        if bound > MAX_REGEX_EXPANDED_SIZE:
            break
    return bound


class BoundedPattern:
    """A user's regular expression whose every match is bounded in time.

    Compiled with the ``regex`` package (the configuration accepts only what ``re``
    accepts too, which ``regex`` reads the same way) and matched with its ``timeout``: a
    match that takes longer than ``REGEX_MATCH_TIMEOUT_SECONDS`` of CPU time raises
    :class:`ConfigError` naming ``origin`` (the file and key), the pattern and the text.
    A pattern that timed out once is not tried again in this process: every later match
    raises the same problem at once, so a run spends one timeout per process, not one
    per name."""

    def __init__(self, pattern: str, origin: str = ""):
        self.pattern = pattern
        # The file and key ("pyproject.toml: lock-pattern"): set by the configuration.
        self.origin = origin
        self._compiled = regex.compile(pattern)
        self._problem: str | None = None  # set once a match timed out

    def __repr__(self) -> str:
        return f"BoundedPattern({self.pattern!r})"

    def __eq__(self, other) -> bool:  # as compiled ``re`` patterns compare
        return isinstance(other, BoundedPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def search(self, text: str):
        """``regex`` ``search`` within the time bound."""
        return self._bounded(self._compiled.search, text)

    def fullmatch(self, text: str):
        """``regex`` ``fullmatch`` within the time bound."""
        return self._bounded(self._compiled.fullmatch, text)

    def _bounded(self, method, text: str):
        if self._problem is None:
            try:
                return method(text, timeout=REGEX_MATCH_TIMEOUT_SECONDS)
            except TimeoutError:
                self._problem = (
                    f"{self.origin}: the regular expression {json.dumps(self.pattern)} took "
                    f"more than {REGEX_MATCH_TIMEOUT_SECONDS:g} s to match "
                    f"{_shown_text(text)}: nested or overlapping repeats such as (a|aa)+ "
                    "backtrack exponentially; simplify it")
        raise ConfigError(self._problem)


class Regex(SettingType):
    """A regular expression, compiled when the configuration is loaded into a
    :class:`BoundedPattern`.

    A pattern that passes validation cannot hang a run, whatever it is and whatever the
    text it is matched against:

    * compiling is bounded: validation rejects a pattern longer than
      ``MAX_REGEX_EXPANDED_SIZE`` characters once its counted repeats (``{m,n}``) are
      expanded (bounded by :func:`expanded_size_bound`), the only construct the compiler
      unrolls (``(?:a|bc){1000000}`` takes the ``regex`` compiler seconds, or crashes it),
      and one nested too deeply for its parser;
    * matching is bounded: every match runs with the ``regex`` package's ``timeout``,
      which the engine checks as it backtracks, so a match ends after
      ``REGEX_MATCH_TIMEOUT_SECONDS`` of CPU time whatever the pattern (``(a|aa)+$``
      backtracks exponentially on ``aaaa…ab``); a timeout is a configuration problem,
      reported once.

    Rejecting nested quantifiers at load time was not chosen: catastrophic backtracking
    also comes from overlapping alternatives and adjacent repeats (``\\w*\\w*\\w*$``), which
    no simple syntactic check catches, and it would refuse patterns that are harmless.
    Bounding the length of the names matched was not chosen either: backtracking is
    exponential in that length, so no useful bound is safe."""

    expected = "a regular expression"

    def parse(self, value, from_text, base):
        if not isinstance(value, str):
            raise self._wrong(value)
        if expanded_size_bound(value) > MAX_REGEX_EXPANDED_SIZE:
            raise ValueError(f"regular expression too large: at most "
                             f"{MAX_REGEX_EXPANDED_SIZE:,} characters once its counted repeats "
                             f"({{m,n}}) are expanded: {_shown_text(value)}")
        try:
            re.compile(value)  # the syntax accepted is Python's, as documented
            return BoundedPattern(value)
        except (re.error, regex.error) as error:
            raise ValueError(f"not a valid regular expression ({error}): "
                             f"{_shown(value)}") from None
        except RecursionError:
            raise ValueError("not a valid regular expression (nested too deeply): "
                             f"{_shown_text(value)}") from None


class PathPatternList(TextList):
    """Path globs (see :mod:`lint_rules.path_patterns`), compiled relative to the
    configuration file's folder."""

    expected = "a list of path patterns (strings)"

    def parse(self, value, from_text, base):
        return PathPatterns(super().parse(value, from_text, base), base)


class Setting:
    """One configuration key: its type, default (as a user would write it) and help.

    Used as a class attribute of a :class:`Settings` class, it reads as the converted
    value on an instance.  ``shared`` settings are read by several rules and declared
    once in :mod:`lint_rules.shared_settings`."""

    def __init__(self, key: str, kind: SettingType, default: Any, help: str,
                 shared: bool = False):
        self.key = key
        self.kind = kind
        self.default = default
        self.help = help
        self.shared = shared

    def __repr__(self) -> str:
        return f"Setting({self.key!r})"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.values[self.key]

    def parse(self, value: Any, from_text: bool = False, base: str | None = None) -> Any:
        """The converted value of a configured (or default) value."""
        return self.kind.parse(value, from_text, base)

    def default_toml(self) -> str:
        """The default as a user writes it in TOML."""
        return self.kind.toml(self.default)


class Settings:
    """The typed settings a rule reads: subclasses declare :class:`Setting` attributes."""

    def __init__(self, values: dict[str, Any]):
        self.values = values

    @classmethod
    def declarations(cls) -> tuple[Setting, ...]:
        """Every setting the class reads, its own first, in declaration order."""
        found: dict[str, Setting] = {}
        for klass in reversed(cls.__mro__):
            for value in vars(klass).values():
                if isinstance(value, Setting):
                    found[value.key] = value
        own = [s for s in found.values() if not s.shared]
        return tuple(own + [s for s in found.values() if s.shared])

    @classmethod
    def defaults(cls) -> "Settings":
        """An instance holding every default (as loading an empty configuration gives)."""
        return cls({s.key: s.parse(s.default) for s in cls.declarations()})


class NoSettings(Settings):
    """For rules without options."""
