"""Time invariant-lint, flake8 and pylint side by side on the same tree.

    python benchmarks/run.py TREE [TREE ...] [--generate N_LINES DIR] [--repeat 3]
                             [--select INV301,INV302]

Each tool runs as its own subprocess with this interpreter, in turn, ``--repeat`` times
(round-robin, so that drift in the machine's load hits every tool alike).  For each run
the wall time and the peak resident set size are measured: the child is reaped with
``os.wait4``, whose ``ru_maxrss`` is the largest RSS of that child or of any process it
waited for (flake8's worker processes included), not a sum.  The table shows the best and
the median wall time and the highest peak RSS, then the ratios of invariant-lint to each
other tool.

The tools run as a user runs them by default:

- ``invariant-lint check .`` (with ``--select CODES``, only those codes: what some rules
  cost against the whole suite's run);
- ``flake8 .`` with its default plugins; this package's own flake8 plugin (``INV``) is
  left out, so that flake8's cost is flake8's alone;
- ``pylint --recursive=y --persistent=n --score=n .`` with its default checkers.

Each runs inside TREE, so it reads the tree's own configuration, if any, as it would for a
user working there.

``--generate N_LINES DIR`` first writes a synthetic tree of at least N_LINES lines into
DIR (see ``generate_tree.py``) and benchmarks it too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# flake8 without this package's INV plugin: mark the distribution as a banned plugin, which
# flake8's plugin finder skips (it logs a warning nobody sees).
_FLAKE8_WITHOUT_INV = (
    "import sys; import flake8.plugins.finder as finder; "
    "finder.BANNED_PLUGINS = {**finder.BANNED_PLUGINS, 'invariant-lint': 'never'}; "
    "from flake8.main.cli import main; sys.exit(main())"
)


def tool_commands(select: str | None = None, cached: bool = False) -> dict[str, list[str]]:
    """Each tool's command line; they run inside the tree, on ``.``, so each one finds the
    tree's own configuration as it would for a user working there.  ``select`` limits
    invariant-lint to those codes.  invariant-lint runs cold (``--no-cache``), as the other
    tools do, unless ``cached`` (``benchmarks/cache.py``, which measures warm runs)."""
    python = sys.executable
    options = ([] if cached else ["--no-cache"]) + (["--select", select] if select else [])
    return {
        "invariant-lint": [python, "-m", "lint_rules", "check", *options, "."],
        "flake8": [python, "-c", _FLAKE8_WITHOUT_INV, "."],
        "pylint": [python, "-m", "pylint", "--recursive=y", "--persistent=n", "--score=n", "."],
    }


# Exit codes that mean "ran to the end" (findings or not).
def _completed(tool: str, code: int) -> bool:
    if tool == "pylint":
        return 0 <= code < 32  # a bit mask; 32 is a usage error
    return code in (0, 1)


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int
    exit_code: int


@dataclass
class Result:
    tool: str
    samples: list[Sample] = field(default_factory=list)
    failure: str | None = None

    @property
    def best(self) -> float:
        return min(s.seconds for s in self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.max_rss_kb for s in self.samples) / 1024


def measure(command: list[str], cwd: str, timeout: float) -> tuple[Sample, str]:
    """Run ``command``; its wall time, peak RSS and exit code, and its stderr's tail."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, cwd=cwd,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)},
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read()[-2000:].decode("utf-8", "replace")
    return Sample(seconds, usage.ru_maxrss, process.returncode), tail


def tree_stats(tree: str) -> dict[str, int]:
    """Files and non-blank lines of Python and JavaScript under ``tree``."""
    sys.path.insert(0, str(ROOT))
    from lint_rules.languages import language_of
    from lint_rules.sources import discover

    files, _missing = discover([tree])
    stats = {"python files": 0, "python lines": 0, "js files": 0, "js lines": 0}
    for path in files:
        language = language_of(path).name
        with open(path, "rb") as handle:
            lines = sum(1 for line in handle if line.strip())
        stats[f"{language} files"] += 1
        stats[f"{language} lines"] += lines
    return stats


def benchmark(tree: str, repeat: int, timeout: float, tools: list[str],
              select: str | None = None) -> list[Result]:
    commands = {name: cmd for name, cmd in tool_commands(select).items() if name in tools}
    results = {name: Result(name) for name in commands}
    for round_number in range(1, repeat + 1):
        for name, command in commands.items():
            result = results[name]
            if result.failure:
                continue
            sample, tail = measure(command, tree, timeout)
            if sample.exit_code < 0 or not _completed(name, sample.exit_code):
                reason = "timed out" if sample.seconds >= timeout else f"exit {sample.exit_code}"
                result.failure = f"{reason}: {tail.strip().splitlines()[-1:] or ''}"
            result.samples.append(sample)
            print(f"  round {round_number}: {name:<15} {sample.seconds:8.2f} s "
                  f"{sample.max_rss_kb / 1024:8.1f} MB  exit {sample.exit_code}",
                  file=sys.stderr)
    return list(results.values())


def report(tree: str, stats: dict[str, int], results: list[Result]) -> str:
    lines = [
        f"tree: {tree}",
        "  " + ", ".join(f"{value} {name}" for name, value in stats.items()),
        "",
        f"{'tool':<16}{'best s':>10}{'median s':>10}{'peak MB':>10}{'runs':>6}  exit",
    ]
    for result in results:
        exits = ",".join(sorted({str(s.exit_code) for s in result.samples}))
        lines.append(f"{result.tool:<16}{result.best:>10.2f}{result.median:>10.2f}"
                     f"{result.peak_mb:>10.1f}{len(result.samples):>6}  {exits}"
                     + (f"  FAILED ({result.failure})" if result.failure else ""))
    by_tool = {r.tool: r for r in results}
    ours = by_tool.get("invariant-lint")
    if ours is not None:
        lines.append("")
        for other in ("flake8", "pylint"):
            if other in by_tool:
                them = by_tool[other]
                lines.append(
                    f"invariant-lint / {other}: time {ours.median / them.median:.2f}x (median), "
                    f"{ours.best / them.best:.2f}x (best); peak memory "
                    f"{ours.peak_mb / them.peak_mb:.2f}x"
                )
    return "\n".join(lines)


def add_tree_arguments(parser: argparse.ArgumentParser, trees_help: str,
                       repeat_help: str) -> None:
    """The options every benchmark script takes: the trees (or a generated one), the
    number of rounds and the per-run timeout."""
    parser.add_argument("trees", nargs="*", metavar="TREE", help=trees_help)
    parser.add_argument("--generate", nargs=2, metavar=("N_LINES", "DIR"),
                        help="first write a synthetic tree of N_LINES lines into DIR")
    parser.add_argument("--seed", type=int, default=2024, help="seed of --generate")
    parser.add_argument("--repeat", type=int, default=3, help=repeat_help)
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds before one run is killed (default 1800)")


def trees_to_benchmark(args, parser: argparse.ArgumentParser) -> list[str]:
    """The trees given, plus the generated one with ``--generate`` (written first)."""
    trees = list(args.trees)
    if args.generate:
        sys.path.insert(0, str(HERE))
        from generate_tree import generate

        n_lines, directory = int(args.generate[0]), args.generate[1]
        written = generate(directory, n_lines, args.seed)
        print(f"generated {written['files']} files, {written['lines']} lines in {directory}",
              file=sys.stderr)
        trees.append(directory)
    if not trees:
        parser.error("give a TREE to lint, or --generate N_LINES DIR")
    return trees


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time invariant-lint, flake8 and pylint on the same tree.")
    add_tree_arguments(parser, "folders to lint", "runs per tool (default 3)")
    parser.add_argument("--tools", default="invariant-lint,flake8,pylint",
                        help="comma-separated subset of invariant-lint,flake8,pylint")
    parser.add_argument("--select", metavar="CODES",
                        help="run invariant-lint with only these codes (e.g. INV301,INV302)")
    args = parser.parse_args(argv)

    trees = trees_to_benchmark(args, parser)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - {"invariant-lint", "flake8", "pylint"}
    if unknown:
        parser.error(f"unknown tool(s): {', '.join(sorted(unknown))}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    failed = False
    for tree in trees:
        if not os.path.isdir(tree):
            parser.error(f"not a directory: {tree}")
        tree = os.path.abspath(tree)
        print(f"benchmarking {tree} ...", file=sys.stderr)
        results = benchmark(tree, args.repeat, args.timeout, tools, args.select)
        print(report(tree, tree_stats(tree), results))
        print()
        failed = failed or any(r.failure for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
