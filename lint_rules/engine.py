"""The engine: runs the selected rules over loaded files and returns sorted findings.

Every front end (CLI, pylint plugin, flake8 plugin) calls into this module, so the same
input gives the same findings everywhere.  Bad input becomes an ``INV000`` finding and
the run goes on with the other files; no rule failure escapes as a traceback.  Finding
the files of a run and spreading them over worker processes is the runner's job
(:mod:`lint_rules.runner`).
"""

from __future__ import annotations

import contextlib
import functools

from .baseline import DefinitionSpans, annotate
from .config import Config, ConfigError, load_config
from .context import FileContext, ProjectContext
from .deep_stack import call_with_deep_stack
from .failures import ParseFailure
from .findings import Finding
from .memory_budget import trim_caches_over_budget
from .analyses.project_files import forget_project_scans, project_queries
from .project_index import project_findings
from .project_roots import group_by_project
from .result_cache import ResultCache, active_cache, cache_wanted
from .registry import (
    PARSE_ERROR_CODE, Rule, all_codes, matching_codes, opt_in_codes, rule_implementations,
)
from .sources import SourceFile, load_source
from .suppressions import (
    SUPPRESSION_CODES, UNUSED_SUPPRESSION, AuditScope, Suppression, audit, may_hold_directives,
)


def enabled_codes(config: Config, select=None, ignore=None, also_select=()) -> set[str]:
    """Codes the run reports: config (or override) select minus ignore.

    Opt-in codes are selected only by their exact code (see ``Rule.opt_in``);
    ``also_select`` adds the opt-in codes a front end's own selection names exactly
    (flake8's ``--select``, pylint's ``--enable``).  ``ignore`` wins over both."""
    known = [info.code for info in all_codes()]
    patterns = [*(select if select is not None else config.select), *also_select]
    chosen = matching_codes(patterns, known, exact_only=opt_in_codes())
    dropped = matching_codes(ignore if ignore is not None else config.ignore, known)
    return chosen - dropped


def _failure_finding(source: SourceFile, failure: ParseFailure) -> Finding:
    return Finding(source.path, failure.line, failure.column, PARSE_ERROR_CODE, failure.message)


class Engine:
    """Runs a fixed set of rules with one configuration.

    ``audit_unknown``: whether the per-file pass reports suppressions of codes that do
    not exist (INV001); a front end that splits the codes over several engines (pylint's
    checker families) has one of them do it, so it is reported once.  ``cache``: a
    :class:`~lint_rules.result_cache.ResultCache` the results are read from and recorded
    in (set after construction, as it is keyed by the engine's codes), or None."""

    def __init__(self, config: Config, codes: set[str] | None = None,
                 audit_unknown: bool = True):
        self.config = config
        forget_project_scans()  # a new engine sees the project's files as they are now
        self.cache = None
        self.codes = codes if codes is not None else enabled_codes(config)
        self.rules: list[Rule] = [
            rule_class(config.settings_for(rule_class.settings_class))
            for rule_class in rule_implementations() if rule_class.code in self.codes
        ]
        self.audit_unknown = audit_unknown
        self._symbols = {info.symbol: info.code for info in all_codes()}
        self._known = frozenset(info.code for info in all_codes())
        self._file_codes = frozenset(r.code for r in self.rules if not r.project_wide)
        self._project_codes = frozenset(r.code for r in self.rules if r.project_wide)

    # -- running one rule -----------------------------------------------------------------
    def _run_rule(self, rule: Rule, source: SourceFile, run) -> list[Finding]:
        """``run(findings)`` with the rule's crashes turned into ``INV000`` findings.

        A :class:`ConfigError` (a user's pattern that timed out) is no crash of the rule:
        it stops the run, and the front end reports it as a configuration problem."""
        findings: list[Finding] = []
        try:
            if run(findings) is not None:
                raise TypeError(f"{type(rule).__name__} returned a value: rules report "
                                "through ctx.report")
            return findings
        except ParseFailure as failure:
            return [_failure_finding(source, failure)]
        except ConfigError:
            raise
        except RecursionError:
            return [Finding(source.path, 1, 0, PARSE_ERROR_CODE,
                            f"too deeply nested for {rule.code} to analyse")]
        except Exception as error:  # noqa: BLE001 - a rule bug must not stop the run
            return [Finding(source.path, 1, 0, PARSE_ERROR_CODE,
                            f"internal error in {rule.code}: {type(error).__name__}: {error}")]

    # -- per file -------------------------------------------------------------------------
    def release_tree(self, source: SourceFile) -> None:
        """Let ``source``'s tree go, keeping its definitions: the project pass keys the
        findings it reports in the file by them (see :func:`.baseline.annotate`), once
        every tree is gone.  A language that reads them from the tree has them taken now,
        while it is held (and recorded in the result cache), rather than the file parsed
        again."""
        if source.has_tree and source.plugin.definitions_need_tree:
            try:
                with self._recording(source):
                    source.analysis(DefinitionSpans)
            except Exception:  # noqa: BLE001 - left to be built again when asked for
                pass
        source.release_tree(keep=(DefinitionSpans,))

    def check_source(self, source: SourceFile) -> list[Finding]:
        """Findings of the per-file rules for one loaded file (suppressions applied), from
        the result cache when it holds them."""
        if self.cache is None:
            return self._check_source(source)
        found = self.cache.findings(source)
        source.findings_cached = found is not None
        if found is None:
            # project_queries: what other files the findings depend on
            with project_queries() as answered, self._recording(source):
                found = self._check_source(source)
            self.cache.store_findings(source, found, answered)
        return found

    def _recording(self, source: SourceFile):
        """While the block runs, the per-file analyses of ``source`` that depend on its
        text alone (its definitions, its clone analysis) are read from and recorded in the
        result cache, whichever pass builds them first."""
        if self.cache is None:
            return contextlib.nullcontext()
        return active_cache(self.cache, [source])

    def _check_source(self, source: SourceFile) -> list[Finding]:
        source.check_syntax()
        if source.failure is not None:
            return self._finish(source, [_failure_finding(source, source.failure)])
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.project_wide or rule.language != source.language:
                continue
            if not rule.wants(source.text):
                continue
            findings.extend(self._run_rule(
                rule, source,
                lambda sink, rule=rule: rule.check(FileContext(source, rule, sink))))
            if source.failure is not None:
                break
        kept = self._unsuppressed(source, _dedupe(findings), self._file_codes,
                                  self.audit_unknown)
        if source.failure is not None and not any(f.code == PARSE_ERROR_CODE for f in kept):
            kept.append(_failure_finding(source, source.failure))  # its comments did not parse
        return self._finish(source, kept)

    def check_project(self, sources: list[SourceFile]) -> list[Finding]:
        """Findings of the project-wide rules over every file of the run.

        Each rule runs once per project among the files (see
        :mod:`lint_rules.project_roots`): files under different project roots are never
        compared with each other.  With a result cache, the findings of the same files in
        the same state are read from it; else each file's summaries and clone analysis
        are, and only the comparison runs again.
        """
        if self.cache is None or not self._project_codes:
            return self._check_project(sources)
        return _through_cache(functools.partial(self.cache.project_findings, sources),
                              functools.partial(self._check_project_from_parts, sources),
                              functools.partial(self.cache.store_project_findings, sources))

    def _check_project_from_parts(self, sources: list[SourceFile]) -> list[Finding]:
        """The project pass, with each file's summaries and analyses from the cache."""
        with active_cache(self.cache, sources):
            found = self._check_project(sources)
        self.cache.flush()
        return found

    def _check_project(self, sources: list[SourceFile]) -> list[Finding]:
        healthy = [s for s in sources if s.failure is None]
        findings: list[Finding] = []
        for rule in self.rules:
            if not rule.project_wide:
                continue
            relevant = [s for s in healthy if s.language == rule.language and rule.wants(s.text)]
            summaries = self._summaries(rule, relevant, findings) if rule.summarises() else {}
            for project in group_by_project(relevant):
                findings.extend(self._run_rule(
                    rule, project[0],
                    lambda sink, rule=rule, project=project: rule.check_project(ProjectContext(
                        rule, [FileContext(source, rule, sink, summaries.get(id(source)))
                               for source in project]))))
        # A file first parsed by a project-wide rule (a JS file only INV712 wants) may fail
        # there; it is reported like any parse failure, once.
        findings.extend(_failure_finding(s, s.failure) for s in healthy if s.failure is not None)
        return self._project_unsuppressed(sources, healthy, findings)

    def summarise(self, source: SourceFile) -> list[Finding]:
        """Take the project-wide rules' summaries of one file now, while its tree is built
        (a serial run, after the per-file rules): :meth:`check_project` then finds them
        memoised instead of parsing the file again.  Returns the ``INV000`` findings of
        summaries that failed (the file then no longer takes part in the project pass).
        A file whose per-file findings came from the result cache, and whose tree is not
        built, is left to the project pass, which may not need it (its findings may be
        cached too)."""
        problems: list[Finding] = []
        if source.failure is not None or (source.findings_cached and not source.has_tree):
            return problems
        with self._recording(source):
            for rule in self.rules:
                if (rule.project_wide and rule.summarises()
                        and rule.language == source.language and rule.wants(source.text)):
                    self._summaries(rule, [source], problems)
        return self._keep(problems)

    @staticmethod
    def portable_state(source: SourceFile) -> tuple[dict, dict]:
        """What a worker sends of a file it checked, for the parent's project pass: the
        summaries by rule code and the analyses kept once its tree is released."""
        summaries, analyses = source.portable_state()
        return {key[0]: value for key, value in summaries.items()}, analyses

    def take_cached_summaries(self, sources: list[SourceFile]) -> None:
        """Take the summaries the result cache holds of ``sources`` (valid for each file's
        text, whichever process made them): the parent does this while the workers check
        the files, so that its project pass after an edit only waits for the edited
        files' summaries."""
        if self.cache is None:
            return
        for source in sources:
            held = self.cache.held_summaries(source)
            if held:
                self.adopt_state(source, (held, {}))

    def adopt_state(self, source: SourceFile, state: tuple[dict, dict]) -> None:
        """Take a :meth:`portable_state` of ``source`` made by a worker's engine (same
        configuration), so that the project pass finds its summaries memoised."""
        by_code, analyses = state
        summaries = {(rule.code, rule.settings): by_code[rule.code] for rule in self.rules
                     if rule.language == source.language and rule.code in by_code}
        source.adopt_state(summaries, analyses)

    def _summaries(self, rule: Rule, sources: list[SourceFile],
                   findings: list[Finding]) -> dict[int, object]:
        """Each source's summary for ``rule`` (by ``id``), memoised on the source; a file
        whose tree the summary built gets it freed at once.  A summary that fails is the
        file's ``INV000`` (added to ``findings`` at every pass) and leaves no summary."""
        found = {}
        for source in sources:
            def build(source=source):
                had_tree = source.has_tree
                outcome = []
                problems = self._run_rule(rule, source, lambda sink: outcome.append(
                    rule.summarise(FileContext(source, rule, sink))) and None)
                if not had_tree:
                    self.release_tree(source)  # the summary is all the project pass keeps
                    trim_caches_over_budget()
                return (outcome[0] if outcome and not problems else None), problems

            if self.cache is not None:
                build = functools.partial(self.cache.summary, source, rule.code, build)
            summary, problems = source.summary((rule.code, rule.settings), build)
            findings.extend(problems)
            found[id(source)] = summary
        return found

    # -- suppressions -------------------------------------------------------------------
    def _keep(self, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if f.code in self.codes]

    def _finish(self, source: SourceFile, findings: list[Finding]) -> list[Finding]:
        """The enabled findings, keyed for the baseline (scope and fingerprint)."""
        return annotate(source, self._keep(findings))

    def _project_unsuppressed(self, sources, healthy, findings) -> list[Finding]:
        """The project pass's findings with each file's suppressions applied, and the
        audit of the suppressions of project-wide codes (only this pass has their
        findings), per file."""
        by_path = {s.path: s for s in sources}
        per_file: dict[str, list[Finding]] = {}
        for finding in findings:
            per_file.setdefault(finding.path, []).append(finding)
        if UNUSED_SUPPRESSION in self.codes and self._project_codes:
            for source in healthy:  # a file without findings may hold an unused directive
                if source.failure is None and source.path not in per_file \
                        and _names_any(source.text, self._project_codes):
                    per_file[source.path] = []
        kept = []
        for path, found in per_file.items():  # each file's comments are read once
            source = by_path.get(path)
            if source is None:
                kept.extend(self._keep(found))
                continue
            kept.extend(self._finish(source, self._unsuppressed(
                source, found, self._project_codes, report_unknown=False)))
        return kept

    def _unsuppressed(self, source: SourceFile, findings: list[Finding],
                      judged: frozenset[str], report_unknown: bool) -> list[Finding]:
        """``findings`` less those a directive of the file silences, plus the audit of
        the directives (INV001, INV002) for the codes ``judged`` (the rules that ran)."""
        if source.text is None or not may_hold_directives(source.text):
            return findings
        try:
            directives = source.plugin.suppressions(source.comments(), self._symbols)
        except ParseFailure:
            return findings
        kept = [f for f in findings if f.code == PARSE_ERROR_CODE
                or not _silenced(directives, f.line, f.code)]
        if source.failure is None and any(code in self.codes for code in SUPPRESSION_CODES):
            scope = AuditScope(
                judged_codes=judged, known_codes=self._known, report_unknown=report_unknown,
                require_reason=bool(self.config.values.get("require-suppression-reason")))
            for found in audit(directives, [(f.line, f.code) for f in findings], scope):
                # Only a directive naming the audit's code silences it: a bare one would
                # silence the very finding about itself.
                if not any(found.code in d.codes and d.target == found.line
                           for d in directives):
                    kept.append(Finding(source.path, found.line, found.column, found.code,
                                        found.message))
        return kept


def _through_cache(read, compute, record):
    """``read()``, else ``compute()``, whose result is then ``record``-ed."""
    found = read()
    if found is None:
        found = compute()
        record(found)
    return found


def _silenced(directives: list[Suppression], line: int, code: str) -> bool:
    return any(directive.silences(line, code) for directive in directives)


def _names_any(text: str | None, codes) -> bool:
    """Whether ``text`` mentions one of ``codes`` (a directive could name it)."""
    upper = (text or "").upper()
    return any(code in upper for code in codes)


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
    if module is not None and source.failure is None:
        source.adopt_tree(module)
    findings = engine.check_source(source)
    if project and source.failure is None:
        findings.extend(project_findings(engine, source))
    findings.sort(key=Finding.sort_key)
    return findings


_ENGINES: dict[tuple, Engine] = {}


def engine_for(path: str, codes: frozenset[str] | None = None,
               also_select: frozenset[str] = frozenset(),
               audit_unknown: bool = True, cached: bool = False) -> Engine:
    """The engine configured for ``path`` (its config file found by walking up), cached.

    Front ends that see one file at a time (pylint, flake8) call this per file; the
    configuration is read once per config file per process.  ``codes`` limits the run to
    what the front end enables; ``also_select`` are the opt-in codes its own selection
    names exactly (see :func:`enabled_codes`); ``audit_unknown`` as for :class:`Engine`;
    ``cached``: the engine reads and records results in the configuration's result cache
    (unless the ``INVARIANT_LINT_NO_CACHE`` environment variable is set).
    """
    config = load_config(start=path)
    key = (config.source, id(config), codes, also_select, audit_unknown, cached)
    if key not in _ENGINES:
        enabled = enabled_codes(config, also_select=also_select)
        engine = Engine(config, set(codes) & enabled if codes else enabled, audit_unknown)
        if cached and cache_wanted():
            engine.cache = ResultCache.for_engine(engine, start=path)
        _ENGINES[key] = engine
    return _ENGINES[key]
