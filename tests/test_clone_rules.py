"""INV301 duplicate-helper and INV302 duplicate-block: normalisation, options, maximal runs,
project partitioning, and the per-file front ends seeing twins in other files.

Rule cases run through the rule harness (``rule_harness``): the engine with the clone
codes and INV000, over a project whose ``pyproject.toml`` holds the settings, so a crash
fails the test.  The normalisation and the analysis entry point are also tested directly.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from helpers import ROOT, write_tree
from lint_rules.analyses.clones import project_clones
from lint_rules.analyses.clones.units import analyse_source
from lint_rules.engine import check_file, engine_for
from lint_rules.rules.duplicate_helper import CloneSettings
from lint_rules.sources import load_source
from rule_harness import run_project, run_rule

CONFIG = "[tool.invariant-lint]\n"
CLONE_CODES = ("INV301", "INV302")
# Whole-function copies off, so that INV301 leaves copied functions to INV302.
NO_NEAR_COPIES = {"clone-similarity": 0, "clone-near-min-size": 1000}
# One copy named in an INV301 message: 'name' at path:line (kind[: how], ...)
_COPY = re.compile(r"'(?P<name>[^']+)' at (?P<path>\S+):\d+ \((?P<kind>\w+)[:,)]")

TRACE = '''\
from .logging import debug_log, log


def _trace_prefix(trace_execution_id):
    return f"[Distributed][exec:{trace_execution_id}]"


def _trace_debug(trace_execution_id, message):
    debug_log(f"{_trace_prefix(trace_execution_id)} {message}")


def _trace_info(trace_execution_id, message):
    log(f"{_trace_prefix(trace_execution_id)} {message}")
'''

PARSE_INT = '''\
def _parse_positive_int(value, default):
    """Parse a positive int, else ``default``."""
    if value is None:
        return default
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        return default
    if parsed <= 0:
        return default
    return parsed
'''

COERCE_INT = '''\
def _coerce_positive_int(value, default):
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        return default
    return parsed if parsed > 0 else default
'''


def _source(path: str, text: str):
    """An in-memory source (never read from disk) for the analysis entry point."""
    return load_source(path, textwrap.dedent(text).encode("utf-8"))


def _default_clones(sources):
    """:func:`project_clones` with the default settings, nothing excluded."""
    settings = CloneSettings.defaults()
    return project_clones(sources, min_size=settings.clone_min_size,
                          near_min_size=settings.clone_near_min_size,
                          similarity=settings.clone_similarity, is_excluded=lambda path: False)


def _run(tmp_path, files: dict[str, str], settings: dict | None = None, codes=CLONE_CODES):
    """(path, line, code, message) of the findings of ``codes`` (INV301 and INV302) in a
    fresh project under ``tmp_path`` holding ``files`` and a ``pyproject.toml`` with
    ``settings``."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    found = run_project(codes, root, files, settings=settings)
    # Other places are named on the finding's own base (absolute here): shown relative.
    return [(Path(f.path).relative_to(root).as_posix(), f.line, f.code,
             f.message.replace(f"{root.as_posix()}/", "")) for f in found]


def _pairs(tmp_path, files: dict[str, str], settings: dict | None = None):
    """(name, name, kind) of every INV301 pair among ``files``, read from the messages
    (each copy names the others) of a run over a fresh project."""
    found = set()
    for path, _line, _code, message in _run(tmp_path, files, settings, codes="INV301"):
        own = message.split("'")[1]
        copies = list(_COPY.finditer(message))
        assert copies, message  # every finding names its copies
        for copy in copies:
            names = sorted([f"{path}:{own}", f"{copy['path']}:{copy['name']}"])
            found.add((names[0], names[1], copy["kind"]))
    return found


def _unit(text: str, name: str):
    analysis = analyse_source("m.py", textwrap.dedent(text))
    return next(unit for unit in analysis.units if unit.name == name)


# -- normalisation ----------------------------------------------------------------------------

def test_renamed_copy_has_equal_renamed_fingerprint_but_not_exact():
    original = _unit(
        "def f(value, default):\n    result = int(value)\n    return result or default\n", "f")
    renamed = _unit("def g(raw, fallback):\n    n = int(raw)\n    return n or fallback\n", "g")
    assert original.fingerprint("R") == renamed.fingerprint("R")
    assert original.fingerprint("E") != renamed.fingerprint("E")
    assert original.b_fp == renamed.b_fp


def test_docstrings_comments_annotations_and_pass_are_ignored():
    plain = _unit("def f(x):\n    y = x * 2\n    return y\n", "f")
    decorated = _unit(
        'def f(x: int) -> int:\n    """Double."""\n    # a comment\n    y: int = x * 2\n'
        "    pass\n    return y\n", "f")
    assert plain.fingerprint("E") == decorated.fingerprint("E")


def test_different_logic_differs_at_every_level():
    first = _unit("def f(a, b):\n    return a + b * 2\n", "f")
    second = _unit("def f(a, b):\n    return a - b * 2\n", "f")
    for level in "ERT":
        assert first.fingerprint(level) != second.fingerprint(level)
    assert first.s_fp != second.s_fp


def test_parameters_are_numbered_by_position():
    # Same body text, but the parameters are swapped: different logic.
    first = _unit("def f(a, b):\n    return a - b\n", "f")
    second = _unit("def f(b, a):\n    return a - b\n", "f")
    assert first.fingerprint("R") != second.fingerprint("R")
    # Renamed consistently (the first parameter minus the second): the same logic.
    third = _unit("def f(x, y):\n    return x - y\n", "f")
    assert first.fingerprint("R") == third.fingerprint("R")


def test_globals_and_attributes_are_not_renamed():
    first = _unit("def f(x):\n    return helper(x).value\n", "f")
    second = _unit("def f(x):\n    return other(x).value\n", "f")
    third = _unit("def f(x):\n    return helper(x).total\n", "f")
    assert first.fingerprint("R") != second.fingerprint("R")
    assert first.fingerprint("R") != third.fingerprint("R")
    # Type-2 abstracts the called name, not the attribute read.
    assert first.fingerprint("T") == second.fingerprint("T")
    assert first.fingerprint("T") != third.fingerprint("T")


def test_trivial_bodies_overloads_and_abstract_stubs_are_never_counted(tmp_path):
    text = '''
    from abc import abstractmethod
    import typing

    class A:
        def a(self):
            return self._value
        def b(self):
            raise NotImplementedError("subclasses")
        def c(self):
            """Only a docstring."""
        def d(self):
            ...
        def e(self):
            return self._data["key"]
        @typing.overload
        def f(self, x: int) -> int:
            return self.compute(x, "int", [1, 2, 3])
        @abstractmethod
        def g(self):
            return self.compute(self.value, "int", [1, 2, 3])
    '''
    analysis = analyse_source("m.py", textwrap.dedent(text))
    assert all(unit.trivial for unit in analysis.units), [
        unit.name for unit in analysis.units if not unit.trivial]
    twin = text.replace("class A", "class B")
    assert _pairs(tmp_path, {"a.py": text, "b.py": twin}) == set()


def test_one_line_trace_prefix_copy_counts_and_wrappers_do_not_pair(tmp_path):
    pairs = _pairs(tmp_path, {"a.py": TRACE, "b.py": TRACE})
    assert pairs == {
        ("a.py:_trace_debug", "b.py:_trace_debug", "exact"),
        ("a.py:_trace_info", "b.py:_trace_info", "exact"),
        ("a.py:_trace_prefix", "b.py:_trace_prefix", "exact"),
    }
    # trace_debug vs trace_info differ in the callee only: a type-2 copy once bodies that
    # small count for type-2 (clone-near-min-size, clone-variant-min-statements), not by
    # default.
    small = _pairs(tmp_path, {"a.py": TRACE},
                   {"clone-near-min-size": 5, "clone-variant-min-statements": 1})
    assert ("a.py:_trace_debug", "a.py:_trace_info", "renamed") in small
    assert _pairs(tmp_path, {"a.py": TRACE}, {"clone-near-min-size": 5}) == set()


def test_clone_min_size_option(tmp_path):
    files = {"a.py": TRACE, "b.py": TRACE}
    assert _pairs(tmp_path, files, {"clone-min-size": 12}) == set()
    assert len(_pairs(tmp_path, files, {"clone-min-size": 7})) == 2  # debug, info


def test_plan_int_and_float_parsers_are_not_copies_of_each_other(tmp_path):
    plan = '''
    def parse_positive_int(value, default: int) -> int:
        try:
            parsed = int(value)
        except (TypeError, ValueError):
            return max(1, int(default))
        return max(1, parsed)

    def parse_positive_float(value, default: float) -> float:
        try:
            parsed = float(value)
        except (TypeError, ValueError):
            return max(0.0, float(default))
        return max(0.0, parsed)
    '''
    # The plan keeps both on purpose: in a body this small, int vs float is the logic.
    assert _pairs(tmp_path, {"schemas.py": plan}) == set()
    # A type-2 copy all the same, once bodies this small count as copies.
    assert _pairs(tmp_path, {"schemas.py": plan}, {"clone-variant-min-statements": 1}) == {
        ("schemas.py:parse_positive_float", "schemas.py:parse_positive_int", "renamed")}


# -- near copies and the similarity option -----------------------------------------------------

def test_positive_int_family_pairs_up_but_validator_and_look_alikes_do_not(tmp_path):
    files = {
        "queue.py": PARSE_INT + "\n\n" + PARSE_INT.replace("int", "float"),
        "dispatch.py": COERCE_INT,
        "schemas.py": '''\
def validate_positive_int(value, field_name):
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field_name} must be a positive integer") from None
    if parsed <= 0:
        raise ValueError(f"{field_name} must be a positive integer")
    return parsed
''',
        "settings.py": '''\
import json


def load_settings_file(path, fallback):
    try:
        with open(path, encoding="utf-8") as handle:
            settings = json.load(handle)
    except (OSError, ValueError):
        return dict(fallback)
    settings.setdefault("workers", [])
    return settings


def parse_host_port(text, default_port):
    host, _, port_text = text.rpartition(":")
    if not host:
        return text, default_port
    try:
        port = int(port_text)
    except ValueError:
        return text, default_port
    return host.strip("[]"), port
''',
    }
    pairs = _pairs(tmp_path, files)
    # Two implementations of one int parser are copies; an int and a float parser this
    # small are not (each calls what the other does not), however alike.
    assert pairs == {
        ("dispatch.py:_coerce_positive_int", "queue.py:_parse_positive_int", "near")}
    every_size = {"clone-variant-min-statements": 1}
    assert _pairs(tmp_path, files, every_size) == {
        ("dispatch.py:_coerce_positive_int", "queue.py:_parse_positive_float", "near"),
        ("dispatch.py:_coerce_positive_int", "queue.py:_parse_positive_int", "near"),
        ("queue.py:_parse_positive_float", "queue.py:_parse_positive_int", "renamed"),
    }
    stricter = _pairs(tmp_path, files, {**every_size, "clone-similarity": 0.7})
    assert stricter == {("queue.py:_parse_positive_float", "queue.py:_parse_positive_int",
                         "renamed")}
    # near copies off
    assert _pairs(tmp_path, files, {**every_size, "clone-similarity": 0.0}) == stricter


def test_near_copies_need_the_larger_body(tmp_path):
    files = {"queue.py": PARSE_INT, "dispatch.py": COERCE_INT}
    assert len(_pairs(tmp_path, files)) == 1  # the control: near copies by default
    assert _pairs(tmp_path, files, {"clone-near-min-size": 40}) == set()


def test_near_similarity_is_reported(tmp_path):
    found = _run(tmp_path, {"queue.py": PARSE_INT, "dispatch.py": COERCE_INT})
    assert [(path, line, code) for path, line, code, _ in found] == [
        ("dispatch.py", 1, "INV301"), ("queue.py", 1, "INV301")]
    message = found[0][3]
    assert "'_parse_positive_int' at " in message and "queue.py:1 (near, similarity 0." in message


def test_copies_nested_in_copied_functions_are_reported_at_the_outer_ones(tmp_path):
    text = '''\
def outer(items, limit):
    def keep(item):
        value = item.get("size", 0)
        return value is not None and value <= limit
    kept = [item for item in items if keep(item)]
    return sorted(kept, key=lambda item: item["size"])
'''
    pairs = _pairs(tmp_path, {"a.py": text, "b.py": text})
    assert pairs == {("a.py:outer", "b.py:outer", "exact")}


def test_each_copy_is_reported_once_naming_the_others(tmp_path):
    found = _run(tmp_path, {"a.py": TRACE, "b.py": TRACE,
                            "c.py": TRACE.replace("trace_execution_id", "exec_id")})
    prefix = [f for f in found if f[1] == 4]
    assert [f[0] for f in prefix] == ["a.py", "b.py", "c.py"]
    assert "'_trace_prefix' at b.py:4 (exact)" in prefix[0][3]
    # a renamed copy says which names differ
    assert "'_trace_prefix' at c.py:4 (renamed: trace_execution_id -> exec_id)" in prefix[0][3]


# -- INV302 ---------------------------------------------------------------------------------

BRANCHES = '''\
def collect(self, job_data, mode, current_time, multi_job_id):
    if mode == "static":
        job = self.jobs.get(multi_job_id)
        worker_status = dict(job_data.worker_status)
        for worker_id, last_seen in worker_status.items():
            elapsed = max(0.0, current_time - float(last_seen))
            log(f"{multi_job_id} {worker_id[:8]} {elapsed:.1f}s")
        self.static_done(job)
    else:
        worker_status = dict(job_data.worker_status)
        for worker_id, last_seen in worker_status.items():
            elapsed = max(0.0, current_time - float(last_seen))
            log(f"{multi_job_id} {worker_id[:8]} {elapsed:.1f}s")
        self.requeue(multi_job_id)
'''


def test_two_branches_report_the_first_statement_of_each_copy(tmp_path):
    found = _run(tmp_path, {"collector.py": BRANCHES})
    assert [(path, line, code) for path, line, code, _ in found] == [
        ("collector.py", 4, "INV302"), ("collector.py", 10, "INV302")]
    assert "4 statements (lines 4-7) repeated at collector.py:10-13;" in found[0][3]


def test_only_maximal_runs_are_reported(tmp_path):
    body = "".join(f"    total = total + {i}\n    log(total)\n" for i in range(4))
    nested = "    for item in items:\n" + textwrap.indent(body, "    ")
    files = {
        "a.py": "def first(items, total):\n    start = 1\n" + nested + "    return total\n",
        "b.py": "def second(things, acc):\n    stop = 2\n"
                + nested.replace("items", "things").replace("total", "acc")
                + "    return None\n",
    }
    found = _run(tmp_path, files, NO_NEAR_COPIES)
    # The for loops (9 statements) are the run; its body (8 statements) is not reported.
    assert [(path, line) for path, line, _code, _ in found] == [("a.py", 3), ("b.py", 3)]
    assert "9 statements" in found[0][3]


def test_renaming_must_be_consistent(tmp_path):
    first = "def f(a, b):\n    x = a\n    y = b\n    x = x + y\n    return x * y\n"
    second = "def g(a, b):\n    x = a\n    y = b\n    y = x + y\n    return x * y\n"
    assert _run(tmp_path, {"a.py": first, "b.py": second}) == []


def test_literals_and_called_names_must_match(tmp_path):
    first = "def f(job):\n    a = job.x\n    store('a', a)\n    b = job.y\n    store('b', b)\n"
    second = first.replace("'b'", "'c'")
    files = {"a.py": first + "    return 1\n", "b.py": second + "    return 2\n"}
    # As whole functions they are type-2 copies (INV301, once bodies that small count);
    # as runs, the literals differ.
    assert {code for _p, _l, code, _m in _run(
        tmp_path, files, {"clone-variant-min-statements": 1})} == {"INV301"}
    assert _run(tmp_path, files, NO_NEAR_COPIES) == []
    found = _run(tmp_path, {**files, "b.py": first.replace("job.y", "job.z") + "    pass\n"},
                 NO_NEAR_COPIES)
    assert found == []  # a different attribute read breaks the run too


def test_block_min_statements_option(tmp_path):
    files = {"collector.py": BRANCHES}
    assert _run(tmp_path, files, {"block-min-statements": 5}) == []
    three = _run(tmp_path, files, {"block-min-statements": 3})
    assert [line for _path, line, _code, _ in three] == [4, 10]


def test_runs_inside_whole_function_copies_are_left_to_inv301(tmp_path):
    text = BRANCHES.replace("def collect", "def gather")
    found = _run(tmp_path, {"a.py": BRANCHES, "b.py": text})
    # The functions are copies (INV301); the runs pasted between the two copies are not
    # reported again, while each copy's own repeated branch still is, naming its own file.
    assert [(path, line, code) for path, line, code, _ in found] == [
        ("a.py", 1, "INV301"), ("a.py", 4, "INV302"), ("a.py", 10, "INV302"),
        ("b.py", 1, "INV301"), ("b.py", 4, "INV302"), ("b.py", 10, "INV302")]
    for path, _line, code, message in found:
        if code == "INV302":
            assert f"repeated at {path}:" in message


def test_module_and_class_top_levels_are_not_compared(tmp_path):
    top = "import os\nimport sys\nA = os.sep\nB = sys.argv\nC = A + B[0]\nD = C * 2\n"
    found = _run(tmp_path, {"a.py": top, "b.py": top,
                            "c.py": "class K:\n" + textwrap.indent(top, "    ")})
    assert found == []


# -- project partition and clone-exclude --------------------------------------------------------

def test_nested_project_is_not_compared_with_its_parent(tmp_path):
    files = {"a.py": TRACE, "sub/pyproject.toml": CONFIG, "sub/b.py": TRACE}
    assert _run(tmp_path, files) == []
    found = _run(tmp_path, {**files, "sub/c.py": TRACE})  # c.py is in sub's project with b.py
    assert {path for path, *_ in found} == {"sub/b.py", "sub/c.py"}


CLONE_TREE = {"pkg/a.py": TRACE, "tests/test_a.py": TRACE, "tests/helpers.py": TRACE,
              "pkg/test_b.py": TRACE}


@pytest.mark.parametrize("settings, reported", [
    # test-files (default: the test folders and file names) are never compared...
    (None, set()),  # a.py alone outside the tests
    # ...and setting it replaces the default,
    ({"test-files": ["pkg"]}, {"tests/test_a.py", "tests/helpers.py"}),
    ({"test-files": []}, {"pkg/a.py", "tests/test_a.py", "tests/helpers.py", "pkg/test_b.py"}),
    # while clone-exclude (default empty) adds to test-files for the clone rules only.
    ({"clone-exclude": ["pkg"]}, set()),
    ({"clone-exclude": ["pkg"], "test-files": []}, {"tests/test_a.py", "tests/helpers.py"}),
    ({"clone-exclude": ["tests/helpers.py"], "test-files": []},
     {"pkg/a.py", "tests/test_a.py", "pkg/test_b.py"}),
])
def test_test_files_and_clone_exclude_leave_files_out(tmp_path, settings, reported):
    assert {path for path, *_ in _run(tmp_path, CLONE_TREE, settings)} == reported


def test_project_root_is_the_nearest_config_or_vcs_folder(tmp_path):
    from lint_rules.project_roots import project_root_for

    write_tree(tmp_path, {"repo/.git/HEAD": "ref\n", "repo/pkg/a.py": "",
                          "repo/pkg/sub/pyproject.toml": CONFIG, "repo/pkg/sub/b.py": "",
                          "repo/pkg/other/pyproject.toml": "[tool.black]\n",
                          "repo/pkg/other/c.py": "", "loose/d.py": ""})
    assert project_root_for(str(tmp_path / "repo/pkg/a.py")) == str(tmp_path / "repo")
    assert project_root_for(str(tmp_path / "repo/pkg/sub/b.py")) == str(tmp_path / "repo/pkg/sub")
    assert project_root_for(str(tmp_path / "repo/pkg/other/c.py")) == str(tmp_path / "repo")
    assert project_root_for(str(tmp_path / "loose/d.py")) == str(tmp_path / "loose")


# -- per-file front ends ------------------------------------------------------------------------

def _project(tmp_path):
    return write_tree(tmp_path / "proj", {
        "pyproject.toml": CONFIG,
        "pkg/__init__.py": "",
        "pkg/dispatch.py": TRACE,
        "pkg/media_sync.py": "import os\n\n\n" + TRACE,
    })


def test_flake8_plugin_on_one_file_reports_the_twin_in_another(tmp_path):
    from lint_rules.flake8_plugin import InvariantLintChecker

    root = _project(tmp_path)
    path = str(root / "pkg" / "dispatch.py")
    lines = (root / "pkg" / "dispatch.py").read_text(encoding="utf-8").splitlines(True)
    results = list(InvariantLintChecker(None, path, lines).run())
    assert [(line, message.split()[0]) for line, _col, message, _ in results] == [
        (4, "INV301"), (8, "INV301"), (12, "INV301")]
    assert "media_sync.py:7 (exact)" in results[0][2]


def test_flake8_plugin_checks_the_buffer_against_the_project(tmp_path):
    from lint_rules.flake8_plugin import InvariantLintChecker

    root = _project(tmp_path)
    path = str(root / "pkg" / "dispatch.py")
    # The editor buffer no longer holds the copies: nothing to report for it.
    buffer = "from ..utils.trace_logger import trace_prefix\n"
    assert list(InvariantLintChecker(None, path, [buffer]).run()) == []
    # The twin on disk still reports the copy on disk.
    lines = (root / "pkg" / "media_sync.py").read_text(encoding="utf-8").splitlines(True)
    twin = list(InvariantLintChecker(None, str(root / "pkg" / "media_sync.py"), lines).run())
    assert [line for line, *_ in twin] == [7, 11, 15]


def test_check_file_includes_project_findings_unless_asked_not_to(tmp_path):
    root = _project(tmp_path)
    path = str(root / "pkg" / "dispatch.py")
    engine = engine_for(path)
    assert [f.line for f in check_file(engine, path)] == [4, 8, 12]
    assert check_file(engine, path, project=False) == []


def _tool(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pylint_reports_project_findings_for_the_modules_of_the_run(tmp_path, jobs):
    root = _project(tmp_path)
    (root / "pkg" / "media_sync.py").write_text(
        "import os\n\n\n" + TRACE.replace(
            "def _trace_info(trace_execution_id, message):",
            "def _trace_info(trace_execution_id, message):  # pylint: disable=duplicate-helper"),
        encoding="utf-8")
    # parse-error is INV000 in pylint: a crashing rule shows up in both runs.
    args = ["pylint", "--load-plugins=lint_rules.pylint_plugin", "--disable=all",
            "--enable=duplicate-helper,duplicate-block,parse-error", "--output-format=json",
            "--score=n",
            "--persistent=n", f"--jobs={jobs}"]
    proc = _tool(*args, "pkg/dispatch.py", "pkg/media_sync.py", cwd=root)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "fallback to single process" not in proc.stderr  # --jobs: pylint kept its workers
    found = sorted((m["path"].replace(os.sep, "/"), m["line"], m["symbol"])
                   for m in json.loads(proc.stdout))
    assert found == [
        ("pkg/dispatch.py", 4, "duplicate-helper"), ("pkg/dispatch.py", 8, "duplicate-helper"),
        ("pkg/dispatch.py", 12, "duplicate-helper"),
        ("pkg/media_sync.py", 7, "duplicate-helper"), ("pkg/media_sync.py", 11, "duplicate-helper"),
    ]
    # A run over one file: its twin was not checked, so nothing is reported.
    proc = _tool(*args, "pkg/dispatch.py", cwd=root)
    assert json.loads(proc.stdout or "[]") == []


# -- robustness -------------------------------------------------------------------------------

def test_analysis_takes_plain_values_and_memoises_runs_per_minimum():
    sources = [_source("a.py", TRACE), _source("b.py", TRACE), _source("tests/c.py", TRACE)]
    clones = project_clones(sources, min_size=0, near_min_size=0, similarity=0.5,
                            is_excluded=lambda path: path.startswith("tests/"))
    paired = {clones.units[index].path for pair in clones.pairs
              for index in (pair.first, pair.second)}
    assert paired == {"a.py", "b.py"}
    run = "    total = value + 1\n    double = total * 2\n    return double\n"
    text = f"def f(value):\n{run}\n\ndef g(value):\n    print(value)\n{run}"
    clones = project_clones([_source("m.py", text)], min_size=0, near_min_size=0,
                            similarity=0.0, is_excluded=lambda path: False)
    assert clones.pairs == [] and clones.block_pairs(4) == []
    runs = clones.block_pairs(3)
    assert [(a.line, b.line, a.statements) for a, b in runs] == [(2, 9, 3)]
    assert clones.block_pairs(3) is runs  # computed once per minimum


def test_huge_and_deep_code_does_not_exhaust_the_stack():
    # 2000 nested additions: deeper than Python's recursion limit, still parseable.
    long_sum = "def f(a):\n    return " + " + ".join(["a"] * 2000) + "\n"
    text = long_sum + long_sum.replace("def f", "def g")
    analysis = analyse_source("big.py", text)
    assert analysis is not None and len(analysis.units) == 2
    assert len(_default_clones([_source("big.py", text)]).pairs) == 1
    found = run_rule(CLONE_CODES, text, filename="big.py")
    assert [(f.line, f.code) for f in found] == [(1, "INV301"), (3, "INV301")]


def test_a_file_that_does_not_parse_is_skipped(tmp_path):
    assert analyse_source("bad.py", "def f(:\n") is None
    too_deep = "def f(a):\n    return " + " + ".join(["a"] * 20000) + "\n"
    assert analyse_source("deep.py", too_deep) is None  # ast.parse gives up
    sources = [_source("bad.py", "def f(:\n"), _source("a.py", TRACE), _source("b.py", TRACE)]
    assert len(_default_clones(sources).pairs) == 3
    # Through the engine: the file that does not parse is INV000, the others compared.
    found = run_project(CLONE_CODES, tmp_path, {"bad.py": "def f(:\n", "a.py": TRACE,
                                                "b.py": TRACE}, expect_inv000=True)
    assert [(Path(f.path).name, f.line, f.code) for f in found] == [
        ("a.py", 4, "INV301"), ("a.py", 8, "INV301"), ("a.py", 12, "INV301"),
        ("b.py", 4, "INV301"), ("b.py", 8, "INV301"), ("b.py", 12, "INV301"),
        ("bad.py", 1, "INV000")]


def test_analysis_is_iterative_on_deep_nesting():
    depth = 90  # near the parser's own nesting limit
    text = "def f(x):\n" + "".join("    " * (i + 1) + f"if x > {i}:\n" for i in range(depth))
    text += "    " * (depth + 1) + "return x\n"
    ast.parse(text)
    assert analyse_source("deep.py", text) is not None


def test_related_places_are_every_other_copy(tmp_path):
    helper = '''
        def trace_prefix(trace_execution_id):
            return f"[Distributed][exec:{trace_execution_id}]"
    '''
    files = {f"pkg/module_{index}.py": helper for index in range(7)}
    root = tmp_path / "project"
    root.mkdir()
    found = run_project("INV301", root, files)
    assert len(found) == 7
    for finding in found:
        assert "and 2 more" in finding.message  # four named, two counted
        assert len(finding.related) == 6  # every other copy
        assert all(r.path != finding.path and r.line == 2 for r in finding.related)


# -- what is not a copy (issue: clone detection maintainers trust) --------------------------

WIDGETS = '''\
from .constants import BIGMAX


class SplitImages:
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"images": ("IMAGE",), "index": ("INT", {"max": BIGMAX})}}

    def IS_CHANGED(self, path):
        return hash_path(path)


class SplitMasks:
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"mask": ("MASK",), "index": ("INT", {"max": BIGMAX})}}

    def IS_CHANGED(self, path):
        return hash_path(path)


def routes():
    return [("/a", "GET", list(BIGMAX.names)), ("/b", "POST", None)]


def more_routes():
    return [("/c", "GET", list(BIGMAX.names)), ("/d", "POST", None)]
'''


def test_literal_data_and_forwarding_bodies_are_never_copies(tmp_path):
    assert _run(tmp_path, {"nodes.py": WIDGETS}) == []
    assert _run(tmp_path, {"a.py": WIDGETS, "b.py": WIDGETS}) == []  # not even exact


def test_python_kinds_flags():
    from lint_rules.analyses.clones import python_kinds as kinds

    def body(text):
        return ast.parse(textwrap.dedent(text)).body

    assert kinds.is_literal_data(body('x = {"a": (A.b, list(C.d), -1)}\nreturn x'))
    assert kinds.is_literal_data(body('return {"a": BASE + "/x", **EXTRA}'))
    assert not kinds.is_literal_data(body('types = super().INPUT_TYPES()\nreturn types'))
    assert not kinds.is_literal_data(body('return name'))  # no container: trivial instead
    assert kinds.is_forwarding(body('return (images.size(0),)'))
    assert kinds.is_forwarding(body('await self._queue.put(item, block=False)'))
    assert not kinds.is_forwarding(body('log(f"{prefix(x)} {m}")'))
    assert not kinds.is_forwarding(body('return f(g(x))'))
    trivial = body('x = -1\ny = []\nz = dict()\nself.t = ""\nreturn\nlogger.warning("x")\n'
                   'print(1)\ncontinue')
    assert all(kinds.is_trivial_statement(s) for s in trivial)
    logic = body('x = f()\ny = [a.b]\nreturn x\nstore(1)\nx += 1')
    assert not any(kinds.is_trivial_statement(s) for s in logic)
    assert kinds.called_names(body('a.b(c(d))')) == {"b", "c"}


ENDPOINTS = '''\
async def pause_endpoint(request):
    try:
        await manager.pause()
        return web.json_response({"ok": True})
    except RuntimeError as error:
        return web.json_response({"ok": False, "state": str(error)})


async def resume_endpoint(request):
    try:
        await manager.resume()
        return web.json_response({"ok": True})
    except RuntimeError as error:
        return web.json_response({"ok": False, "state": str(error)})
'''

LONG_HANDLER = '''\
async def {name}_endpoint(request):
    payload = await request.json()
    worker_ids = payload.get("workers") or []
    if not isinstance(worker_ids, list):
        worker_ids = [worker_ids]
    done, failed = [], []
    for worker_id in worker_ids:
        worker = manager.find(worker_id)
        if worker is None:
            failed.append({{"id": worker_id, "reason": "unknown worker"}})
            continue
        try:
            await worker.{name}()
            done.append(worker_id)
        except RuntimeError as error:
            failed.append({{"id": worker_id, "reason": str(error)}})
    return web.json_response({{"done": done, "failed": failed}})
'''


def test_a_small_body_whose_callee_differs_is_not_a_copy_a_long_one_is(tmp_path):
    assert _run(tmp_path, {"routes.py": ENDPOINTS}) == []
    assert _pairs(tmp_path, {"routes.py": ENDPOINTS},
                  {"clone-variant-min-statements": 1}) == {
        ("routes.py:pause_endpoint", "routes.py:resume_endpoint", "renamed")}
    long = LONG_HANDLER.format(name="drain") + "\n\n" + LONG_HANDLER.format(name="restart")
    found = _run(tmp_path, {"routes.py": long})
    assert [(line, code) for _path, line, code, _m in found] == [(1, "INV301"), (20, "INV301")]
    assert "at routes.py:20 (renamed, with other literals or called names)" in found[0][3]


LAZY = '''\
class LazyAudio:
    def __getitem__(self, key):
        if self._loaded is None:
            self._loaded = decode_audio(self.path, self.start, self.duration)
        return self._loaded[key]

    def __iter__(self):
        if self._loaded is None:
            self._loaded = decode_audio(self.path, self.start, self.duration)
        return iter(self._loaded)

    def keys_after(self, start):
        if self._loaded is None:
            self._loaded = decode_audio(self.path, self.start, self.duration)
        return [key for key in self._loaded if key > start]
'''


def test_near_copies_sharing_only_a_preamble_are_not_copies(tmp_path):
    assert _run(tmp_path, {"lazy.py": LAZY}) == []
    # the control: the same pairs are near copies when preambles are not told apart
    from lint_rules.analyses.clones import function_pairs
    original = function_pairs._preamble_only
    function_pairs._preamble_only = lambda *args: False
    try:
        assert _pairs(tmp_path, {"lazy.py": LAZY.replace("lazy", "lazy2")},
                      {"clone-similarity": 0.4})
    finally:
        function_pairs._preamble_only = original


def test_call_sites_of_one_project_helper_are_not_near_copies(tmp_path):
    call = '''\
    job = await submit_job(
        prompt=payload.get("prompt"), workflow=payload.get("workflow"),
        client_id=payload.get("client_id"), priority=payload.get("priority"),
        width=payload.get("width"), height=payload.get("height"))
'''
    files = {
        "jobs.py": "async def submit_job(**fields):\n    QUEUE.append(fields)\n"
                   "    return len(QUEUE)\n",
        "routes.py": "async def render(request):\n    payload = await request.json()\n" + call
                     + "    STATE['renders'] = job\n    return web.json_response(job)\n\n\n"
                     "async def preview(request):\n    STATE['previews'] += 1\n"
                     "    payload = await request.json()\n" + call
                     + "    return web.json_response({'job': job, 'preview': True})\n",
    }
    assert _run(tmp_path, files) == []
    # a call of something the project does not define is no extracted helper
    files["jobs.py"] = "QUEUE = []\n"
    assert {code for _p, _l, code, _m in _run(tmp_path, files)} == {"INV301"}


LOADER = '''\
import os


class {name}:
    def __init__(self, root):
        self.root = root
        self.cache = {{}}

    def resolve(self, name):
        path = os.path.normpath(os.path.join(self.root, name))
        if os.path.commonpath([path, self.root]) != self.root:
            raise ValueError(f"{{name}} is outside {{self.root}}")
        return path

    def load(self, name):
        if name not in self.cache:
            with open(self.resolve(name), "rb") as handle:
                self.cache[name] = handle.read()
        return self.cache[name]
'''


def test_a_copied_class_is_one_finding_per_class_naming_its_copied_methods(tmp_path):
    found = _run(tmp_path, {"video.py": LOADER.format(name="LoadVideo"),
                            "audio.py": LOADER.format(name="LoadAudio"),
                            "image.py": LOADER.format(name="LoadImage")})
    assert [(path, line, code) for path, line, code, _m in found] == [
        ("audio.py", 4, "INV301"), ("image.py", 4, "INV301"), ("video.py", 4, "INV301")]
    assert found[0][3] == (
        "class 'LoadAudio' copies class 'LoadImage' at image.py:4 (resolve ~ resolve: exact; "
        "load ~ load: exact) and class 'LoadVideo' at video.py:4 (resolve ~ resolve: exact; "
        "load ~ load: exact); keep the shared methods in one base class or module")


def test_one_copied_method_of_two_classes_stays_a_method_finding(tmp_path):
    other = LOADER.format(name="Other").replace(
        "return self.cache[name]", "return self.cache.get(name, b'')")
    found = _run(tmp_path, {"a.py": LOADER.format(name="Loader"), "b.py": other},
                 {"clone-similarity": 0})
    assert [(path, line) for path, line, _code, _m in found] == [("a.py", 9), ("b.py", 9)]
    assert found[0][3].startswith("'Loader.resolve' duplicates 'Other.resolve' at b.py:9")


def test_a_nested_copy_pairs_with_the_original_not_its_enclosing_function(tmp_path):
    original = '''\
def hash_path(path):
    if not os.path.isfile(path):
        return ""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()
'''
    nested = "def digests(paths):\n" + textwrap.indent(
        original.replace("hash_path", "digest"), "    ") + "    return [digest(p) for p in paths]\n"
    assert _pairs(tmp_path, {"a.py": original, "b.py": nested}) == {
        ("a.py:hash_path", "b.py:digest", "exact")}


# -- INV302: what is not a duplicated block ----------------------------------------------------

def test_runs_of_trivial_statements_are_not_reported(tmp_path):
    defaults = ("    used = -1\n    total = -1\n    percent = -1\n    names = []\n"
                "    seen = {}\n    logger.debug('sampling')\n")
    files = {"a.py": "def cpu(x):\n" + defaults + "    return x.cpu(used)\n",
             "b.py": "def disk(y):\n    y.refresh()\n" + defaults + "    return y.disk(total)\n"}
    assert _run(tmp_path, files, NO_NEAR_COPIES) == []


def test_windows_overlapping_a_reported_run_are_named_there(tmp_path):
    steps = [f"    value = value.step_{index}(limit)\n" for index in range(6)]
    files = {"a.py": "def a(value, limit):\n" + "".join(steps) + "    return value\n",
             "b.py": "def b(value, limit):\n" + "".join(steps[:5]) + "    return None\n",
             "c.py": "def c(value, limit):\n    limit.check()\n" + "".join(steps[1:])
                     + "    return limit\n"}
    found = _run(tmp_path, files, NO_NEAR_COPIES)
    assert [(path, line) for path, line, _code, _m in found] == [
        ("a.py", 2), ("b.py", 2), ("c.py", 3)]
    assert found[0][3] == ("5 statements (lines 2-6) repeated at b.py:2-6 and c.py:3-7; "
                           "move them into one helper and call it from each place")


def test_preambles_and_loop_prologues_are_not_reported_longer_openings_are(tmp_path):
    def handler(name, tail):
        return (f"async def {name}(request):\n    payload = await request.json()\n"
                "    if 'value' not in payload:\n        return missing('value')\n"
                "    value = payload['value']\n" + tail)

    def loop(name, tail):
        return (f"def {name}(items, out):\n    for item in items:\n"
                "        if item is None:\n            continue\n"
                "        label = item.name.strip()\n        kind = item.kind.lower()\n"
                + tail)
    files = {
        "a.py": (handler("rate", "    STATE['rate'] = float(value)\n")
                 + loop("names", "        out.append(label)\n")),
        "b.py": (handler("switch", "    STATE['on'] = bool(value)\n")
                 + loop("sizes", "        out[label] = item.size\n")),
    }
    assert _run(tmp_path, files, NO_NEAR_COPIES) == []
    longer = {path: text.replace("    value = payload['value']\n",
                                 "    value = payload['value']\n    check(value)\n")
              for path, text in files.items()}
    found = _run(tmp_path, longer, NO_NEAR_COPIES)
    assert [(path, line) for path, line, _code, _m in found] == [("a.py", 2), ("b.py", 2)]


def test_runs_repeated_in_a_row_are_one_finding(tmp_path):
    branch = ("    if {0} is not None:\n        try:\n            out.append({0}.value())\n"
              "        except ValueError as error:\n            out.append(error)\n")
    text = "def collect(out, a, b, c, d):\n" + "".join(branch.format(n) for n in "abcd")
    found = _run(tmp_path, {"a.py": text}, NO_NEAR_COPIES)
    assert [(line, code) for _path, line, code, _m in found] == [(2, "INV302")]
    assert found[0][3] == ("4 statements (lines 2-6) repeated 3 more times in a row, at lines "
                           "7-11, lines 12-16 and lines 17-21; loop over what differs, or move "
                           "them into one helper")


def test_a_block_copied_into_a_nested_function_is_found(tmp_path):
    block = ("ready = [job for job in pending if job.ready()]\n"
             "ready.sort(key=lambda job: job.priority, reverse=True)\n"
             "chosen = ready[:limit]\nfor job in chosen:\n    job.claim()\n")
    files = {"a.py": "def outer(jobs, limit):\n    def batches(pending):\n"
                     + textwrap.indent(block, "        ") + "        return chosen\n"
                     "    return batches(jobs)\n",
             "b.py": "def claim(pending, limit, log):\n    log.start()\n"
                     + textwrap.indent(block, "    ") + "    log.append(chosen)\n"}
    found = _run(tmp_path, files, NO_NEAR_COPIES)
    assert [(path, line, code) for path, line, code, _m in found] == [
        ("a.py", 3, "INV302"), ("b.py", 3, "INV302")]
    assert found[0][3].startswith("5 statements (lines 3-7) repeated at b.py:3-7;")


def test_block_related_places_are_every_other_copy_with_its_span(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    found = run_project("INV302", root, {"collector.py": BRANCHES})
    assert [(r.line, r.message) for r in found[0].related] == [
        (10, "the same statements (lines 10-13)")]
