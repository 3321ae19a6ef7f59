"""flake8 plugin (entry point ``INV``): a thin adapter over the engine.

Options come from the shared configuration (``[tool.invariant-lint]``), found by walking
up from each checked file; flake8's own ``--select``/``--extend-ignore`` pick codes.
flake8 hands over one file at a time, so the project-wide rules (INV301, INV302) run
through ``check_file`` over an index of the file's whole project root, built once per
process (see :mod:`lint_rules.project_index`): a copy is reported even when its twin is
in a file flake8 was not asked to check.
"""

from __future__ import annotations

from . import __version__
from .config import ConfigError
from .engine import check_file, engine_for


class InvalidConfiguration(Exception):
    """The invariant-lint configuration cannot be used (flake8 reports it and stops)."""

    def __repr__(self) -> str:  # flake8 shows the repr: show the problems as lines
        return str(self)


class InvariantLintChecker:
    """flake8 AST-plugin protocol: constructed per file, ``run`` yields findings."""

    name = "invariant-lint"
    version = __version__

    def __init__(self, tree, filename: str, lines: list[str]):
        self.filename = filename
        self.lines = lines
        # A bad configuration stops the run with flake8's own error, once, naming every
        # problem: findings computed with half a configuration would mislead.  It is
        # raised here, not in ``run``: flake8 turns an exception from constructing a
        # plugin into its "failed during execution" message and stops (also from a
        # worker process), while one from iterating ``run`` escapes as a traceback.
        try:
            self.engine = engine_for(filename)
        except ConfigError as error:
            raise InvalidConfiguration("invalid invariant-lint configuration:\n  "
                                       + "\n  ".join(error.problems)) from None

    def run(self):
        text = "".join(self.lines)
        for finding in check_file(self.engine, self.filename, text=text):
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
