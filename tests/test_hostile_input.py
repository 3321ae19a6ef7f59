"""Hostile input never crashes or hangs a run, in the CLI or in the plugins.

* A configuration file that cannot be used (bytes that are not UTF-8, ``[tool]
  invariant-lint = 5``, an ``exclude`` nested 500 arrays deep, broken INI) is one line
  naming the file, exit 2 in the CLI, one error per run in the plugins; also when the file
  is in a folder above the project.
* A user's regular expression cannot hang a run: ``lock-pattern = "(a+)+$"`` (which
  backtracks for ever in ``re`` on ``self.aaaa…ab``) finishes, a pattern that does time
  out (``(a|aa)+$``) is reported once as a configuration problem, and one too large to
  compile safely is rejected when the configuration is loaded.  Nor can a path glob with
  many ``*``.
* The flake8 plugin reports what the CLI reports for a file flake8 decoded differently
  (not UTF-8, a latin-1 coding cookie): the same ``INV000``, the same columns.
"""

from __future__ import annotations

import ast
import json

import pytest

from helpers import AWAIT_UNDER_LOCK, ERROR_HELPER_MODULE, run_cli, run_json, run_module, write_tree
from lint_rules.config import ConfigError, build_config, load_config
from lint_rules.constants import MIN_FILES_FOR_WORKERS

# -- hostile configuration files -----------------------------------------------------------

NESTED_500_DEEP = "[" * 500 + "]" * 500
# name: (file name, content, what the one problem line says after the file's path)
HOSTILE_CONFIGS = {
    "not-utf8-toml": ("pyproject.toml", b'[tool.invariant-lint]\nselect = ["INV"]\n# caf\xff\n',
                      "cannot read: not UTF-8 at line 3 (byte 0xff: invalid start byte)"),
    "tool-not-a-table": ("pyproject.toml", b"[tool]\ninvariant-lint = 5\n",
                         "[tool.invariant-lint] must be a table"),
    "nested-500-deep": ("pyproject.toml",
                        f"[tool.invariant-lint]\nexclude = {NESTED_500_DEEP}\n".encode(),
                        "invalid TOML: arrays or tables nested too deeply to parse"),
    "not-utf8-cfg": ("setup.cfg", b"[invariant-lint]\nselect = INV\n# caf\xff\n",
                     "cannot read: not UTF-8 at line 3 (byte 0xff: invalid start byte)"),
    "broken-ini": ("setup.cfg", b"[invariant-lint]\nselect = INV\ngarbage\nmore garbage\n",
                   "invalid INI: line 3: cannot parse 'garbage' (and 1 more)"),
}
# The three cases of the issue, run through every front end.
ISSUE_CASES = ["not-utf8-toml", "tool-not-a-table", "nested-500-deep"]


def _hostile_project(root, case: str, config_folder: str = ""):
    """A project ``root/project`` with one clean module, the hostile file in
    ``root/config_folder``; returns the hostile file's path."""
    name, content, _problem = HOSTILE_CONFIGS[case]
    config = root / config_folder / name
    write_tree(root, {"project/pkg/jobs.py": "x = 1\n", config.relative_to(root): content})
    return config.resolve()


def _assert_one_line_naming(problems: list[str], config, case: str) -> None:
    assert problems == [f"{config}: {HOSTILE_CONFIGS[case][2]}"]


@pytest.mark.parametrize("config_folder", ["project", ""], ids=["own", "parent"])
@pytest.mark.parametrize("case", sorted(HOSTILE_CONFIGS))
def test_a_hostile_config_file_is_one_problem_naming_it(tmp_path, case, config_folder):
    # In the project's own folder, or in a folder above it: walking up reads it.
    config = _hostile_project(tmp_path, case, config_folder)
    with pytest.raises(ConfigError) as raised:
        load_config(start=tmp_path / "project" / "pkg")
    _assert_one_line_naming(raised.value.problems, config, case)


@pytest.mark.parametrize("case", ISSUE_CASES)
def test_cli_reports_a_hostile_config_file_in_one_line_with_exit_2(tmp_path, case):
    config = _hostile_project(tmp_path, case)
    proc = run_cli("check", "pkg", cwd=tmp_path / "project")
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"invariant-lint: error: {config}: {HOSTILE_CONFIGS[case][2]}"]


@pytest.mark.parametrize("case", ISSUE_CASES)
def test_flake8_stops_on_a_hostile_config_file_with_one_error(tmp_path, case):
    config = _hostile_project(tmp_path, case)
    proc = run_module("flake8", "--select=INV", "pkg", cwd=tmp_path / "project")
    assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stdout, proc.stdout
    assert proc.stdout.count('"invariant-lint[INV]" failed during execution due to invalid '
                             "invariant-lint configuration:") == 1, proc.stdout
    assert f"  {config}: {HOSTILE_CONFIGS[case][2]}\n" in proc.stdout


def _pylint(cwd, *modules: str) -> list[dict]:
    # An empty rcfile: pylint would otherwise read the hostile pyproject.toml itself.
    (cwd / "empty_pylintrc").write_text("[MAIN]\n", encoding="utf-8")
    proc = run_module("pylint", "--rcfile=empty_pylintrc",
                      "--load-plugins=lint_rules.pylint_plugin", "--output-format=json",
                      "--score=n", "--persistent=n", "--disable=all",
                      "--enable=await-under-lock,unlocked-config-rmw,config-parse-error,"
                      "parse-error,astroid-error", *modules, cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout or "[]")


def test_pylint_reports_a_config_nested_too_deeply_as_config_parse_error_once(tmp_path):
    config = _hostile_project(tmp_path, "nested-500-deep")
    project = tmp_path / "project"
    write_tree(project, {"pkg/more_jobs.py": "y = 2\n"})
    messages = _pylint(project, "pkg/jobs.py", "pkg/more_jobs.py")
    assert [(m["symbol"], m["message"]) for m in messages] == [
        ("config-parse-error", "error while parsing the configuration: invariant-lint: "
                               f"{config}: {HOSTILE_CONFIGS['nested-500-deep'][2]}")]


# -- user-supplied regular expressions -----------------------------------------------------

BACKTRACKING_NAME = "a" * 60 + "b"
# (a+)+$ backtracks for ever in re on aaaa…ab; the regex package answers at once.
NESTED_QUANTIFIERS = "(a+)+$"
# Overlapping alternatives: exponential in regex too, so its match times out.
TIMING_OUT = "(a|aa)+$"


def _locked_module(lock_name: str) -> str:
    return AWAIT_UNDER_LOCK.replace("self._lock", f"self.{lock_name}")


def _pattern_project(root, pattern: str, modules: int = 1):
    write_tree(root, {"pyproject.toml": f"[tool.invariant-lint]\nlock-pattern = '{pattern}'\n",
                      **{f"pkg/jobs_{index}.py": _locked_module(BACKTRACKING_NAME)
                         for index in range(modules)}})
    return (root / "pyproject.toml").resolve()


def _timed_out_problem(config) -> str:
    return (f'{config}: lock-pattern: the regular expression "{TIMING_OUT}" took more '
            'than 1 s to match "aaaaaaaaaaaaaaaaaaaa…aaaaaaaaaaaaaaaaaaab": nested or '
            "overlapping repeats such as (a|aa)+ backtrack exponentially; simplify it")


def test_nested_quantifiers_in_the_lock_pattern_do_not_hang_the_run(tmp_path):
    _pattern_project(tmp_path, NESTED_QUANTIFIERS)
    # Before, the run never ended.  The name does not match; inference finds the lock.
    proc, document = run_json("pkg", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (1, ""), proc.stderr
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(10, "INV101")]


def test_a_lock_pattern_that_times_out_is_one_problem_naming_it():
    pattern = build_config({"lock-pattern": TIMING_OUT}).values["lock-pattern"]
    assert pattern.search("jobs_lock") is None  # a name it answers at once
    for _attempt in range(2):  # timed out once, the pattern is not tried again
        with pytest.raises(ConfigError) as raised:
            pattern.search(BACKTRACKING_NAME)
        assert raised.value.problems == [_timed_out_problem("")[2:]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_reports_a_lock_pattern_that_times_out_once_with_exit_2(tmp_path, jobs):
    # With --jobs 2 the run has enough files for workers, each of which meets the name.
    config = _pattern_project(tmp_path, TIMING_OUT, modules=MIN_FILES_FOR_WORKERS)
    proc = run_cli("check", "--jobs", jobs, "pkg", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, ""), proc.stderr
    assert proc.stderr.splitlines() == [f"invariant-lint: error: {_timed_out_problem(config)}"]


def test_flake8_stops_on_a_lock_pattern_that_times_out_with_one_error(tmp_path):
    config = _pattern_project(tmp_path, TIMING_OUT, modules=3)
    proc = run_module("flake8", "--select=INV", "pkg", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.count("failed during execution due to invalid invariant-lint "
                             "configuration:") == 1, proc.stdout
    assert f"  {_timed_out_problem(config)}\n" in proc.stdout
    assert "INV000" not in proc.stdout


def test_pylint_reports_a_lock_pattern_that_times_out_as_config_parse_error_once(tmp_path):
    config = _pattern_project(tmp_path, TIMING_OUT, modules=3)
    messages = _pylint(tmp_path, "pkg")
    assert [(m["symbol"], m["message"]) for m in messages] == [
        ("config-parse-error", "error while parsing the configuration: invariant-lint: "
                               f"{_timed_out_problem(config)}")]


@pytest.mark.parametrize("pattern, problem", [
    # Counted repeats are unrolled by the regex compiler: a million takes it seconds or
    # crashes it.
    ("(?:a|bc){1000000}", "regular expression too large: at most 100,000 characters once its "
                          'counted repeats ({m,n}) are expanded: "(?:a|bc){1000000}"'),
    ("(?:(?:x{100}){100}){100}", "regular expression too large: "),
    ("(" * 1000 + "lock" + ")" * 1000, "not a valid regular expression (nested too deeply): "),
], ids=["a-million-repeats", "nested-repeats", "nested-1000-deep"])
def test_a_lock_pattern_too_large_to_compile_safely_is_rejected_at_load(pattern, problem):
    with pytest.raises(ConfigError) as raised:
        build_config({"lock-pattern": pattern})
    (line,) = raised.value.problems
    assert line.startswith(f"lock-pattern: {problem}"), line


def test_harmless_counted_repeats_and_lookarounds_still_load():
    config = build_config({"lock-pattern": r"(?<=[a-z])_?(?:lock|mutex){1,2}$|^guard\d{1,3}$"})
    assert config.values["lock-pattern"].search("jobs_lock")
    assert config.values["lock-pattern"].fullmatch("guard12")


def test_a_path_glob_with_many_repeats_does_not_hang_the_run(tmp_path):
    # As a backtracking regular expression, this glob takes minutes to fail on the folder
    # name of 60 a's (exponential in its number of *).
    glob = "*a" * 12 + "*b"
    write_tree(tmp_path, {"pyproject.toml": f'[tool.invariant-lint]\nexclude = ["{glob}"]\n',
                          f"pkg/{'a' * 60}/kept.py": "x = 1\n",
                          f"pkg/{'a' * 12}b/excluded.py": "x = 1\n"})
    proc, document = run_json("pkg", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert document["summary"]["files"] == 1


# -- flake8: text it decoded differently --------------------------------------------------

# Not UTF-8 and no coding cookie: Python cannot decode it, flake8 reads it as latin-1.
NOT_UTF8 = (b"from aiohttp import web\n"
            b"# caf\xe9\n"
            b"async def h(r):\n"
            b'    return web.json_response({"error": "x"}, status=400)\n')
# A latin-1 cookie and non-ASCII text before a finding on the same line.
LATIN1 = ("# -*- coding: latin-1 -*-\n"
          "from aiohttp import web\n"
          "async def h(r):\n"
          '    x = "\xe9\xe9"; return web.json_response({"error": "x"}, status=400)\n'
          ).encode("latin-1")


def test_flake8_reports_what_the_cli_reports_for_text_it_decoded_differently(tmp_path):
    write_tree(tmp_path, {"not_utf8.py": NOT_UTF8, "latin1_cookie.py": LATIN1,
                          "errors.py": ERROR_HELPER_MODULE})
    files = ["latin1_cookie.py", "not_utf8.py"]
    _proc, document = run_json(*files, cwd=tmp_path)
    cli = sorted((f["path"], f["line"], f["column"], f["code"], f["message"])
                 for f in document["findings"])
    assert [finding[3] for finding in cli] == ["INV501", "INV000"]
    proc = run_module("flake8", "--isolated", "--select=INV",
                      "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", *files,
                      cwd=tmp_path)
    flake8 = sorted((path, int(row), int(col), code, text)
                    for path, row, col, code, text in
                    (line.split("\t") for line in proc.stdout.splitlines()))
    assert flake8 == cli


def test_flake8_plugin_checks_a_buffer_that_is_not_the_disk_as_text(tmp_path):
    from lint_rules.flake8_plugin import InvariantLintChecker

    # stdin, or an editor's unsaved text: checked as flake8 gives it.
    write_tree(tmp_path, {"buffer.py": "x = 1\n"})
    text = "# coding: nonsense\nx = 1\n"
    checker = InvariantLintChecker(ast.parse(text), str(tmp_path / "buffer.py"),
                                   text.splitlines(True))
    assert [message for *_position, message, _kind in checker.run()] == [
        "INV000 cannot decode: unknown encoding: nonsense"]
