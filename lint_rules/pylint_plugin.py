"""pylint plugin: ``load-plugins=lint_rules.pylint_plugin``.

A thin adapter: each rule is a pylint message named by its symbol; findings come from
the engine, on pylint's own astroid tree.  pylint requires every message id of one
checker to share its two middle digits, so there is one checker per hundred of codes
(INV101 is W9101 in ``invariant-lint-inv1xx``, INV501 is W9501 in
``invariant-lint-inv5xx``); each asks the engine for its own codes only, so no rule
runs twice.  ``INV000`` is reported as pylint's own ``parse-error`` (F0010), whose
symbol it shares.

Project-wide rules (INV301, INV302) compare the modules of the run with each other: the
checker of their family collects the modules pylint visits and reports the findings when
the run closes (``close``), for those modules only; with ``--jobs`` the workers hand the
visited files over (``get_map_data``) and the main process reports them
(``reduce_map_data``).  The problems of a bad configuration travel the same way, so they
are reported once per run as ``config-parse-error`` however many workers met them.  Each
message is reported under its own file's pylint state, so ``# pylint: disable`` comments
in that file apply.

Opt-in rules (see ``Rule.opt_in``) run when pylint has their message enabled and either
the configuration's ``select`` names the code exactly or pylint's own ``--enable`` names
the message.  pylint expands its ``--enable`` values (``all``, a category, a checker name)
into message names before a plugin sees them, so any ``--enable`` that covers the message
counts as naming it.

The suppression audit (INV001, INV002: the ``invariant-lint-inv0xx`` checker's messages)
is made by each family's engine for the family's own codes, since only that engine has
their findings; the unknown codes of a ``# noqa`` are reported by the INV0xx checker, once.
The configured ``baseline`` hides the findings it records, as in the CLI.

Under ``--from-stdin`` (how editors lint an unsaved buffer) the rules see the text pylint
read, not the file on disk: a module pylint built from text carries it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from astroid import nodes
from pylint.checkers import BaseChecker

from .baseline import without_baselined
from .config import ConfigError
from .engine import check_file, engine_for
from .findings import Finding
from .python_language import module_name_for
from .registry import PARSE_ERROR_CODE, all_codes, all_rules, opt_in_codes
from .project_roots import as_front_ends_show
from .sources import load_source
from .suppressions import SUPPRESSION_CODES

PYLINT_PARSE_ERROR = "parse-error"
# pylint's own message for a configuration it cannot use: a bad invariant-lint table is
# reported with it once per run (per configuration file), not as a parse error per file.
PYLINT_CONFIG_ERROR = "config-parse-error"
_reported_config_errors: set[str] = set()


def pylint_msgid(code: str) -> str:
    """pylint needs ``[CREWIF]dddd`` ids: INV101 becomes W9101."""
    return "W9" + code[3:]


@dataclass
class _Visited:
    """A module of the run, kept for the project-wide rules."""

    path: str
    codes: frozenset
    node: object = None  # pylint's module node (None in the main process of a --jobs run)
    file_state: object = None  # pylint's per-file state (pragmas) for that module
    text: str | None = None  # the text pylint linted when it is not the file's (stdin)


class RuleFamilyChecker(BaseChecker):
    """Reports the rules of one hundred of codes; subclasses set ``msgs``."""

    family_codes: frozenset[str] = frozenset()
    project_codes: frozenset[str] = frozenset()  # the family's project-wide rules

    def __init__(self, linter=None):
        super().__init__(linter)
        self._symbols = {info.code: info.symbol for info in all_codes()}
        self._symbols[PARSE_ERROR_CODE] = PYLINT_PARSE_ERROR
        self._opt_in = opt_in_codes() & self.family_codes
        self._visited: dict[str, _Visited] = {}
        self._config_errors: list[tuple[str, tuple[str, ...]]] = []  # --jobs workers

    def open(self) -> None:
        self._visited = {}
        self._config_errors = []

    def _enabled_codes(self) -> frozenset[str]:
        return frozenset(
            code for code in self.family_codes
            if self.linter.is_message_enabled(self._symbols[code])
        )

    def _enabled_opt_in(self, codes: frozenset[str]) -> frozenset[str]:
        """The opt-in codes of ``codes`` that pylint's own ``--enable`` names."""
        explicit = set(getattr(self.linter.config, "enable", None) or ())
        return frozenset(code for code in codes & self._opt_in
                         if self._symbols[code] in explicit)

    def _engine(self, path: str, codes: frozenset[str]):
        """The engine for the family's enabled ``codes``, with the audit codes pylint
        reports: the INV0xx family itself reports unknown codes only."""
        audit = frozenset(code for code in SUPPRESSION_CODES
                          if self.linter.is_message_enabled(self._symbols[code]))
        own_audit = bool(self.family_codes & set(SUPPRESSION_CODES))
        return engine_for(path, codes | audit | {PARSE_ERROR_CODE},
                          self._enabled_opt_in(codes), audit_unknown=own_audit)

    def visit_module(self, node) -> None:
        if not node.file or not node.file.endswith((".py", ".pyi")):
            return
        codes = self._enabled_codes()
        if not codes:
            return
        text = _buffer_text(node)
        try:  # a bad table, or a pattern of it that timed out on this module
            engine = self._engine(node.file, codes)
            # As pylint shows it (relative to the working directory), so that the other
            # files a message names are on the same base.
            findings = without_baselined(engine.config, check_file(
                engine, as_front_ends_show(node.file), text=text, module=node, project=False))
        except ConfigError as error:
            self._report_config_error(error, node)
            return
        for finding in findings:
            self._report(finding, node)
        if codes & self.project_codes and not any(
                finding.code == PARSE_ERROR_CODE for finding in findings):
            self._visited[os.path.abspath(node.file)] = _Visited(
                node.file, codes, node, self.linter.file_state, text)

    def _report_config_error(self, error: ConfigError, node) -> None:
        if self._in_parallel_worker():  # each worker would report it: the main one does
            self._config_errors.append((node.file, tuple(error.problems)))
            return
        self._report_config_problems(error.problems, node)

    def _report_config_problems(self, problems, node) -> None:
        text = "; ".join(problems)
        if text in _reported_config_errors:
            return
        _reported_config_errors.add(text)
        for problem in problems:
            self.add_message(PYLINT_CONFIG_ERROR, line=0, node=node,
                             args=(f"invariant-lint: {problem}",))

    def _report(self, finding: Finding, node) -> None:
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

    # -- project-wide rules -------------------------------------------------------------
    def _in_parallel_worker(self) -> bool:
        """pylint runs the files in worker processes (and closes checkers after each file)
        exactly when ``--jobs`` is above one and it does not lint stdin."""
        config = self.linter.config
        return getattr(config, "jobs", 1) > 1 and not getattr(config, "from_stdin", False)

    def close(self) -> None:
        if self._visited and not self._in_parallel_worker():
            self._check_project(list(self._visited.values()))
            self._visited = {}

    def get_map_data(self):
        if not self._visited and not self._config_errors:
            return None
        return {"visited": [(visited.path, visited.codes) for visited in self._visited.values()],
                "config_errors": self._config_errors}

    def reduce_map_data(self, linter, data) -> None:
        visited = {}
        config_errors = []
        for chunk in data:
            for path, codes in (chunk or {}).get("visited", ()):
                visited[os.path.abspath(path)] = _Visited(path, frozenset(codes))
            config_errors.extend((chunk or {}).get("config_errors", ()))
        for path, problems in sorted(config_errors):  # once per run, as without --jobs
            self._in_module(_Visited(path, frozenset()),
                            lambda node, problems=problems:
                            self._report_config_problems(problems, node))
        self._check_project(list(visited.values()))

    def _check_project(self, visited: list[_Visited]) -> None:
        """Run the project-wide rules over the visited modules, per configuration."""
        by_engine: dict[int, tuple] = {}
        for module in visited:
            try:
                engine = self._engine(module.path, module.codes)
            except ConfigError:
                continue  # reported for the module already
            by_engine.setdefault(id(engine), (engine, []))[1].append(module)
        for engine, modules in by_engine.values():
            sources = []
            for module in modules:
                # Named as pylint shows it, so messages name other files on its base.
                source = load_source(as_front_ends_show(module.path), None if module.text is None
                                     else module.text.encode("utf-8"))
                if source.failure is None:
                    if module.node is not None:
                        source.adopt_tree(module.node)
                    source.check_syntax()
                sources.append(source)
            by_path = {os.path.abspath(module.path): module for module in modules}
            try:
                found = without_baselined(engine.config, engine.check_project(sources))
            except ConfigError:
                continue  # an unusable baseline: reported for the modules already
            for finding in sorted(found, key=Finding.sort_key):
                module = by_path.get(os.path.abspath(finding.path))
                if module is not None:  # never report on a file pylint did not check
                    self._in_module(module, lambda node, finding=finding:
                                    self._report(finding, node))

    def _in_module(self, module: _Visited, report) -> None:
        """``report(node)`` under the module's own pylint state, then restore the current."""
        linter = self.linter
        saved = (linter.file_state, linter.current_name, linter.current_file)
        node = module.node
        if node is None:  # --jobs: the tree stayed in the worker; a bare module stands in
            modname = module_name_for(module.path)[0]
            node = nodes.Module(name=modname, file=os.path.abspath(module.path),
                                path=[os.path.abspath(module.path)])
            node.postinit(body=[])
        try:
            if module.file_state is not None:
                linter.file_state = module.file_state
            linter.current_name = node.name
            linter.current_file = node.file
            report(node)
        finally:
            linter.file_state, linter.current_name, linter.current_file = saved


def _buffer_text(node) -> str | None:
    """The text pylint built ``node`` from when that is not the file on disk: under
    ``--from-stdin`` pylint builds the module from the text it read (astroid keeps it as
    ``file_bytes``), while a module built from its file has none.  None: read the file."""
    data = getattr(node, "file_bytes", None)
    if data is None:
        return None
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")  # astroid encoded the text it was given as UTF-8
    except UnicodeDecodeError:
        return None


def family_checkers() -> list[type[RuleFamilyChecker]]:
    """One checker class per hundred of codes (INV1xx, INV5xx, ...)."""
    families: dict[str, dict] = {}
    project_wide = frozenset(code for code, rule in all_rules().items() if rule.project_wide)
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
            "project_codes": frozenset(f"INV{msgid[2:]}" for msgid in msgs) & project_wide,
            "__doc__": f"The INV{digit}xx rules of invariant-lint.",
        })
        for digit, msgs in sorted(families.items())
    ]


def register(linter) -> None:
    """pylint's plugin hook."""
    for checker_class in family_checkers():
        linter.register_checker(checker_class(linter))
