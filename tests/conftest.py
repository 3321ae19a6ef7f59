"""Shared fixtures: the repository root, the runs of every front end over examples/, and the
expected output of each rule folder.

Each front end runs once per session. Its findings come back as ``Diagnostic`` tuples in the
CLI's terms (path relative to the repository root, 1-based column, code, message), so the
runs compare with each other and with each rule folder's ``expected.txt``: one line per
finding, ``path:line:column: CODE message`` as ``invariant-lint check`` prints it, the path
relative to the rule folder. ``python -m pytest --update-expected`` rewrites those files
from the CLI run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXPECTED = "expected.txt"
_EXPECTED_LINE = re.compile(
    r"(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>INV\d{3}) (?P<message>.*)")
_REWRITTEN = pytest.StashKey[dict]()


class Diagnostic(NamedTuple):
    """One finding of a front end; tuple order is the CLI's sort order."""

    path: str  # relative to the repository root, posix
    line: int
    column: int  # 1-based
    code: str
    message: str  # without a leading code


def pytest_addoption(parser):
    parser.addoption(
        "--update-expected", action="store_true", default=False,
        help="rewrite examples/<lang>/<rule>/expected.txt from the CLI run instead of "
             "comparing the CLI's findings with it",
    )
    parser.addoption(
        "--update-corpus", action="store_true", default=False,
        help="rewrite tests/corpus/<project>.txt from a run over the corpus: reviewed "
             "entries that still match keep their verdicts, new findings come in as "
             "'unreviewed' (which fails until someone reviews them)",
    )


def pytest_terminal_summary(terminalreporter, config):
    if not config.getoption("update_expected"):
        return
    statuses = config.stash.get(_REWRITTEN, None)
    if statuses is None:
        terminalreporter.write_line("--update-expected: no example test ran, nothing written")
        return
    rewritten = [path for path, changed in statuses.items() if changed]
    terminalreporter.write_line(
        f"--update-expected: rewrote {len(rewritten)} of {len(statuses)} expected files"
        + "".join(f"\n  {path}" for path in rewritten))


def example_files(language: str | None = None) -> list[Path]:
    """Every example file, optionally of one language, sorted."""
    suffixes = {"python": (".py",), "js": (".js", ".mjs")}
    wanted = suffixes[language] if language else (".py", ".js", ".mjs")
    return sorted(p for p in EXAMPLES.rglob("*") if p.suffix in wanted and p.is_file())


def rule_folders(language: str | None = None) -> list[Path]:
    """``examples/<language>/<rule>`` folders, sorted."""
    return sorted(p for p in EXAMPLES.glob(f"{language or '*'}/*") if p.is_dir())


def rel(path: str | Path, start: Path = ROOT) -> str:
    return Path(os.path.abspath(path)).relative_to(start).as_posix()


def found_in(diagnostics: list[Diagnostic], path: Path) -> set[tuple[int, str]]:
    """(line, code) of the diagnostics of one file."""
    key = rel(path)
    return {(d.line, d.code) for d in diagnostics if d.path == key}


def folder_lines(diagnostics: list[Diagnostic], folder: Path) -> list[str]:
    """The ``expected.txt`` lines of the diagnostics under ``folder``, in their order."""
    return [
        f"{rel(ROOT / d.path, folder)}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in diagnostics if (ROOT / d.path).is_relative_to(folder)
    ]


def parse_expected_line(line: str) -> tuple[str, int, str] | None:
    """(path, line, code) of an ``expected.txt`` line; None if it is malformed."""
    match = _EXPECTED_LINE.fullmatch(line)
    return match and (match["path"], int(match["line"]), match["code"])


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="session")
def cli_findings() -> list[Diagnostic]:
    """One ``invariant-lint check --format json`` run, in the CLI's order."""
    proc = _run([sys.executable, "-m", "lint_rules", "check", "--format", "json", "examples"])
    assert proc.returncode in (0, 1), proc.stderr
    return [
        Diagnostic(rel(item["path"]), item["line"], item["column"], item["code"],
                   item["message"])
        for item in json.loads(proc.stdout)["findings"]
    ]


@pytest.fixture(scope="session")
def pylint_findings() -> list[Diagnostic]:
    """One pylint run over the Python examples with only our messages on, sorted.

    pylint's JSON column is 0-based, and its message starts with the code (the message
    template is ``INV101 %s``): the column gets 1 added and the ``CODE `` prefix is
    removed (a message without it stays as it is, and then differs from the CLI's).
    """
    from lint_rules.registry import all_codes

    symbols = {info.symbol: info.code for info in all_codes()}
    files = [str(p.relative_to(ROOT)) for p in example_files("python")]
    proc = _run([
        sys.executable, "-m", "pylint", "--load-plugins=lint_rules.pylint_plugin",
        "--disable=all", "--enable=" + ",".join(symbols), "--output-format=json",
        "--score=n", "--persistent=n", *files,
    ])
    assert proc.returncode < 32, proc.stderr  # pylint's exit code is a bit mask; 32 = usage
    found = []
    for item in json.loads(proc.stdout or "[]"):
        code = symbols[item["symbol"]]
        found.append(Diagnostic(rel(item["path"]), item["line"], item["column"] + 1, code,
                                item["message"].removeprefix(f"{code} ")))
    return sorted(found)


@pytest.fixture(scope="session")
def flake8_findings() -> list[Diagnostic]:
    """One flake8 run over the Python examples selecting only INV, sorted.

    flake8 already prints 1-based columns, and splits ``INV101 message`` into the code and
    the text, which are taken as they are.
    """
    files = [str(p.relative_to(ROOT)) for p in example_files("python")]
    proc = _run([
        sys.executable, "-m", "flake8", "--isolated", "--select=INV",
        "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", *files,
    ])
    assert proc.returncode in (0, 1), proc.stderr
    found = []
    for line in proc.stdout.splitlines():
        path, row, column, code, text = line.split("\t", 4)
        found.append(Diagnostic(rel(path), int(row), int(column), code, text))
    return sorted(found)


@pytest.fixture(scope="session")
def expected_outputs(request, cli_findings) -> dict[Path, list[str] | None]:
    """The lines of each rule folder's ``expected.txt`` (None if there is none).

    With ``--update-expected`` each file is first rewritten from the CLI run (only written
    when its content changes), and the terminal summary lists the rewritten ones.
    """
    update = request.config.getoption("update_expected")
    statuses = request.config.stash.setdefault(_REWRITTEN, {})
    outputs = {}
    for folder in rule_folders():
        path = folder / EXPECTED
        if update:
            text = "".join(line + "\n" for line in folder_lines(cli_findings, folder))
            changed = not path.is_file() or path.read_text(encoding="utf-8") != text
            if changed:
                path.write_text(text, encoding="utf-8", newline="\n")
            statuses[rel(path)] = changed
        outputs[folder] = path.read_text(encoding="utf-8").splitlines() if path.is_file() \
            else None
    return outputs
