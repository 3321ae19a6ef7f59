"""Mutants of the suite's own examples, and the checks a CLI run over them must pass.

Shared by ``tests/test_fuzz.py`` (a few hundred mutants, in the suite) and
``benchmarks/fuzz.py`` (thousands).  The same seed gives the same mutants.

Each mutant is an ``examples/**/*.py`` or ``*.js`` file run through one to three byte-level
mutations: truncation, byte flips, line deletion and duplication, NUL bytes, invalid UTF-8,
CR, CRLF and mixed line endings, byte-order marks and encoding cookies, nesting deeper than
any limit, 1 MB lines, or nothing left at all.  A run of the CLI over a folder of mutants
(``check --format json -j2``, with workers, in its own session) must:

- exit 0 or 1, with no traceback on stderr and a JSON document on stdout;
- report ``INV000`` for every Python file that Python itself rejects (``compile`` raises,
  or the bytes do not decode as PEP 263 says);
- leave no process of its session behind once it has exited.

JavaScript is parsed only when a rule wants the file, so a JS file that does not parse is
not required to be an ``INV000``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lint_rules.constants import FUZZ_RUN_TIMEOUT_SECONDS
from lint_rules.constants import MAX_MUTATIONS_PER_FILE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SUFFIXES = (".py", ".js")
MEGABYTE = 1024 * 1024
PARSE_ERROR_CODE = "INV000"
EXIT_CODES = (0, 1)  # clean, findings; 2 would be a usage or config error

# Nesting far beyond what the parsers and the deep-stack thread handle, in shapes that are
# cheap for every stage that accepts them (see tests/test_deep_input.py for the limits).
DEEP_TERMS = 200_000
DEEP_BRACKETS = 5_000
DEEP_INDENT_LEVELS = 120


def example_sources(root: Path = EXAMPLES) -> list[tuple[str, bytes]]:
    """(path relative to ``root``, bytes) of every example the mutants start from."""
    return [(path.relative_to(root).as_posix(), path.read_bytes())
            for path in sorted(root.rglob("*")) if path.suffix in SUFFIXES and path.is_file()]


# -- mutations: (rng, bytes, suffix) -> bytes ------------------------------------------------

def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def truncate(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Cut the file at a random byte (possibly inside a multi-byte character)."""
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Flip one bit in each of a few random bytes."""
    if not data:
        return data
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def _replace_random_line(rng: random.Random, data: bytes,
                         replace: Callable[[bytes], list[bytes]]) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    lines[index:index + 1] = replace(lines[index])
    return b"".join(lines)


def delete_line(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Drop one random line."""
    return _replace_random_line(rng, data, lambda line: [])


def duplicate_line(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Repeat one random line in place."""
    return _replace_random_line(rng, data, lambda line: [line, line])


def _insert(rng: random.Random, data: bytes, chunk: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk + data[at:]


def insert_nul(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """A NUL byte at a random place."""
    return _insert(rng, data, b"\0")


INVALID_UTF8 = (b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xe2\x82", b"\xf8\x88\x80\x80\x80")


def insert_invalid_utf8(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """A byte sequence no UTF-8 decoder accepts (stray, truncated, surrogate, overlong)."""
    return _insert(rng, data, rng.choice(INVALID_UTF8))


def cr_endings(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Old Mac line endings throughout."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def crlf_endings(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Windows line endings throughout."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def mixed_endings(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Each line ends with LF, CR or CRLF at random."""
    return b"".join(line.rstrip(b"\r\n") + rng.choice((b"\n", b"\r", b"\r\n"))
                    for line in _lines(data))


BOMS_AND_COOKIES = (
    b"\xef\xbb\xbf",  # UTF-8 BOM
    b"\xef\xbb\xbf\xef\xbb\xbf",  # twice
    b"\xff\xfe",  # UTF-16 LE BOM, the rest is not UTF-16
    b"\xfe\xff",
    b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n",  # BOM contradicting the cookie
    b"# coding: no-such-codec\n",
    b"# coding: latin-1\n",
    b"# coding: utf-16\n",
)


def bom_or_cookie(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """A byte-order mark or an encoding cookie in front (some contradict the content)."""
    return rng.choice(BOMS_AND_COOKIES) + data


def _deep_python(rng: random.Random) -> bytes:
    shape = rng.randrange(6)
    if shape == 0:
        return b"x = " + b"(" * DEEP_BRACKETS + b"1" + b")" * DEEP_BRACKETS
    if shape == 1:
        return b"x = " + b"[" * DEEP_BRACKETS + b"]" * DEEP_BRACKETS
    if shape == 2:
        return b"x = " + b"-" * DEEP_TERMS + b"1"
    if shape == 3:
        return b"x = 1" + b" + 1" * DEEP_TERMS
    if shape == 4:
        return b"x = a" + b".b" * DEEP_TERMS
    return b"".join(b" " * level + b"if x:\n" for level in range(DEEP_INDENT_LEVELS)) + \
        b" " * DEEP_INDENT_LEVELS + b"pass"


def _deep_js(rng: random.Random) -> bytes:
    shape = rng.randrange(4)
    if shape == 0:
        return b"var x = " + b"(" * DEEP_BRACKETS + b"1" + b")" * DEEP_BRACKETS + b";"
    if shape == 1:
        return b"var x = " + b"[" * DEEP_BRACKETS + b"]" * DEEP_BRACKETS + b";"
    if shape == 2:
        return b"var x = 1" + b" + 1" * DEEP_TERMS + b";"
    return b"function f() {" * DEEP_BRACKETS + b"}" * DEEP_BRACKETS


def deep_nesting(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """A line nested deeper than any limit, appended."""
    deep = _deep_python(rng) if suffix == ".py" else _deep_js(rng)
    return data + b"\n" + deep + b"\n"


def megabyte_line(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """A 1 MB line (a comment, a string or a name), inserted between two lines."""
    comment = b"# " if suffix == ".py" else b"// "
    line = rng.choice((comment + b"c" * MEGABYTE, b"s = '" + b"s" * MEGABYTE + b"'",
                       b"n" * MEGABYTE))
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), line + b"\n")
    return b"".join(lines)


def empty(rng: random.Random, data: bytes, suffix: str) -> bytes:
    """Nothing left."""
    return b""


Mutation = Callable[[random.Random, bytes, str], bytes]
# (mutation, weight): the expensive ones (big files) are rarer.
MUTATIONS: tuple[tuple[Mutation, int], ...] = (
    (truncate, 6), (flip_bytes, 6), (delete_line, 6), (duplicate_line, 4), (insert_nul, 2),
    (insert_invalid_utf8, 3), (cr_endings, 2), (crlf_endings, 2), (mixed_endings, 3),
    (bom_or_cookie, 3), (deep_nesting, 1), (megabyte_line, 1), (empty, 1),
)


@dataclass
class Mutant:
    """One generated file: where it is, what it came from, what was done to it."""

    path: Path
    origin: str
    mutations: list[str]


def write_mutants(directory: Path, count: int, seed: int,
                  sources: list[tuple[str, bytes]] | None = None) -> list[Mutant]:
    """Write ``count`` mutants into ``directory`` (flat, names keep the suffix); the same
    seed gives the same files."""
    rng = random.Random(seed)
    sources = sources if sources is not None else example_sources()
    functions = [function for function, _ in MUTATIONS]
    weights = [weight for _, weight in MUTATIONS]
    directory.mkdir(parents=True, exist_ok=True)
    mutants = []
    for index in range(count):
        origin, data = rng.choice(sources)
        suffix = Path(origin).suffix
        applied = rng.choices(functions, weights, k=rng.randint(1, MAX_MUTATIONS_PER_FILE))
        for mutation in applied:
            data = mutation(rng, data, suffix)
        path = directory / f"mutant_{index:05d}{suffix}"
        path.write_bytes(data)
        mutants.append(Mutant(path, origin, [mutation.__name__ for mutation in applied]))
    return mutants


# -- what Python says ---------------------------------------------------------------------

def _compile(data: bytes, path: str) -> None:
    import io
    import tokenize

    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    data.decode(encoding)
    compile(data, path, "exec", dont_inherit=True)


def python_rejects(data: bytes, path: str, deep_stack: bool = True) -> str | None:
    """Why Python refuses the file (compile raises, or the bytes do not decode), else None.

    With ``deep_stack`` Python compiles on a thread with the stack and recursion limit the
    linter analyses on (:mod:`lint_rules.deep_stack`), so nesting the linter may analyse is
    not a rejection; without it, on this thread, as ``python FILE`` would."""
    from lint_rules.deep_stack import call_with_deep_stack

    try:
        if deep_stack:
            call_with_deep_stack(_compile, data, path)
        else:
            _compile(data, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError, LookupError) as error:
        return f"{type(error).__name__}: {error}"[:200]
    return None


# -- one CLI run ---------------------------------------------------------------------------

@dataclass
class RunResult:
    """A CLI run over a folder of mutants and everything that went wrong in it."""

    returncode: int
    seconds: float
    findings_by_code: dict[str, int] = field(default_factory=dict)
    parse_failures: set[Path] = field(default_factory=set)  # resolved paths with INV000
    problems: list[str] = field(default_factory=list)


def _session_processes(session: int) -> list[int]:
    """Pids of the live processes whose process group or session is ``session``."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        state, group, session_id = fields[0], int(fields[2]), int(fields[3])
        if state != "Z" and session in (group, session_id):
            pids.append(int(entry))
    return pids


def run_cli(directory: Path, jobs: int = 2, timeout: float = FUZZ_RUN_TIMEOUT_SECONDS
            ) -> tuple[subprocess.Popen, str, str, float]:
    """``check --format json -jJOBS .`` inside ``directory``, in a session of its own."""
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "lint_rules", "check", "--format", "json", f"-j{jobs}", "."],
        cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": pythonpath}, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        stdout, stderr = process.communicate()
        stderr += f"\n[fuzz] timed out after {timeout} s"
    return process, stdout, stderr, time.perf_counter() - started


def check_mutants(directory: Path, mutants: list[Mutant], jobs: int = 2,
                  timeout: float = FUZZ_RUN_TIMEOUT_SECONDS) -> RunResult:
    """Run the CLI over ``directory`` and list every broken promise (see the module doc)."""
    process, stdout, stderr, seconds = run_cli(directory, jobs, timeout)
    result = RunResult(process.returncode, seconds)
    survivors = _session_processes(process.pid)
    if survivors:
        result.problems.append(f"processes left behind: {survivors}")
        for pid in survivors:
            os.kill(pid, 9)
    if process.returncode not in EXIT_CODES:
        result.problems.append(f"exit status {process.returncode}: {stderr[-2000:]}")
    if "Traceback" in stderr:
        result.problems.append(f"traceback on stderr: {stderr[-4000:]}")
    try:
        document = json.loads(stdout)
    except ValueError as error:
        result.problems.append(f"stdout is not JSON ({error}): {stdout[:500]!r}")
        return result
    findings = document["findings"]
    for finding in findings:
        result.findings_by_code[finding["code"]] = result.findings_by_code.get(
            finding["code"], 0) + 1
    result.parse_failures = {Path(directory, f["path"]).resolve() for f in findings
                             if f["code"] == PARSE_ERROR_CODE}
    for mutant in mutants:
        if mutant.path.suffix != ".py" or mutant.path.resolve() in result.parse_failures:
            continue
        reason = python_rejects(mutant.path.read_bytes(), str(mutant.path))
        if reason:
            result.problems.append(f"{mutant.path.name} ({mutant.origin}, "
                                   f"{'+'.join(mutant.mutations)}): Python rejects it "
                                   f"({reason}) but no {PARSE_ERROR_CODE}")
    return result
