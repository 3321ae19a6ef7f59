"""Rule metadata and the registry of every rule the suite ships.

A rule is one module defining one :class:`Rule` subclass.  Its module docstring is
the rationale that ``invariant-lint explain`` prints; the class carries the code,
symbol, summary, options and a bad and a good example.  Front ends never decide what
a rule reports: they ask the engine, which asks the rule.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

# Every rule module, in code order.  Listed explicitly so that importing the
# registry never scans the file system and a typo fails loudly.
RULE_MODULES = (
    "lint_rules.rules.await_under_lock",
    "lint_rules.rules.non_atomic_json_write",
    "lint_rules.rules.unlocked_config_rmw",
    "lint_rules.rules.duplicate_helper",
    "lint_rules.rules.duplicate_block",
    "lint_rules.rules.magic_number",
    "lint_rules.rules.constant_outside_constants_module",
    "lint_rules.rules.raw_error_response",
    "js_rules.rules.retrying_mutation",
    "js_rules.rules.missing_idempotency_key",
    "js_rules.rules.unremoved_listener",
    "js_rules.rules.uncleared_interval",
)

PARSE_ERROR_CODE = "INV000"
PARSE_ERROR_SYMBOL = "parse-error"


@dataclass(frozen=True)
class Option:
    """A configurable rule option (a key of ``[tool.invariant-lint]``)."""

    name: str
    kind: type  # str, bool, int, float or list (of str)
    default: Any
    help: str
    choices: tuple[str, ...] = ()  # for string options with a fixed set of values

    def coerce(self, value: Any) -> Any:
        """Validate a configured value; raise ``ValueError`` naming the problem."""
        if self.kind is list:
            if isinstance(value, str):
                value = [part.strip() for part in value.replace("\n", ",").split(",")]
                value = [part for part in value if part]
            if not isinstance(value, (list, tuple)) or not all(
                isinstance(item, str) for item in value
            ):
                raise ValueError("expected a list of strings")
            return list(value)
        if self.kind is bool:
            if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
                return value.lower() in ("true", "yes", "1")
            if not isinstance(value, bool):
                raise ValueError("expected true or false")
            return value
        if self.kind in (int, float):
            if isinstance(value, str):
                try:
                    value = self.kind(value)
                except ValueError:
                    raise ValueError(f"expected a number, got {value!r}") from None
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError("expected a number")
            if self.kind is int and not float(value).is_integer():
                raise ValueError("expected a whole number")
            return self.kind(value)
        if not isinstance(value, str):
            raise ValueError("expected a string")
        if self.choices and value not in self.choices:
            raise ValueError(f"expected one of {', '.join(self.choices)}, got {value!r}")
        return value


class Rule:
    """Base class of every rule.  Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    symbol: ClassVar[str]
    summary: ClassVar[str]
    language: ClassVar[str]  # "python" or "js"
    # Source-text prefilter: the file is analysed only if it contains every string of
    # ``required_text`` and at least one of ``any_text`` (when given).  This keeps files
    # that cannot contain a finding from ever being built into a tree.
    required_text: ClassVar[tuple[str, ...]] = ()
    any_text: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[tuple[Option, ...]] = ()
    project_wide: ClassVar[bool] = False
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""

    @classmethod
    def rationale(cls) -> str:
        """The rule module's docstring: why the rule exists."""
        return (sys.modules[cls.__module__].__doc__ or "").strip()

    @classmethod
    def wants(cls, text: str) -> bool:
        """Whether a file with this source text can hold a finding of this rule."""
        if not all(needle in text for needle in cls.required_text):
            return False
        return not cls.any_text or any(needle in text for needle in cls.any_text)

    def check(self, source, options: dict) -> Iterable:
        """Findings for one parsed file (per-file rules)."""
        raise NotImplementedError

    def check_project(self, sources: list, options: dict) -> Iterable:
        """Findings over the whole file set (project-wide rules)."""
        raise NotImplementedError


_RULES: dict[str, type[Rule]] = {}


def register(rule_class: type[Rule]) -> type[Rule]:
    """Class decorator that adds a rule to the registry."""
    if rule_class.code in _RULES:
        raise ValueError(f"duplicate rule code {rule_class.code}")
    _RULES[rule_class.code] = rule_class
    return rule_class


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by code, sorted by code."""
    for module_name in RULE_MODULES:
        importlib.import_module(module_name)
    return dict(sorted(_RULES.items()))


@dataclass(frozen=True)
class CodeInfo:
    """What the front ends need to know about a reportable code."""

    code: str
    symbol: str
    summary: str


def all_codes() -> list[CodeInfo]:
    """Every code the suite can report, INV000 included."""
    parse_error = CodeInfo(PARSE_ERROR_CODE, PARSE_ERROR_SYMBOL,
                           "a file could not be parsed or decoded")
    codes = [parse_error]
    codes += [CodeInfo(r.code, r.symbol, r.summary) for r in all_rules().values()]
    return codes


def symbol_for(code: str) -> str:
    """The pylint symbol of a code."""
    for info in all_codes():
        if info.code == code:
            return info.symbol
    raise KeyError(code)


def all_options() -> dict[str, tuple[Option, str]]:
    """Every rule option by name, with the code of the rule that owns it."""
    found: dict[str, tuple[Option, str]] = {}
    for rule in all_rules().values():
        for option in rule.options:
            if option.name in found:
                raise ValueError(f"option {option.name} declared by two rules")
            found[option.name] = (option, rule.code)
    return found


def unknown_code_patterns(patterns: Iterable[str]) -> list[str]:
    """The patterns of ``patterns`` that name no known code (a typo in --select)."""
    known = [info.code for info in all_codes()]
    return [p for p in patterns if p.strip() and not matching_codes([p], known)]


def matching_codes(patterns: Iterable[str], known: Iterable[str]) -> set[str]:
    """Expand code prefixes (``INV1``, ``INV``, ``ALL``) to the known codes they name."""
    known = list(known)
    chosen: set[str] = set()
    for pattern in patterns:
        pattern = pattern.strip().upper()
        if not pattern:
            continue
        if pattern == "ALL":
            chosen.update(known)
            continue
        chosen.update(code for code in known if code.startswith(pattern))
    return chosen
