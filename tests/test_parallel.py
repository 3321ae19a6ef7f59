"""Worker processes change nothing but the wall time, and a large run really uses them."""

from __future__ import annotations

import os

from conftest import EXAMPLES

from helpers import CLEAN, RAW_ERROR, write_tree
from lint_rules.config import load_config
from lint_rules.constants import MIN_FILES_FOR_WORKERS
from lint_rules.engine import Engine
from lint_rules.parallel import start_workers
from lint_rules.runner import check_paths


def _everything(findings) -> list[tuple]:
    """Every field of each finding, related places included (they do not take part in
    ``Finding`` equality)."""
    return [(f.path, f.line, f.column, f.code, f.message, f.end_line, f.end_column,
             f.related) for f in findings]


def test_workers_give_the_same_findings_as_one_process():
    engine = Engine(load_config(start=str(EXAMPLES)))
    one = check_paths(engine, [str(EXAMPLES)], jobs=1)
    several = check_paths(Engine(load_config(start=str(EXAMPLES))), [str(EXAMPLES)], jobs=2)
    assert one.worker_pids == frozenset()
    # The -j2 run checked its files in worker processes, not here.
    assert several.worker_pids, "no worker process checked a file"
    assert os.getpid() not in several.worker_pids
    assert one.files == several.files > 100
    assert one.findings, "the examples have findings"
    assert _everything(several.findings) == _everything(one.findings)


def test_small_runs_stay_in_process(tmp_path):
    engine = Engine(load_config(start=str(EXAMPLES)))
    assert start_workers(engine, ["a.py", "b.py"], jobs=4) is None
    assert start_workers(engine, [f"f{i}.py" for i in range(100)], jobs=1) is None

    write_tree(tmp_path, {"routes.py": RAW_ERROR, "ok.py": CLEAN})
    small = check_paths(Engine(load_config(start=str(tmp_path))), [str(tmp_path)], jobs=4)
    assert small.files == 2 < MIN_FILES_FOR_WORKERS
    assert small.worker_pids == frozenset()
    assert [f.code for f in small.findings] == ["INV501"]


def test_the_parent_parses_nothing_the_workers_summarised(monkeypatch):
    # The workers send each file's summaries (the clone analyses, INV712's timers...) and
    # definitions with its findings: the parent's project pass parses no file again.
    import js_rules.language
    from lint_rules.analyses import clones

    parsed, analysed = [], []
    parse_js, analyse_source = js_rules.language.parse_js, clones.analyse_source

    def counting_parse(text, **options):
        parsed.append(text)  # in the parent only: a worker appends to its own copy
        return parse_js(text, **options)

    def counting_analysis(path, *args, **options):
        analysed.append(path)
        return analyse_source(path, *args, **options)

    monkeypatch.setattr(js_rules.language, "parse_js", counting_parse)
    monkeypatch.setattr(clones, "analyse_source", counting_analysis)
    several = check_paths(Engine(load_config(start=str(EXAMPLES))), [str(EXAMPLES)], jobs=2)
    assert several.worker_pids
    assert {f.code for f in several.findings} >= {"INV301", "INV302", "INV712"}
    assert parsed == [] and analysed == []
