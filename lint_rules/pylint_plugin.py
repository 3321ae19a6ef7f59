"""pylint plugin: ``load-plugins=lint_rules.pylint_plugin``.

A thin adapter: each rule is a pylint message named by its symbol; findings come from
the engine, on pylint's own astroid tree.  pylint requires every message id of one
checker to share its two middle digits, so there is one checker per hundred of codes
(INV101 is W9101 in ``invariant-lint-inv1xx``, INV501 is W9501 in
``invariant-lint-inv5xx``); each asks the engine for its own codes only, so no rule
runs twice.  ``INV000`` is reported as pylint's own ``parse-error`` (F0010), whose
symbol it shares.  Project-wide rules are reported when the run closes.
"""

from __future__ import annotations

from pylint.checkers import BaseChecker

from .config import ConfigError
from .engine import check_file, engine_for
from .registry import PARSE_ERROR_CODE, all_codes

PYLINT_PARSE_ERROR = "parse-error"


def pylint_msgid(code: str) -> str:
    """pylint needs ``[CREWIF]dddd`` ids: INV101 becomes W9101."""
    return "W9" + code[3:]


class RuleFamilyChecker(BaseChecker):
    """Reports the rules of one hundred of codes; subclasses set ``msgs``."""

    family_codes: frozenset[str] = frozenset()

    def __init__(self, linter=None):
        super().__init__(linter)
        self._symbols = {info.code: info.symbol for info in all_codes()}
        self._symbols[PARSE_ERROR_CODE] = PYLINT_PARSE_ERROR

    def _enabled_codes(self) -> frozenset[str]:
        return frozenset(
            code for code in self.family_codes
            if self.linter.is_message_enabled(self._symbols[code])
        )

    def visit_module(self, node) -> None:
        if not node.file or not node.file.endswith((".py", ".pyi")):
            return
        codes = self._enabled_codes()
        if not codes:
            return
        try:
            engine = engine_for(node.file, codes | {PARSE_ERROR_CODE})
        except ConfigError as error:
            self.add_message(PYLINT_PARSE_ERROR, line=1, node=node,
                             args=(f"invariant-lint configuration: {error}",))
            return
        for finding in check_file(engine, node.file, module=node):
            self.add_message(
                self._symbols[finding.code],
                line=finding.line,
                node=node,
                col_offset=finding.column,
                end_lineno=finding.end_line,
                end_col_offset=finding.end_column,
                args=(f"{finding.code} {finding.message}"
                      if finding.code == PARSE_ERROR_CODE else finding.message,),
            )


def family_checkers() -> list[type[RuleFamilyChecker]]:
    """One checker class per hundred of codes (INV1xx, INV5xx, ...)."""
    families: dict[str, dict] = {}
    for info in all_codes():
        if info.code == PARSE_ERROR_CODE:
            continue
        families.setdefault(info.code[3], {})[pylint_msgid(info.code)] = (
            f"{info.code} %s", info.symbol, info.summary,
        )
    return [
        type(f"InvariantLint{digit}xxChecker", (RuleFamilyChecker,), {
            "name": f"invariant-lint-inv{digit}xx",
            "msgs": msgs,
            "family_codes": frozenset(f"INV{msgid[2:]}" for msgid in msgs),
            "__doc__": f"The INV{digit}xx rules of invariant-lint.",
        })
        for digit, msgs in sorted(families.items())
    ]


def register(linter) -> None:
    """pylint's plugin hook."""
    for checker_class in family_checkers():
        linter.register_checker(checker_class(linter))
