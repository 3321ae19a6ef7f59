"""Shared fixtures: the repository root and the runs of every front end over examples/."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_EXPECT = re.compile(r"(?:#|//)\s*expect:\s*(?P<codes>INV\d{3}(?:\s*,\s*INV\d{3})*)")


def example_files(language: str | None = None) -> list[Path]:
    """Every example file, optionally of one language, sorted."""
    suffixes = {"python": (".py",), "js": (".js", ".mjs")}
    wanted = suffixes[language] if language else (".py", ".js", ".mjs")
    return sorted(p for p in EXAMPLES.rglob("*") if p.suffix in wanted and p.is_file())


def expected_marks(path: Path) -> set[tuple[int, str]]:
    """(line, code) pairs from ``# expect: CODE[, CODE]`` / ``// expect: ...`` marks."""
    marks = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _EXPECT.search(line)
        if match:
            for code in match.group("codes").split(","):
                marks.add((number, code.strip()))
    return marks


def rel(path: str | Path) -> str:
    return Path(os.path.abspath(path)).relative_to(ROOT).as_posix()


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="session")
def cli_findings() -> dict[str, set[tuple[int, str]]]:
    """(line, code) per example file, from one ``invariant-lint check --format json`` run."""
    proc = _run([sys.executable, "-m", "lint_rules", "check", "--format", "json", "examples"])
    assert proc.returncode in (0, 1), proc.stderr
    found = defaultdict(set)
    for item in json.loads(proc.stdout)["findings"]:
        found[rel(item["path"])].add((item["line"], item["code"]))
    return found


@pytest.fixture(scope="session")
def pylint_findings() -> dict[str, set[tuple[int, str]]]:
    """(line, code) per Python example, from one pylint run with only our messages on."""
    from lint_rules.registry import all_codes

    symbols = {info.symbol: info.code for info in all_codes()}
    files = [str(p.relative_to(ROOT)) for p in example_files("python")]
    proc = _run([
        sys.executable, "-m", "pylint", "--load-plugins=lint_rules.pylint_plugin",
        "--disable=all", "--enable=" + ",".join(symbols), "--output-format=json",
        "--score=n", "--persistent=n", *files,
    ])
    assert proc.returncode < 32, proc.stderr  # pylint's exit code is a bit mask; 32 = usage
    found = defaultdict(set)
    for item in json.loads(proc.stdout or "[]"):
        found[rel(item["path"])].add((item["line"], symbols[item["symbol"]]))
    return found


@pytest.fixture(scope="session")
def flake8_findings() -> dict[str, set[tuple[int, str]]]:
    """(line, code) per Python example, from one flake8 run selecting only INV."""
    files = [str(p.relative_to(ROOT)) for p in example_files("python")]
    proc = _run([
        sys.executable, "-m", "flake8", "--isolated", "--select=INV",
        "--format=%(path)s\t%(row)d\t%(code)s", *files,
    ])
    assert proc.returncode in (0, 1), proc.stderr
    found = defaultdict(set)
    for line in proc.stdout.splitlines():
        path, row, code = line.split("\t")
        found[rel(path)].add((int(row), code))
    return found
