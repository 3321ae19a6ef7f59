"""Rule metadata and the registry of every rule the suite ships.

A rule is one module under a ``rules/`` folder defining one :class:`Rule` subclass per
language it covers.  Its module docstring is the rationale that ``invariant-lint explain``
prints; the class carries the code, symbol, summary, typed settings (a
:class:`~lint_rules.settings.Settings` class, own keys and the shared keys it reads), a
text prefilter, and a bad and a good example.  ``check(ctx)`` composes the analyses the
per-file context offers and reports through it (:mod:`lint_rules.context`).

A rule covering a second language under the same code subclasses the first language's
class, sets ``language`` and its own ``check`` and examples, and keeps the code, symbol,
summary, rationale and settings class: one code, one explain page, one settings class.
Front ends never decide what a rule reports: they ask the engine, which asks the rule.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import ClassVar, Iterable

from .settings import NoSettings, Setting, Settings
from .shared_settings import GeneralSettings
from .suppressions import SUPPRESSION_CODE_INFO

# Every rule module, in code order.  Listed explicitly so that importing the registry
# never scans the file system and a typo fails loudly; a meta-test fails when a module
# of a rules/ folder is missing here.
RULE_MODULES = (
    "lint_rules.rules.await_under_lock",
    "lint_rules.rules.non_atomic_json_write",
    "lint_rules.rules.unlocked_config_rmw",
    "lint_rules.rules.state_outside_initializer",
    "lint_rules.rules.duplicate_helper",
    "lint_rules.rules.duplicate_block",
    "js_rules.rules.duplicate_helper",
    "js_rules.rules.duplicate_block",
    "lint_rules.rules.field_copy_boilerplate",
    "lint_rules.rules.magic_number",
    "lint_rules.rules.constant_outside_constants_module",
    "js_rules.rules.magic_number",
    "js_rules.rules.constant_outside_constants_module",
    "lint_rules.rules.raw_error_response",
    "lint_rules.rules.import_via_shim",
    "js_rules.rules.retrying_mutation",
    "js_rules.rules.missing_idempotency_key",
    "js_rules.rules.unremoved_listener",
    "js_rules.rules.raw_fetch",
    "js_rules.rules.uncleared_interval",
    "js_rules.rules.inline_style",
    "lint_rules.rules.undocumented_mixin",
)

PARSE_ERROR_CODE = "INV000"
PARSE_ERROR_SYMBOL = "parse-error"


class Rule:
    """Base class of every rule.  Subclasses set the class attributes and ``check``
    (per-file rules) or ``check_project`` (``project_wide`` rules)."""

    code: ClassVar[str]
    symbol: ClassVar[str]
    summary: ClassVar[str]
    language: ClassVar[str]  # a language plugin's name: "python" or "js"
    settings_class: ClassVar[type[Settings]] = NoSettings
    # Source-text prefilter: the file is analysed only if it contains every string of
    # ``required_text`` and at least one of ``any_text`` (when given).  This keeps files
    # that cannot contain a finding from ever being built into a tree.  Override
    # ``wants`` for a prefilter that depends on the settings.
    required_text: ClassVar[tuple[str, ...]] = ()
    any_text: ClassVar[tuple[str, ...]] = ()
    project_wide: ClassVar[bool] = False
    # An opt-in rule runs only where ``select`` (the configuration's or ``--select``) names
    # its code exactly, as ruff's preview rules and flake8's ``off_by_default`` plugins: a
    # prefix (``INV``, ``INV7``) or ``ALL`` does not enable it, and ``ignore`` still wins.
    # For invariants a team adopts where it has migrated, not everywhere at once.
    opt_in: ClassVar[bool] = False
    # SARIF's rule properties (GitHub code scanning): how often a finding is right
    # ("very-high", "high", "medium", "low") and category tags.
    precision: ClassVar[str] = "high"
    tags: ClassVar[tuple[str, ...]] = ("maintainability",)
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings if settings is not None else self.settings_class.defaults()

    @classmethod
    def rationale(cls) -> str:
        """The rule module's docstring: why the rule exists."""
        return (sys.modules[cls.__module__].__doc__ or "").strip()

    def wants(self, text: str) -> bool:
        """Whether a file with this source text can hold a finding of this rule."""
        if not all(needle in text for needle in self.required_text):
            return False
        return not self.any_text or any(needle in text for needle in self.any_text)

    def check(self, ctx) -> None:
        """Report the findings of one file through ``ctx`` (a ``FileContext``)."""
        raise NotImplementedError

    def check_project(self, project) -> None:
        """Report findings over a project's files through ``project`` (a
        ``ProjectContext``); project-wide rules only."""
        raise NotImplementedError

    def summarise(self, ctx) -> object:
        """Project-wide rules may override this: what :meth:`check_project` needs of one
        file, taken while its tree is at hand, as plain data holding no tree node.  The
        engine then frees each file's tree once it is summarised, so a project's trees
        are never all in memory at once, and ``check_project`` reads ``file.summary``
        (None for a file the summary failed on: the engine reports that as ``INV000``).
        Rules that do not override it get each file's context with its tree."""
        raise NotImplementedError

    @classmethod
    def summarises(cls) -> bool:
        """Whether the rule has a per-file summary phase (see :meth:`summarise`)."""
        return cls.summarise is not Rule.summarise


_RULES: dict[str, dict[str, type[Rule]]] = {}  # code -> language -> implementation


def register(rule_class: type[Rule]) -> type[Rule]:
    """Class decorator that adds a rule (one language's implementation) to the registry."""
    implementations = _RULES.setdefault(rule_class.code, {})
    if rule_class.language in implementations:
        raise ValueError(f"{rule_class.code} registered twice for {rule_class.language}")
    if implementations:
        first = next(iter(implementations.values()))
        if not issubclass(rule_class, first) or rule_class.symbol != first.symbol:
            raise ValueError(f"{rule_class.__name__}: a second language of {rule_class.code} "
                             f"subclasses {first.__name__} (one code, one settings class)")
        if rule_class.bad_example == first.bad_example:
            raise ValueError(f"{rule_class.__name__}: give the {rule_class.language} "
                             f"implementation its own bad and good examples")
    implementations[rule_class.language] = rule_class
    return rule_class


def _load_rules() -> None:
    for module_name in RULE_MODULES:
        importlib.import_module(module_name)


def all_rules() -> dict[str, type[Rule]]:
    """Every registered code's first implementation (its metadata), sorted by code."""
    _load_rules()
    return {code: next(iter(by_language.values()))
            for code, by_language in sorted(_RULES.items())}


def rule_implementations() -> list[type[Rule]]:
    """Every language implementation of every rule, in code order."""
    _load_rules()
    return [rule for _code, by_language in sorted(_RULES.items())
            for rule in by_language.values()]


@dataclass(frozen=True)
class CodeInfo:
    """What the front ends need to know about a reportable code."""

    code: str
    symbol: str
    summary: str
    opt_in: bool = False


def all_codes() -> list[CodeInfo]:
    """Every code the suite can report, INV000 included."""
    parse_error = CodeInfo(PARSE_ERROR_CODE, PARSE_ERROR_SYMBOL,
                           "a file could not be parsed or decoded")
    codes = [parse_error]
    codes += [CodeInfo(code, symbol, summary) for code, symbol, summary in SUPPRESSION_CODE_INFO]
    codes += [CodeInfo(r.code, r.symbol, r.summary, r.opt_in) for r in all_rules().values()]
    return codes


def opt_in_codes() -> frozenset[str]:
    """The codes of the opt-in rules: enabled only by naming them exactly."""
    return frozenset(code for code, rule in all_rules().items() if rule.opt_in)


def opt_in_note(code: str) -> str:
    """How to enable an opt-in rule (what ``rules`` and ``explain`` print)."""
    return (f"opt-in: a prefix or ALL does not enable it; name {code} exactly, in the "
            f'configuration (select = ["INV", "{code}"]) or on the command line '
            f"(--select INV,{code})")


def symbol_for(code: str) -> str:
    """The pylint symbol of a code."""
    for info in all_codes():
        if info.code == code:
            return info.symbol
    raise KeyError(code)


def all_settings() -> dict[str, Setting]:
    """Every configuration key the suite understands, by key: general, shared and owned.

    A key declared by two rules' own settings (not shared) is a bug: one key, one owner.
    """
    found: dict[str, Setting] = {s.key: s for s in GeneralSettings.declarations()}
    owners: dict[str, str] = {}
    for code, rule in all_rules().items():
        for setting in rule.settings_class.declarations():
            if not setting.shared and setting.key in owners and owners[setting.key] != code:
                raise ValueError(f"setting {setting.key} owned by {owners[setting.key]} "
                                 f"and {code}: declare it in shared_settings")
            if not setting.shared:
                owners[setting.key] = code
            if found.get(setting.key, setting) is not setting:
                raise ValueError(f"setting {setting.key} declared twice")
            found[setting.key] = setting
    return found


def readers_of(key: str) -> list[str]:
    """The codes whose settings read ``key``."""
    return [code for code, rule in all_rules().items()
            if any(s.key == key for s in rule.settings_class.declarations())]


def unknown_code_patterns(patterns: Iterable[str]) -> list[str]:
    """The patterns of ``patterns`` that name no known code (a typo in --select)."""
    known = [info.code for info in all_codes()]
    return [p for p in patterns if p.strip() and not matching_codes([p], known)]


def matching_codes(patterns: Iterable[str], known: Iterable[str],
                   exact_only: Iterable[str] = ()) -> set[str]:
    """Expand code prefixes (``INV1``, ``INV``, ``ALL``) to the known codes they name.

    A code of ``exact_only`` (the opt-in codes, when selecting) is matched only by a
    pattern that is the code itself, never by a prefix or ``ALL``."""
    exact_only = frozenset(exact_only)
    by_prefix = [code for code in known if code not in exact_only]
    chosen: set[str] = set()
    for pattern in patterns:
        pattern = pattern.strip().upper()
        if not pattern:
            continue
        if pattern in exact_only:
            chosen.add(pattern)
        elif pattern == "ALL":
            chosen.update(by_prefix)
        else:
            chosen.update(code for code in by_prefix if code.startswith(pattern))
    return chosen
