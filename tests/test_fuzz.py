"""Fuzzing in the suite: the CLI, with workers, over a few hundred mutants of the examples.

The mutants (``benchmarks/mutants.py``, also used by ``benchmarks/fuzz.py`` at scale) are
the examples truncated, bit-flipped, with lines deleted or duplicated, NUL bytes, invalid
UTF-8, CR/CRLF/mixed line endings, byte-order marks and encoding cookies, nesting beyond
every limit, 1 MB lines, or empty.  One CLI run over them must exit 0 or 1 without a
traceback, print JSON, report ``INV000`` for every Python file Python rejects, and leave no
process of its session behind.

The fuzzing found that errors Python raises when *compiling* a tree that parses
(``'await' outside function``, ``'return' outside function``, a duplicate argument) were
not ``INV000``: the syntax check only parsed.  Those cases are pinned below.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, run_json, write_tree
from lint_rules.constants import MIN_FILES_FOR_WORKERS

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(),
                                reason="finds processes through /proc (Linux)")


def _load_mutants():
    """benchmarks/mutants.py as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location("benchmarks_mutants",
                                                  ROOT / "benchmarks" / "mutants.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


mutants = _load_mutants()
MUTANT_COUNT = 300
SEED = 11


def test_the_cli_survives_mutants_of_the_examples(tmp_path):
    written = mutants.write_mutants(tmp_path / "mutants", MUTANT_COUNT, seed=SEED)
    assert len(written) >= MIN_FILES_FOR_WORKERS  # the run uses workers
    result = mutants.check_mutants(tmp_path / "mutants", written, jobs=2)
    assert result.problems == []
    assert result.findings_by_code.get("INV000", 0) > 0


def test_the_mutants_are_seeded_and_use_every_mutation(tmp_path):
    first = mutants.write_mutants(tmp_path / "a", MUTANT_COUNT, seed=SEED)
    second = mutants.write_mutants(tmp_path / "b", MUTANT_COUNT, seed=SEED)
    assert [m.path.read_bytes() for m in first] == [m.path.read_bytes() for m in second]
    used = {name for mutant in first for name in mutant.mutations}
    assert used == {mutation.__name__ for mutation, _ in mutants.MUTATIONS}
    assert {m.path.suffix for m in first} == {".py", ".js"}


def test_the_oracle_rejects_what_python_rejects():
    assert mutants.python_rejects(b"x = 1\n", "ok.py") is None
    for rejected in (b"x = (\n", b"x = 1\0\n", b"x = '\xff'\n", b"# coding: nope\nx = 1\n",
                     b"return 1\n", b"x = " + b"-" * mutants.DEEP_TERMS + b"1\n"):
        assert mutants.python_rejects(rejected, "bad.py"), rejected


def test_a_process_left_in_the_session_is_found():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                               start_new_session=True)
    try:
        assert mutants._session_processes(process.pid) == [process.pid]
    finally:
        process.kill()
        process.wait()
    assert mutants._session_processes(process.pid) == []


# Errors of the compiler, not the parser: the tree parses, Python still refuses the file.
COMPILE_ERRORS = {
    "await_outside.py": ("async def f():\n    pass\n\nawait f()\n", 4),
    "return_outside.py": ("x = 1\nreturn x\n", 2),
    "yield_outside.py": ("yield 1\n", 1),
    "nonlocal_at_module.py": ("nonlocal x\n", 1),
    "duplicate_argument.py": ("def f(a, a):\n    pass\n", 1),
    "break_outside.py": ("break\n", 1),
}


@pytest.mark.parametrize("name", sorted(COMPILE_ERRORS))
def test_an_error_python_raises_when_compiling_is_inv000(tmp_path, name):
    text, line = COMPILE_ERRORS[name]
    assert mutants.python_rejects(text.encode(), name)
    proc, document = run_json(".", cwd=write_tree(tmp_path, {name: text}))
    assert proc.returncode == 1, proc.stderr
    assert [(f["path"], f["line"], f["code"]) for f in document["findings"]] == [
        (name, line, "INV000")], json.dumps(document)


def test_a_compiler_warning_is_not_printed(tmp_path):
    # `x is 1` is a SyntaxWarning of the compiler: the check must not print it.
    proc, document = run_json(".", cwd=write_tree(tmp_path, {"warns.py": "x = 1\ny = x is 1\n"}))
    assert proc.returncode == 0 and document["findings"] == []
    assert proc.stderr == ""
