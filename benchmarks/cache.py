"""Time the result cache: cold, warm and one-edit runs, side by side with flake8.

    python benchmarks/cache.py TREE [TREE ...] [--generate N_LINES DIR] [--repeat 3]

Each TREE is copied into a temporary folder first (each of its top-level folders without a
version-control marker or configuration is made its own repository, as a checkout is), so
the edits never touch it.  Then, ``--repeat`` times, in this order:

- ``no cache``: ``invariant-lint check . --no-cache``;
- ``cold``: ``invariant-lint check .`` with the cache folder deleted first (it fills it);
- ``warm``: the same again, nothing changed;
- ``one edit``: the same after appending a small function to one Python file (the middle
  one of the sorted list, or ``--edit PATH`` relative to the tree), which is then restored;
- ``flake8``: ``flake8 .`` with its default plugins and without this package's (flake8
  keeps no cache, so one run is its cold and warm time alike).

Wall time and peak RSS are measured as ``run.py`` measures them; the table shows medians and
the ratios the README's targets are about (warm at most 15% of cold, one edit at most 30%).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import (  # noqa: E402 - a sibling script
    add_tree_arguments, measure, tool_commands, tree_stats, trees_to_benchmark,
)

CACHE_FOLDER = ".invariant-lint-cache"
EDIT = "\n\ndef _edited_for_the_benchmark(values):\n    return [v for v in values if v]\n"
WARM_TARGET, EDIT_TARGET = 0.15, 0.30
_MARKERS = (".git", ".hg", ".svn", "pyproject.toml", "setup.cfg")


def copy_tree(tree: str, into: str) -> str:
    """A copy of ``tree`` under ``into`` whose top-level projects are repositories."""
    copy = os.path.join(into, os.path.basename(os.path.abspath(tree)))
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns(CACHE_FOLDER, ".git"))
    folders = [copy] + [os.path.join(copy, name) for name in sorted(os.listdir(copy))]
    roots = [f for f in folders[1:] if os.path.isdir(f)] if _unmarked(copy) else []
    for folder in roots or [copy]:
        if _unmarked(folder):
            subprocess.run(["git", "init", "-q", folder], check=True)
    return copy


def _unmarked(folder: str) -> bool:
    return not any(os.path.exists(os.path.join(folder, marker)) for marker in _MARKERS)


def edited_file(tree: str, given: str | None) -> str:
    """The Python file the one-edit run changes."""
    if given:
        return os.path.join(tree, given)
    files = sorted(str(path) for path in Path(tree).rglob("*.py")
                   if path.name != "__init__.py" and CACHE_FOLDER not in path.parts)
    return files[len(files) // 2]


def benchmark(tree: str, repeat: int, timeout: float, edit: str | None) -> dict[str, list]:
    commands = tool_commands(cached=True)
    ours, flake8 = commands["invariant-lint"], commands["flake8"]
    target = edited_file(tree, edit)
    with open(target, "rb") as handle:
        original = handle.read()
    print(f"  one edit: {os.path.relpath(target, tree)}", file=sys.stderr)
    samples: dict[str, list] = {name: [] for name in
                                ("no cache", "cold", "warm", "one edit", "flake8")}
    for round_number in range(1, repeat + 1):
        runs = [("no cache", [*ours, "--no-cache"], None),
                ("cold", ours, lambda: shutil.rmtree(os.path.join(tree, CACHE_FOLDER),
                                                     ignore_errors=True)),
                ("warm", ours, None),
                ("one edit", ours, lambda: _append(target, original + EDIT.encode())),
                ("flake8", flake8, lambda: _append(target, original))]
        for name, command, before in runs:
            if before is not None:
                before()
            sample, tail = measure(command, tree, timeout)
            if sample.exit_code not in (0, 1):
                raise SystemExit(f"{name} failed (exit {sample.exit_code}): {tail}")
            samples[name].append(sample)
            print(f"  round {round_number}: {name:<10} {sample.seconds:8.2f} s "
                  f"{sample.max_rss_kb / 1024:8.1f} MB", file=sys.stderr)
    return samples


def _append(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:  # a benchmark's edit, as an editor saves it
        handle.write(data)


def report(tree: str, stats: dict[str, int], samples: dict[str, list]) -> str:
    median = {name: statistics.median(s.seconds for s in runs) for name, runs in samples.items()}
    lines = [f"tree: {tree}", "  " + ", ".join(f"{v} {k}" for k, v in stats.items()), "",
             f"{'run':<12}{'median s':>10}{'best s':>10}{'peak MB':>10}"]
    for name, runs in samples.items():
        lines.append(f"{name:<12}{median[name]:>10.2f}{min(s.seconds for s in runs):>10.2f}"
                     f"{max(s.max_rss_kb for s in runs) / 1024:>10.1f}")
    best = {name: min(s.seconds for s in runs) for name, runs in samples.items()}
    warm, edit = median["warm"] / median["cold"], median["one edit"] / median["cold"]
    lines += [
        "",
        f"warm / cold:      {warm:6.1%} median, {best['warm'] / best['cold']:6.1%} best  "
        f"(target at most {WARM_TARGET:.0%}: {'met' if warm <= WARM_TARGET else 'NOT met'})",
        f"one edit / cold:  {edit:6.1%} median, {best['one edit'] / best['cold']:6.1%} best  "
        f"(target at most {EDIT_TARGET:.0%}: {'met' if edit <= EDIT_TARGET else 'NOT met'})",
        f"cold / no cache:  {median['cold'] / median['no cache']:6.1%} median, "
        f"{best['cold'] / best['no cache']:6.1%} best  (the cost of writing it)",
        f"flake8 / cold:    {median['flake8'] / median['cold']:6.1%};  warm / flake8: "
        f"{median['warm'] / median['flake8']:.2f}x;  one edit / flake8: "
        f"{median['one edit'] / median['flake8']:.2f}x",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time invariant-lint's result cache.")
    add_tree_arguments(parser, "folders to lint (copied)", "rounds (default 3)")
    parser.add_argument("--edit", metavar="PATH",
                        help="the Python file the one-edit run changes, relative to each tree")
    args = parser.parse_args(argv)
    trees = trees_to_benchmark(args, parser)
    reports = []
    with tempfile.TemporaryDirectory(prefix="invariant-lint-cache-bench-") as scratch:
        for tree in trees:
            copy = copy_tree(tree, tempfile.mkdtemp(dir=scratch))
            print(f"benchmarking {tree} (copied to {copy})", file=sys.stderr)
            samples = benchmark(copy, args.repeat, args.timeout, args.edit)
            reports.append(report(tree, tree_stats(copy), samples))
    print("\n\n".join(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
