"""The benchmark scripts work: the generated tree parses and is deterministic, and run.py
measures and reports (no timing is asserted)."""

from __future__ import annotations

import ast
import importlib.util
import sys

import pytest

from helpers import ROOT, run_json


def _load(name: str):
    """A benchmark script as a module (the folder is not a package; names stay unique)."""
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", ROOT / "benchmarks" /
                                                  f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate_tree = _load("generate_tree")
bench_run = _load("run")
bench_cache = _load("cache")


def _contents(root) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("n_lines", [1, 400, 1500])
def test_generated_tree_has_the_lines_and_parses(tmp_path, n_lines):
    from js_rules.parser import parse_js

    stats = generate_tree.generate(tmp_path / "tree", n_lines)
    files = _contents(tmp_path / "tree")
    total = sum(len(text.splitlines()) for text in files.values())
    assert total == stats["lines"] >= n_lines
    assert len(files) == stats["files"]
    python = {name: text for name, text in files.items() if name.endswith(".py")}
    js = {name: text for name, text in files.items() if name.endswith(".js")}
    assert python and js
    for name, text in python.items():
        ast.parse(text, filename=name)
    for text in js.values():
        parse_js(text)
    assert "distributed/__init__.py" in python and "distributed/utils/__init__.py" in python
    assert "from ..utils.network import" in "".join(python.values())


def test_generated_tree_is_deterministic_and_seeded(tmp_path):
    generate_tree.generate(tmp_path / "a", 2000, seed=7)
    generate_tree.generate(tmp_path / "b", 2000, seed=7)
    generate_tree.generate(tmp_path / "c", 2000, seed=8)
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert _contents(tmp_path / "a") != _contents(tmp_path / "c")


def test_generated_tree_holds_findings_of_each_python_rule(tmp_path):
    generate_tree.generate(tmp_path / "tree", 3000)
    _proc, document = run_json("tree", cwd=tmp_path)
    codes = set(document["summary"]["by_code"])
    assert "INV000" not in codes
    assert {"INV101", "INV501"} <= codes


def test_run_measures_and_reports(tmp_path, capsys):
    generate_tree.generate(tmp_path / "tree", 200)
    code = bench_run.main([str(tmp_path / "tree"), "--repeat", "1", "--tools", "invariant-lint"])
    out = capsys.readouterr().out
    assert code == 0
    assert "invariant-lint" in out and "peak MB" in out
    row = next(line for line in out.splitlines() if line.startswith("invariant-lint "))
    best, median, peak, runs = row.split()[1:5]
    assert float(best) > 0 and float(median) > 0 and float(peak) > 0 and runs == "1"


def test_cache_benchmark_measures_each_run_on_a_copy(tmp_path, capsys, monkeypatch):
    generate_tree.generate(tmp_path / "tree", 200)
    before = _contents(tmp_path / "tree")
    commands, measure = [], bench_cache.measure

    def recorded(command, *args):
        commands.append(command)
        return measure(command, *args)

    monkeypatch.setattr(bench_cache, "measure", recorded)
    assert bench_cache.main([str(tmp_path / "tree"), "--repeat", "1"]) == 0
    # "no cache", then cold, warm and one edit with the cache, then flake8.
    assert ["--no-cache" in command for command in commands[:4]] == [True, False, False, False]
    out = capsys.readouterr().out
    for run in ("no cache", "cold", "warm", "one edit", "flake8"):
        row = next(line for line in out.splitlines() if line.startswith(run + " "))
        assert float(row[len(run):].split()[0]) > 0
    assert "warm / cold:" in out and "one edit / cold:" in out
    assert _contents(tmp_path / "tree") == before  # edits and cache went to the copy


def test_run_rejects_bad_usage(capsys):
    with pytest.raises(SystemExit) as raised:
        bench_run.main([])
    assert raised.value.code == 2
    with pytest.raises(SystemExit):
        bench_run.main([str(ROOT), "--tools", "eslint"])


def test_tree_stats_count_each_language(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n\ny = 2\n", encoding="utf-8")
    (tmp_path / "b.js").write_text("const z = 3;\n", encoding="utf-8")
    assert bench_run.tree_stats(str(tmp_path)) == {
        "python files": 1, "python lines": 2, "js files": 1, "js lines": 1}
