"""pylint plugin: ``load-plugins=lint_rules.pylint_plugin``.

A thin adapter: each rule is a pylint message named by its symbol; findings come from
the engine, on pylint's own astroid tree.  Messages that pylint has disabled are not
computed at all.
"""

from __future__ import annotations

from pylint.checkers import BaseChecker

from .config import ConfigError
from .engine import check_file, engine_for
from .registry import all_codes


def pylint_msgid(code: str) -> str:
    """pylint needs ``[CREWIF]dddd`` ids: INV101 becomes W9101."""
    return "W9" + code[3:]


class InvariantLintChecker(BaseChecker):
    """Reports every invariant-lint rule as a pylint message."""

    name = "invariant-lint"
    msgs = {
        pylint_msgid(info.code): (f"{info.code} %s", info.symbol, info.summary)
        for info in all_codes()
    }

    def __init__(self, linter=None):
        super().__init__(linter)
        self._symbols = {info.code: info.symbol for info in all_codes()}

    def _enabled_codes(self) -> frozenset[str]:
        return frozenset(
            code for code, symbol in self._symbols.items()
            if self.linter.is_message_enabled(symbol)
        )

    def visit_module(self, node) -> None:
        if not node.file or not node.file.endswith((".py", ".pyi")):
            return
        codes = self._enabled_codes()
        if not codes:
            return
        try:
            engine = engine_for(node.file, codes)
        except ConfigError as error:
            self.add_message(self._symbols["INV000"], line=1, args=(f"configuration: {error}",))
            return
        for finding in check_file(engine, node.file, module=node):
            self.add_message(
                self._symbols[finding.code],
                line=finding.line,
                col_offset=finding.column,
                end_lineno=finding.end_line,
                end_col_offset=finding.end_column,
                args=(finding.message,),
            )


def register(linter) -> None:
    """pylint's plugin hook."""
    linter.register_checker(InvariantLintChecker(linter))
