"""The ``invariant-lint`` command: ``check``, ``rules``, ``explain`` and ``lsp``.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .config import ConfigError, load_config
from .deep_stack import call_with_deep_stack
from .engine import Engine, enabled_codes
from .parallel import default_jobs
from .explain import explain_text
from .registry import all_codes, unknown_code_patterns
from .reporters import FORMATTERS
from .runner import check_paths

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
    check = commands.add_parser("check", help="check files and directories")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--select", type=_codes_list, help="codes or prefixes to report")
    check.add_argument("--ignore", type=_codes_list, help="codes or prefixes to skip")
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    check.add_argument("--config", help="configuration file (pyproject.toml, setup.cfg or .toml)")
    check.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N",
                       help="worker processes for per-file rules (default: one per core)")
    commands.add_parser("rules", help="list every rule")
    explain = commands.add_parser("explain", help="explain one rule")
    explain.add_argument("code", metavar="CODE")
    lsp = commands.add_parser("lsp", help="run the language server (LSP over stdin/stdout)")
    lsp.add_argument("--stdio", action="store_true",
                     help="accepted for clients that pass it; stdio is the only transport")
    return parser


def _config_problems(error: ConfigError) -> int:
    for problem in error.problems:
        print(f"invariant-lint: error: {problem}", file=sys.stderr)
    return EXIT_USAGE


def _check(args) -> int:
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
    jobs = args.jobs if args.jobs is not None else default_jobs()
    try:
        result = call_with_deep_stack(check_paths, engine, args.paths, jobs)
    except ConfigError as error:  # a setting unusable on some file (a pattern timed out)
        return _config_problems(error)
    for missing in result.missing:
        print(f"invariant-lint: error: no such file or directory: {missing}", file=sys.stderr)
    sys.stdout.write(FORMATTERS[args.format](result))
    if result.missing:
        return EXIT_USAGE
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def _rules() -> int:
    rows = [(info.code, info.symbol, info.summary) for info in all_codes()]
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
        return _rules()
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
