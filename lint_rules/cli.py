"""The ``invariant-lint`` command: ``check``, ``rules``, ``explain`` and ``lsp``.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys

from . import __version__
from .config import ConfigError, load_config
from .deep_stack import call_with_deep_stack
from .engine import Engine, enabled_codes
from .parallel import default_jobs
from .explain import explain_text
from .languages import language_of
from .plan_map import plan_listing
from .project_roots import unmarked_root
from .registry import all_codes, unknown_code_patterns
from .baseline import (
    DEFAULT_BASELINE_FILE, Baseline, BaselineError, baseline_path, covered_by_run, load_baseline,
)
from .reporters import (
    AUTO_FORMAT, FORMATTERS, TEXT_FORMATS, Progress, ReportOptions, resolve_format, wants_colour,
)
from .result_cache import ResultCache, cache_wanted
from .runner import check_paths
from .suppressions import add_suppressions

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by SIGINT


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with one line, as argparse does, but no usage dump
        self.exit(EXIT_USAGE, f"invariant-lint: error: {message}\n")


def _codes_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("expected 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="invariant-lint", description="Lint rules that keep refactor invariants.")
    parser.add_argument("--version", action="version", version=f"invariant-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    _add_check(commands)
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--plan", action="store_true",
                       help="list the refactor plan's tasks and the check that keeps each")
    explain = commands.add_parser("explain", help="explain one rule")
    explain.add_argument("code", metavar="CODE")
    lsp = commands.add_parser("lsp", help="run the language server (LSP over stdin/stdout)")
    lsp.add_argument("--stdio", action="store_true",
                     help="accepted for clients that pass it; stdio is the only transport")
    return parser


_CHECK_EPILOG = """\
output formats (--output-format, or its other name --format):
  text     full on a terminal, concise otherwise (the default)
  full     each finding with its source line, a caret underline and a help line
  concise  one line per finding: path:line:column: CODE message
  json     one JSON document (findings with 1-based columns, and a summary)
  sarif    a SARIF 2.1.0 log for GitHub code scanning (paths relative to --sarif-root)
  github   GitHub Actions ::error annotations (GitHub shows at most 10 per step)
  gitlab   a GitLab Code Quality report (paths relative to --sarif-root)

codes: --select and --ignore take codes or prefixes, comma-separated (INV101, INV1,
INV); ALL is every code.

cache: results are kept in .invariant-lint-cache next to the configuration (the
cache-dir key or --cache-dir move it) and reused while a file, the modules its
inference read, the settings and the suite's version are unchanged; --no-cache.

baseline: --write-baseline records the current findings; later runs (with --baseline
FILE or the `baseline` configuration key) report only findings it does not record.

exit codes:
  0    no findings (or all of them in the baseline; --add-noqa/--write-baseline done)
  1    findings reported; with --strict-baseline also stale baseline entries; with
       --add-noqa, lines it could not edit
  2    usage or configuration error (bad option or key, missing path or baseline)
  130  interrupted (Ctrl-C)
"""


def _add_check(commands) -> None:
    check = commands.add_parser(
        "check", help="check files and directories", epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check files and directories (default: the current folder).")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--select", type=_codes_list, metavar="CODES",
                       help="codes or prefixes to report, comma-separated (ALL: every code); "
                            "replaces the configured select")
    check.add_argument("--ignore", type=_codes_list, metavar="CODES",
                       help="codes or prefixes never to report; added to the configured ignore")
    check.add_argument("--output-format", "--format", dest="output_format",
                       choices=[AUTO_FORMAT, *FORMATTERS], default=AUTO_FORMAT,
                       metavar="FORMAT",
                       help="text (default), full, concise, json, sarif, github or gitlab")
    check.add_argument("--statistics", action="store_true",
                       help="print a count per code instead of the findings (text formats)")
    check.add_argument("--config", help="configuration file (pyproject.toml, setup.cfg or .toml)")
    check.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N",
                       help="worker processes for per-file rules (default: one per core)")
    check.add_argument("--baseline", metavar="FILE",
                       help="do not report the findings this baseline records (instead of "
                            "the configured baseline)")
    check.add_argument("--write-baseline", nargs="?", const="", default=None, metavar="FILE",
                       help="record the findings in a baseline file (default: the configured "
                            f"one, else {DEFAULT_BASELINE_FILE} next to the configuration) "
                            "and exit; entries of files and codes the run did not check are "
                            "kept")
    check.add_argument("--strict-baseline", action="store_true",
                       help="exit 1 when baseline entries match no finding any more")
    check.add_argument("--prune-baseline", action="store_true",
                       help="remove the baseline entries that match no finding any more")
    check.add_argument("--add-noqa", action="store_true",
                       help="add a suppression comment on every line with a finding and exit")
    check.add_argument("--reason", metavar="TEXT", default="",
                       help="with --add-noqa: the reason written after the codes ('-- TEXT')")
    check.add_argument("--force-exclude", action="store_true",
                       help="skip files named on the command line that `exclude` matches "
                            "(by default a file named explicitly is checked; hooks that "
                            "pass every staged file, such as pre-commit's, pass this)")
    check.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the result cache")
    check.add_argument("--cache-dir", metavar="DIR", default=None,
                       help="folder of the result cache (default: the `cache-dir` key, "
                            "else .invariant-lint-cache next to the configuration)")
    check.add_argument("--sarif-root", metavar="DIR", default=None,
                       help="folder the sarif and gitlab reports' paths are relative to "
                            "(default: the working directory)")


def _usage_problem(args) -> str | None:
    """A combination of check options that makes no sense, or None."""
    if args.write_baseline is not None and (args.prune_baseline or args.add_noqa):
        return "--write-baseline cannot be combined with --prune-baseline or --add-noqa"
    if args.write_baseline and (os.path.isdir(args.write_baseline)
                                or args.write_baseline.endswith((".py", ".js"))):
        return (f"--write-baseline {args.write_baseline}: that is a path to check; write "
                "the paths first, or --write-baseline=FILE")
    if args.reason and not args.add_noqa:
        return "--reason needs --add-noqa"
    if args.statistics and args.output_format not in (AUTO_FORMAT, *TEXT_FORMATS):
        return "--statistics prints text: use it without --output-format or with full/concise"
    if args.sarif_root is not None and not os.path.isdir(args.sarif_root):
        return f"--sarif-root: no such folder: {args.sarif_root}"
    return None


def _config_problems(error: ConfigError) -> int:
    for problem in error.problems:
        print(f"invariant-lint: error: {problem}", file=sys.stderr)
    return EXIT_USAGE


def _check(args) -> int:
    problem = _usage_problem(args)
    if problem:
        print(f"invariant-lint: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        start = args.paths[0] if args.paths else "."
        config = load_config(args.config, start=start)
    except ConfigError as error:
        return _config_problems(error)
    for option, patterns in (("--select", args.select), ("--ignore", args.ignore)):
        unknown = unknown_code_patterns(patterns or [])
        if unknown:
            print(f"invariant-lint: error: {option}: no rule code matches "
                  f"{', '.join(unknown)} (see `invariant-lint rules`)", file=sys.stderr)
            return EXIT_USAGE
    codes = enabled_codes(config, select=args.select,
                          ignore=[*config.ignore, *(args.ignore or [])])
    engine = Engine(config, codes)
    if not args.no_cache and cache_wanted():
        engine.cache = ResultCache.for_engine(engine, args.cache_dir)
    jobs = args.jobs if args.jobs is not None else default_jobs()
    output_format = resolve_format(args.output_format, sys.stdout)
    progress = Progress.for_run(output_format)
    try:
        with unmarked_root(args.paths):  # no marker: the project is what was given
            result = call_with_deep_stack(check_paths, engine, args.paths, jobs, progress,
                                          args.force_exclude)
    except ConfigError as error:  # a setting unusable on some file (a pattern timed out)
        return _config_problems(error)
    finally:
        if progress is not None:
            progress.finish()
    for missing in result.missing:
        print(f"invariant-lint: error: no such file or directory: {missing}", file=sys.stderr)
    if not result.files:
        for reason in _why_nothing_checked(args.paths, config, args.force_exclude):
            print(f"invariant-lint: {reason}", file=sys.stderr)
    try:
        if args.write_baseline is not None:
            return _write_baseline(args, config, engine, result)
        result = _apply_baseline(args, config, engine, result)
    except BaselineError as error:
        return _config_problems(error)
    if args.add_noqa:
        return _add_noqa(result.findings, args.reason)
    options = ReportOptions(colour=output_format in TEXT_FORMATS and wants_colour(sys.stdout),
                            root=args.sarif_root or os.getcwd(), statistics=args.statistics)
    sys.stdout.write(FORMATTERS[output_format](result, options))
    if result.missing:
        return EXIT_USAGE
    if result.findings or (args.strict_baseline and result.stale):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _why_nothing_checked(paths: list[str], config, force_exclude: bool) -> list[str]:
    """Why each existing path of a run that checked no file gave no file to check."""
    reasons = []
    for path in paths:
        if os.path.isfile(path):
            if language_of(path) is None:
                reasons.append(f"{path}: not checked: not a Python or JavaScript file")
            elif force_exclude and config.exclude.matches(path):
                reasons.append(f"{path}: not checked: `exclude` matches it (--force-exclude)")
        elif os.path.isdir(path):
            reasons.append(f"{path}: not checked: no Python or JavaScript file in it outside "
                           "`exclude` and the skipped folders")
    return reasons


def _apply_baseline(args, config, engine, result):
    """The run's findings less those of the baseline; stale entries told (and pruned)."""
    path = baseline_path(config, args.baseline)
    if path is None:
        if args.strict_baseline or args.prune_baseline:
            raise BaselineError("--strict-baseline and --prune-baseline need a baseline "
                                "(--baseline FILE or the `baseline` key)")
        return result
    baseline = load_baseline(path)
    match = baseline.filter(result.findings)
    stale = baseline.stale(match.matched, covered_by_run(
        baseline.base, result.checked, args.paths, engine.codes))
    gone = sum(stale.values())
    if gone and args.prune_baseline:
        baseline.pruned(stale).write()
        print(f"invariant-lint: removed {gone} stale entr{'y' if gone == 1 else 'ies'} "
              f"from {_shown(path)}", file=sys.stderr)
    elif gone:
        print(f"invariant-lint: {_shown(path)}: {gone} recorded finding{'' if gone == 1 else 's'} "
              "no longer found (--prune-baseline removes "
              f"{'it' if gone == 1 else 'them'})", file=sys.stderr)
    return dataclasses.replace(result, findings=match.reported, baselined=match.hidden,
                               stale=0 if args.prune_baseline else gone)


def _shown(path: str) -> str:
    """A path as messages show it: relative to the working directory when below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def _write_baseline(args, config, engine, result) -> int:
    path = args.write_baseline or baseline_path(config) or os.path.join(
        config.root or ".", DEFAULT_BASELINE_FILE)
    previous = load_baseline(path) if os.path.exists(path) else None
    base = os.path.dirname(os.path.abspath(path))
    baseline = Baseline.recorded(path, result.findings, covered_by_run(
        base, result.checked, args.paths, engine.codes), previous)
    baseline.write()
    entries = sum(1 for count in baseline.counts.values() if count)
    print(f"Wrote {_shown(path)}: {baseline.total} finding{'' if baseline.total == 1 else 's'} "
          f"recorded ({entries} entr{'y' if entries == 1 else 'ies'}).")
    return EXIT_USAGE if result.missing else EXIT_CLEAN


def _add_noqa(findings, reason: str) -> int:
    done = add_suppressions(findings, reason)
    for path, line, why in done.skipped:
        print(f"invariant-lint: {path}:{line}: no suppression added: {why}", file=sys.stderr)
    files = "file" if done.files == 1 else "files"
    print(f"Added {done.added} suppression{'' if done.added == 1 else 's'} "
          f"to {done.files} {files}.")
    return EXIT_FINDINGS if done.skipped else EXIT_CLEAN


def rules_row_summary(info) -> str:
    """A code's summary as ``rules`` lists it: opt-in codes say so."""
    return f"{info.summary} [opt-in: select {info.code} exactly]" if info.opt_in else info.summary


def _rules(plan: bool = False) -> int:
    if plan:
        sys.stdout.write(plan_listing())
        return EXIT_CLEAN
    rows = [(info.code, info.symbol, rules_row_summary(info)) for info in all_codes()]
    width_code = max(len(r[0]) for r in rows)
    width_symbol = max(len(r[1]) for r in rows)
    for code, symbol, summary in rows:
        print(f"{code:<{width_code}}  {symbol:<{width_symbol}}  {summary}")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        try:
            return _check(args)
        except KeyboardInterrupt:  # Ctrl-C: the workers are gone already (see parallel.py)
            print("invariant-lint: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
    if args.command == "rules":
        return _rules(args.plan)
    if args.command == "lsp":
        from .lsp import run as run_language_server

        return run_language_server()
    text = explain_text(args.code)
    if text is None:
        print(f"invariant-lint: error: unknown rule {args.code!r}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(text)
    return EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
