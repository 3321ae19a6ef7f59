"""flake8 plugin (entry point ``INV``): a thin adapter over the engine.

Options come from the shared configuration (``[tool.invariant-lint]``), found by walking
up from each checked file; flake8's own ``--select``/``--extend-ignore`` pick codes.
flake8 hands over one file at a time, so the project-wide rules (INV301, INV302) run
through ``check_file`` over an index of the file's whole project root, built once per
process (see :mod:`lint_rules.project_index`): a copy is reported even when its twin is
in a file flake8 was not asked to check.

flake8 hands over text, not bytes: it decodes a file by its coding cookie and, when that
fails, as latin-1, so a file that is not valid UTF-8 (or that declares another encoding)
reaches the plugin as text the engine would read differently.  When flake8's lines are the
file on disk, the engine reads the file itself, exactly as the CLI does: the same
``INV000`` for bytes it cannot decode, the same columns after non-ASCII text.  Only a
buffer that differs from the disk (stdin, an editor's unsaved text) is checked as text.
A file flake8 cannot parse never reaches the plugin: flake8 reports ``E999`` itself.

Opt-in rules run when the configuration's ``select`` names them exactly, or when flake8's
own ``--select``/``--extend-select`` (or its configuration's) does: ``--select=INV`` does
not enable them, ``--select=INV713`` does.

The engine runs the codes flake8 would report (its ``--select``/``--ignore`` and their
``extend-`` forms, as flake8 decides them), so a ``# noqa`` for a code flake8 leaves out
is not judged unused (INV001).  The configured ``baseline`` hides the findings it records,
as in the CLI.

flake8 keeps no cache of its own, so the plugin uses the suite's result cache (the CLI's,
:mod:`lint_rules.result_cache`) for files flake8 read from disk; the
``INVARIANT_LINT_NO_CACHE`` environment variable turns it off.  A buffer (stdin) is never
recorded in it.
"""

from __future__ import annotations

import tokenize

from . import __version__
from .baseline import without_baselined
from .config import ConfigError
from .engine import check_file, engine_for
from .registry import all_codes, opt_in_codes

_UTF8_BOM = "\ufeff"
_UTF8_BOM_AS_LATIN1 = "\xef\xbb\xbf"


class InvalidConfiguration(Exception):
    """The invariant-lint configuration cannot be used (flake8 reports it and stops)."""

    def __repr__(self) -> str:  # flake8 shows the repr: show the problems as lines
        return str(self)


def lines_as_flake8_reads(path: str) -> list[str] | None:
    """The lines flake8 makes of the file at ``path`` (None if it cannot be read).

    As flake8's ``FileProcessor`` does: decoded by its coding cookie, else as latin-1,
    with universal newlines and without a leading UTF-8 byte order mark."""
    try:
        try:
            with tokenize.open(path) as handle:
                lines = handle.readlines()
        except (SyntaxError, UnicodeError):
            with open(path, encoding="latin-1") as handle:
                lines = handle.readlines()
    except (OSError, ValueError):
        return None
    if lines and lines[0].startswith(_UTF8_BOM):
        lines[0] = lines[0][len(_UTF8_BOM):]
    elif lines and lines[0].startswith(_UTF8_BOM_AS_LATIN1):
        lines[0] = lines[0][len(_UTF8_BOM_AS_LATIN1):]
    return lines


class InvariantLintChecker:
    """flake8 AST-plugin protocol: constructed per file, ``run`` yields findings."""

    name = "invariant-lint"
    version = __version__
    _codes: frozenset[str] | None = None  # the INV codes flake8 reports in this run
    # The opt-in codes flake8's own selection names exactly.
    selected_opt_in: frozenset[str] = frozenset()

    @classmethod
    def parse_options(cls, options) -> None:
        """flake8's hook with the run's options (called in every worker process too): keep
        the INV codes it would report, and the opt-in codes its ``select`` and
        ``extend-select`` name exactly."""
        from flake8.style_guide import Decision, DecisionEngine

        named = [*(getattr(options, "select", None) or ()),
                 *(getattr(options, "extend_select", None) or ())]
        cls.selected_opt_in = opt_in_codes() & {code.strip().upper() for code in named}
        try:
            decide = DecisionEngine(options).decision_for
        except (AttributeError, TypeError):  # options of another flake8: run every code
            cls._codes = None
            return
        cls._codes = frozenset(info.code for info in all_codes()
                               if decide(info.code) == Decision.Selected)

    def __init__(self, tree, filename: str, lines: list[str]):
        self.filename = filename
        self.lines = lines
        # A bad configuration stops the run with flake8's own error, once, naming every
        # problem: findings computed with half a configuration would mislead.  It is
        # raised here, not in ``run``: flake8 turns an exception from constructing a
        # plugin into its "failed during execution" message and stops (also from a
        # worker process), while one from iterating ``run`` escapes as a traceback.  So
        # the file is checked here too: a configured pattern may time out on it.
        try:
            self.engine = engine_for(filename, self._codes, also_select=self.selected_opt_in,
                                     cached=True)
            self.findings = without_baselined(
                self.engine.config, check_file(self.engine, filename, text=self._buffer()))
        except ConfigError as error:
            raise InvalidConfiguration("invalid invariant-lint configuration:\n  "
                                       + "\n  ".join(error.problems)) from None

    def _buffer(self) -> str | None:
        """The text to check, or None when flake8's lines are the file on disk (the engine
        then reads its bytes, as the CLI does)."""
        if lines_as_flake8_reads(self.filename) == list(self.lines):
            return None
        return "".join(self.lines)

    def run(self):
        for finding in self.findings:
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
