"""Worker processes change nothing but the wall time."""

from __future__ import annotations

from conftest import EXAMPLES

from lint_rules.config import load_config
from lint_rules.engine import Engine
from lint_rules.parallel import start_workers


def test_workers_give_the_same_findings_as_one_process():
    engine = Engine(load_config(start=str(EXAMPLES)))
    one = engine.check_paths([str(EXAMPLES)], jobs=1)
    several = Engine(load_config(start=str(EXAMPLES))).check_paths([str(EXAMPLES)], jobs=2)
    assert one.files == several.files > 100
    assert [(f.path, f.line, f.column, f.code, f.message) for f in several.findings] == [
        (f.path, f.line, f.column, f.code, f.message) for f in one.findings
    ]


def test_small_runs_stay_in_process():
    engine = Engine(load_config(start=str(EXAMPLES)))
    assert start_workers(engine, ["a.py", "b.py"], jobs=4) is None
    assert start_workers(engine, [f"f{i}.py" for i in range(100)], jobs=1) is None
