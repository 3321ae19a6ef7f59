"""What keeps a long run's memory bounded, and the astroid cycle a shadowed module name set off.

The figures themselves (peak resident memory on the standard library and on a generated
100k-line tree) are measured by ``benchmarks/run.py``; these tests pin the mechanisms:
the clone analysis keeps no syntax tree, a language's cache is dropped once it passes the
budget and findings do not change for it, and a file named like an installed module is
built once rather than rebuilding the real module until the recursion limit.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
import sysconfig
from array import array
from pathlib import Path

import astroid
import pytest
from astroid.builder import AstroidBuilder

from lint_rules.analyses.clones.units import ModuleStatements, analyse_source
from lint_rules.config import load_config
from lint_rules.engine import Engine, engine_for
from lint_rules.memory_budget import trim_caches_over_budget
from lint_rules.python_language import astroid_cached_lines, build_module
from lint_rules.sources import load_source

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "python").rglob("*.py"))

CLONES = '''
import json

def load(path):
    with open(path) as handle:
        data = json.load(handle)
    for key in ("a", "b"):
        if key not in data:
            data[key] = []
    return data

class Store:
    async def fetch(self, key, default=None):
        try:
            return self._items[key]
        except KeyError:
            return default
'''


def _objects_in(value, seen=None):
    """Every object reachable from a clone analysis through its fields and containers."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if dataclasses.is_dataclass(value):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, ModuleStatements):
        children = [getattr(value, name) for name in ModuleStatements.__slots__]
    elif isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        children = []
    for child in children:
        yield from _objects_in(child, seen)


def test_a_module_clone_analysis_holds_no_syntax_tree():
    analysis = analyse_source("store.py", CLONES)
    found = list(_objects_in(analysis))
    assert not [o for o in found if isinstance(o, ast.AST)]
    # What it keeps instead: numbers, in arrays for the statements.
    assert {unit.qualname for unit in analysis.units} == {"load", "Store.fetch"}
    assert all(isinstance(block.statements.hashes, array) for block in analysis.blocks)
    fetch = next(u for u in analysis.units if u.name == "fetch")
    assert (fetch.line, fetch.column, fetch.is_async) == (13, 4, True)
    assert len(fetch.fingerprints) == 3 and fetch.fingerprint("R") == fetch.fingerprints[1]


def test_statement_names_are_the_local_names_in_order():
    analysis = analyse_source("store.py", CLONES)
    body = next(b for b in analysis.blocks if analysis.units[b.unit].name == "load"
                and len(b) == 3)
    table = body.statements
    # with open(path) as handle: data = json.load(handle)  -> path, handle, data, handle
    with_names = list(table.local_names(body.start))
    assert len(with_names) == 4 and with_names[1] == with_names[3] != with_names[0]
    assert table.lines[body.start] == 5 and table.end_lines[body.start] == 6


def _findings(paths, clear_between: bool):
    found = []
    for path in paths:
        if clear_between:
            astroid.MANAGER.clear_cache()
        found.extend(engine_for(str(path)).check_source(load_source(str(path))))
    return sorted(found, key=lambda f: (f.path, f.line, f.column, f.code, f.message))


def test_dropping_the_astroid_cache_between_files_changes_no_finding():
    # The examples whose rules infer across modules and through the standard library.
    folders = ("inv101", "inv201", "inv202", "inv401")
    paths = [p for p in EXAMPLES
             if p.relative_to(ROOT / "examples" / "python").parts[0] in folders]
    kept = _findings(paths, clear_between=False)
    dropped = _findings(paths, clear_between=True)
    assert kept and kept == dropped


def test_the_cache_is_dropped_once_it_holds_more_lines_than_the_budget():
    build_module(str(EXAMPLES[0]), EXAMPLES[0].read_text(encoding="utf-8"))
    lines = astroid_cached_lines()
    assert lines > 0
    assert trim_caches_over_budget(budget_lines=lines) == []  # at the budget: kept
    assert astroid_cached_lines() == lines
    assert trim_caches_over_budget(budget_lines=lines - 1) == ["python"]
    assert astroid_cached_lines() < lines


@pytest.mark.parametrize("module", ["curses/__init__.py", "json/decoder.py"])
def test_a_copy_of_an_installed_module_is_built_without_rebuilding_the_real_one(
        tmp_path, monkeypatch, module):
    # A checked file whose module name an import resolves to another file (a copy of an
    # installed package, a file named like a standard-library module).  Cached first, the
    # copy made astroid rebuild the real module at each of its own imports of the name,
    # nested, until the recursion limit: a copy of curses took 47 s and 340 MB.
    real = Path(sysconfig.get_paths()["stdlib"]) / module
    copy = tmp_path / module
    copy.parent.mkdir(parents=True)
    shutil.copy(real, copy)
    (tmp_path / ".git").mkdir()
    astroid.MANAGER.clear_cache()
    builds = []
    original = AstroidBuilder.file_build

    def counted(self, path, *args, **kwargs):  # observes astroid's builds from disk
        builds.append(path)
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(AstroidBuilder, "file_build", counted)
    tree = build_module(str(copy), copy.read_text(encoding="utf-8"))
    assert tree.file == str(copy)
    assert builds.count(str(real)) <= 1, f"{real} was built {builds.count(str(real))} times"
    engine = Engine(load_config(start=str(tmp_path)))
    assert not [f for f in engine.check_source(load_source(str(copy))) if f.code == "INV000"]
