"""The engine: runs the selected rules over files and returns sorted findings.

Every front end (CLI, pylint plugin, flake8 plugin) calls into this module, so the same
input gives the same findings everywhere.  Bad input becomes an ``INV000`` finding and
the run goes on with the other files; no rule failure escapes as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import Config
from .deep_stack import call_with_deep_stack
from .findings import Finding
from .parallel import start_workers
from .project_index import group_by_project, project_findings
from .registry import PARSE_ERROR_CODE, Rule, all_codes, all_rules, matching_codes
from .sources import ParseFailure, PythonSource, SourceFile, discover, load_source
from .suppressions import is_suppressed, js_suppressions, python_suppressions


def enabled_codes(config: Config, select=None, ignore=None) -> set[str]:
    """Codes the run reports: config (or override) select minus ignore."""
    known = [info.code for info in all_codes()]
    chosen = matching_codes(select if select is not None else config.select, known)
    dropped = matching_codes(ignore if ignore is not None else config.ignore, known)
    return chosen - dropped


@dataclass
class RunResult:
    """What a run produced: findings (sorted), the files checked, and missing paths."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    missing: list[str] = field(default_factory=list)


def _failure_finding(source: SourceFile, failure: ParseFailure) -> Finding:
    return Finding(source.path, failure.line, failure.column, PARSE_ERROR_CODE, failure.message)


class Engine:
    """Runs a fixed set of rules with one configuration."""

    def __init__(self, config: Config, codes: set[str] | None = None):
        self.config = config
        self.codes = codes if codes is not None else enabled_codes(config)
        self.rules: list[Rule] = [
            rule_class() for code, rule_class in all_rules().items() if code in self.codes
        ]
        self._symbols = {info.symbol: info.code for info in all_codes()}

    # -- per file -------------------------------------------------------------------
    def _run_rule(self, rule: Rule, source: SourceFile, run) -> list[Finding]:
        try:
            return list(run())
        except ParseFailure as failure:
            return [_failure_finding(source, failure)]
        except RecursionError:
            return [Finding(source.path, 1, 0, PARSE_ERROR_CODE,
                            f"too deeply nested for {rule.code} to analyse")]
        except Exception as error:  # noqa: BLE001 - a rule bug must not stop the run
            return [Finding(source.path, 1, 0, PARSE_ERROR_CODE,
                            f"internal error in {rule.code}: {type(error).__name__}: {error}")]

    def check_source(self, source: SourceFile) -> list[Finding]:
        """Findings of the per-file rules for one loaded file (suppressions applied)."""
        if isinstance(source, PythonSource):
            source.check_syntax()
        if source.failure is not None:
            return self._keep([_failure_finding(source, source.failure)])
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.project_wide or rule.language != source.language:
                continue
            if not rule.wants(source.text):
                continue
            found = self._run_rule(rule, source, lambda: rule.check(source, self.config.options))
            findings.extend(found)
            if source.failure is not None:
                break
        return self._keep(self._unsuppressed(source, _dedupe(findings)))

    def check_project(self, sources: list[SourceFile]) -> list[Finding]:
        """Findings of the project-wide rules over every file of the run.

        Each rule runs once per project among the files (see :mod:`.project_index`): files
        under different project roots are never compared with each other.
        """
        healthy = [s for s in sources if s.failure is None]
        findings: list[Finding] = []
        for rule in self.rules:
            if not rule.project_wide:
                continue
            relevant = [s for s in healthy if s.language == rule.language and rule.wants(s.text)]
            for project in group_by_project(relevant):
                findings.extend(self._run_rule(
                    rule, project[0],
                    lambda rule=rule, project=project: rule.check_project(
                        project, self.config.options)))
        # A file first parsed by a project-wide rule (a JS file only INV712 wants) may fail
        # there; it is reported like any parse failure, once.
        findings.extend(_failure_finding(s, s.failure) for s in healthy if s.failure is not None)
        by_path = {s.path: s for s in sources}
        per_file: dict[str, list[Finding]] = {}
        for finding in findings:
            per_file.setdefault(finding.path, []).append(finding)
        kept = []
        for path, found in per_file.items():  # each file's comments are read once
            source = by_path.get(path)
            kept.extend(self._unsuppressed(source, found) if source else found)
        return self._keep(kept)

    def _keep(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if f.code in self.codes]

    def _unsuppressed(self, source: SourceFile, findings: list[Finding]) -> list[Finding]:
        if not findings or source.text is None:
            return findings
        if source.language == "python":
            suppressed = python_suppressions(source.text, self._symbols)
        else:
            try:
                comments = source.program.comments
            except ParseFailure:
                return findings
            suppressed = js_suppressions(comments)
        return [f for f in findings if not is_suppressed(suppressed, f.line, f.code)]

    # -- whole runs -----------------------------------------------------------------
    def check_paths(self, paths: list[str], jobs: int = 1) -> RunResult:
        """Discover, load and check every file under ``paths``.

        With ``jobs`` > 1 the per-file rules run in that many worker processes (see
        :mod:`.parallel`); the project-wide rules always run here, over every file.
        """
        files, missing = discover(paths, self.config.exclude, self.config.root)
        sources = [load_source(path) for path in files]
        workers = start_workers(self, [s.path for s in sources], jobs)
        findings: list[Finding] = []
        if workers is None:
            for source in sources:
                findings.extend(self.check_source(source))
        findings.extend(self.check_project(sources))
        if workers is not None:
            findings.extend(workers.findings())
        # A parse failure met both in a worker and by a project-wide rule here is one.
        findings = sorted(set(findings), key=Finding.sort_key)
        return RunResult(findings=findings, files=len(sources), missing=missing)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    unique = []
    for finding in findings:
        key = (finding.line, finding.column, finding.code, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def check_file(engine: Engine, path: str, text: str | None = None, module=None,
               project: bool = True) -> list[Finding]:
    """Findings for one file, for the front ends that see one file at a time.

    ``text`` is the buffer as the front end sees it (flake8 may lint stdin); ``module`` is
    an astroid tree the caller already built (pylint's), reused rather than rebuilt.  With
    ``project`` (the default) the project-wide rules' findings for this file are included,
    from an index of the file's whole project built once per process
    (:func:`.project_index.project_findings`); the pylint plugin passes ``False`` and
    reports them itself for the modules of its run.
    """
    return call_with_deep_stack(_check_file, engine, path, text, module, project)


def _check_file(engine: Engine, path: str, text: str | None, module, project: bool):
    data = text.encode("utf-8") if text is not None else None
    source = load_source(path, data)
    if module is not None and source.failure is None and isinstance(source, PythonSource):
        source.use_module(module)
    findings = engine.check_source(source)
    if project and source.failure is None:
        findings.extend(project_findings(engine, source))
    findings.sort(key=Finding.sort_key)
    return findings


_ENGINES: dict[tuple, Engine] = {}


def engine_for(path: str, codes: frozenset[str] | None = None) -> Engine:
    """The engine configured for ``path`` (its config file found by walking up), cached.

    Front ends that see one file at a time (pylint, flake8) call this per file; the
    configuration is read once per config file per process.
    """
    from .config import load_config

    config = load_config(start=path)
    key = (config.source, codes)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(config, set(codes) & enabled_codes(config) if codes else None)
    return _ENGINES[key]
