"""The clone fingerprints are the same in every process, so the result cache can keep them
between runs: the hash codes of what the normalisers write (:mod:`stable_codes`), and the
whole analysis of real files (the examples, Python and JavaScript, and the standard
library), computed in subprocesses with different ``PYTHONHASHSEED`` values."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from helpers import ROOT
from lint_rules.analyses.clones import stable_codes
from lint_rules.analyses.clones.stable_codes import stable_code

# Prints a digest of everything the clone analysis of the examples and of some standard
# library modules holds that the project pass compares.
_DIGEST_SCRIPT = r"""
import glob, hashlib, os, sysconfig
from lint_rules.analyses.clones.units import analyse_source
from lint_rules.analyses.clones.normalise import normalise_python
from js_rules.analyses.clone_units import normalise_js
from lint_rules.analyses.clones.stable_codes import stable_code

root = os.environ["EXAMPLES"]
files = sorted(glob.glob(root + "/**/*.py", recursive=True)
               + glob.glob(root + "/**/*.js", recursive=True))
files += sorted(glob.glob(sysconfig.get_paths()["stdlib"] + "/asyncio/*.py"))
digest, analysed = hashlib.sha256(), 0
for path in files:
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    analysis = analyse_source(path, text, 0,
                              normalise_js if path.endswith(".js") else normalise_python)
    if analysis is None:
        continue
    analysed += 1
    for unit in analysis.units:
        digest.update(repr((unit.fingerprints, unit.b_fp, unit.s_fp,
                            list(unit.packed_features), sorted(unit.callees),
                            unit.body_hashes, unit.call_name)).encode())
    for block in analysis.blocks:
        table = block.statements
        digest.update(repr((list(table.hashes[block.start:block.end]),
                            list(table.call_names[block.start:block.end]))).encode())
values = [None, ..., "name", b"bytes", 1, 1.5, True, float("nan"), ("lit", "str"),
          ("Call", None, 2, (True, False)), frozenset({"a", "b"})]
print(analysed, digest.hexdigest(), [stable_code(value) for value in values])
"""


def _digest_with_seed(seed: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", _DIGEST_SCRIPT], capture_output=True, text=True, timeout=300,
        cwd=ROOT, env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT),
                       "EXAMPLES": str(ROOT / "examples"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_every_process_fingerprints_a_file_alike():
    first, second, random = (_digest_with_seed(seed) for seed in ("1", "2", "random"))
    analysed = int(first.split()[0])
    assert analysed > 40  # the examples (Python and JS) and asyncio were analysed
    assert first == second == random


@pytest.mark.parametrize("left, right", [(1, True), (1, 1.0), (0, False), ((1, "a"), (True, "a")),
                                         (("x", None), ("x", None))])
def test_equal_values_get_equal_codes(left, right):
    assert stable_code(left) == stable_code(right)


@pytest.mark.parametrize("left, right", [
    ("1", 1), (None, "None"), (..., "..."), (b"a", "a"), (("a", "b"), ("b", "a")),
    (("a", ("b",)), (("a", "b"),)), ("_v", "_f"),
])
def test_different_values_get_different_codes(left, right):
    assert stable_code(left) != stable_code(right)


def test_nan_has_one_code():
    assert stable_code(float("nan")) == stable_code(float("nan")) == stable_code(
        complex(0, math.nan))


def test_the_memo_starts_over_at_its_limit_and_codes_stay_the_same(monkeypatch):
    before = stable_code("a value the memo forgets")
    monkeypatch.setattr(stable_codes, "MEMO_LIMIT", 3)
    for number in range(10):
        stable_code(f"filler {number}")
    assert len(stable_codes._MEMO) <= 3
    assert stable_code("a value the memo forgets") == before


def test_values_of_other_types_are_coded_by_type_and_repr():
    class Marker:
        def __repr__(self):
            return "Marker()"

    marker = Marker()
    assert stable_code(marker) == stable_code(marker)
    assert stable_code(marker) != stable_code("Marker()")
