"""Configuration: where it is found, how values are validated (once, at load, every problem
together) and converted, its per-file cache, the path-pattern semantics, and which files a
run discovers (``exclude`` and the folders that are always skipped)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import AWAIT_UNDER_LOCK, CLEAN, RAW_ERROR, run_cli, run_json, write_tree
from lint_rules.config import ConfigError, build_config, load_config
from lint_rules.config_files import find_config_file
from lint_rules.engine import engine_for
from lint_rules.path_patterns import PathPatterns
from lint_rules.registry import all_settings
from lint_rules.sources import discover

# Two functions building raw error responses: one inside a helper named ``my_error`` and
# one inside ``handle_api_error`` (the default helper name).
HELPERS = '''\
from aiohttp import web


def my_error(request, message, status=400):
    return web.json_response({"error": message}, status=status)


async def handle_api_error(request, message, status=400):
    return web.json_response({"error": message}, status=status)
'''
MY_ERROR_LINE, HANDLE_API_ERROR_LINE = 5, 9

PYPROJECT_HELPERS = '[tool.invariant-lint]\nerror-helpers = ["my_error"]\n'
SETUP_CFG_HELPERS = "[invariant-lint]\nerror-helpers = my_error\n"

THREE_FILES = {"a.py": AWAIT_UNDER_LOCK, "b.py": RAW_ERROR, "pkg/c.py": AWAIT_UNDER_LOCK}


def _lines(document) -> list[int]:
    return [f["line"] for f in document["findings"]]


def _problems(table: dict, source: Path | None = None) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        build_config(table, source)
    assert str(raised.value) == "\n".join(raised.value.problems)
    return raised.value.problems


# -- discovery of the config file -------------------------------------------------------

def test_defaults_without_config(tmp_path):
    write_tree(tmp_path, {"pkg/helpers.py": HELPERS})
    config = load_config(start=tmp_path / "pkg")
    assert config.source is None and config.root is None
    assert config.select == ("INV",) and config.ignore == ()
    assert not config.exclude and config.exclude.patterns == ()
    assert config.values == {key: setting.parse(setting.default)
                             for key, setting in all_settings().items()}
    assert config.values["error-helpers"] == ("handle_api_error",)
    _proc, document = run_json("--select", "INV501", "pkg", cwd=tmp_path)
    assert _lines(document) == [MY_ERROR_LINE]


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", PYPROJECT_HELPERS),
    ("setup.cfg", SETUP_CFG_HELPERS),
])
def test_config_found_walking_up_from_nested_path(tmp_path, name, text):
    write_tree(tmp_path, {
        f"proj/{name}": text,
        "proj/src/app/api/helpers.py": HELPERS,
    })
    nested = tmp_path / "proj/src/app/api"
    assert find_config_file(nested) == (tmp_path / "proj" / name).resolve()
    assert find_config_file(nested / "helpers.py") == (tmp_path / "proj" / name).resolve()
    config = load_config(start=nested)
    assert config.values["error-helpers"] == ("my_error",)
    assert config.root == str((tmp_path / "proj").resolve())

    proc, document = run_json("--select", "INV501", "proj/src/app/api", cwd=tmp_path)
    assert proc.returncode == 1
    # Allowed inside my_error; handle_api_error is no longer a helper, so it is flagged.
    assert _lines(document) == [HANDLE_API_ERROR_LINE]
    assert "return await my_error(request, ..., 400) instead" in document["findings"][0]["message"]


def test_files_without_our_section_are_skipped(tmp_path):
    write_tree(tmp_path, {
        "proj/setup.cfg": SETUP_CFG_HELPERS,
        "proj/pkg/pyproject.toml": '[tool.black]\nline-length = 100\n',
        "proj/pkg/setup.cfg": "[flake8]\nmax-line-length = 100\n",
        "proj/pkg/helpers.py": HELPERS,
    })
    assert find_config_file(tmp_path / "proj/pkg") == (tmp_path / "proj/setup.cfg").resolve()


def test_nearest_config_wins_and_pyproject_before_setup_cfg(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nerror-helpers = ["outer"]\n',
        "inner/pyproject.toml": PYPROJECT_HELPERS,
        "inner/setup.cfg": "[invariant-lint]\nerror-helpers = from_cfg\n",
    })
    assert load_config(start=tmp_path / "inner").values["error-helpers"] == ("my_error",)
    assert load_config(start=tmp_path).values["error-helpers"] == ("outer",)


def test_explicit_config_file(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nerror-helpers = ["outer"]\n',
        "lint/invariant-lint.toml": 'error-helpers = ["my_error"]\n',
        "helpers.py": HELPERS,
    })
    config = load_config(str(tmp_path / "lint/invariant-lint.toml"))
    assert config.values["error-helpers"] == ("my_error",)
    _proc, document = run_json("--config", "lint/invariant-lint.toml", "--select", "INV501",
                               ".", cwd=tmp_path)
    assert _lines(document) == [HANDLE_API_ERROR_LINE]


# -- the cache: one load per configuration file per process --------------------------------

def _touch_later(path: Path) -> None:
    """Move the file's modification time a second on, whatever the clock's resolution."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_load_config_is_cached_per_file_until_it_changes(tmp_path):
    write_tree(tmp_path, {
        "one/pyproject.toml": '[tool.invariant-lint]\nerror-helpers = ["first"]\n',
        "one/pkg/a.py": CLEAN,
        "two/pyproject.toml": '[tool.invariant-lint]\nerror-helpers = ["other"]\n',
    })
    path = (tmp_path / "one/pyproject.toml").resolve()
    first = load_config(start=tmp_path / "one/pkg")
    assert load_config(start=tmp_path / "one/pkg/a.py") is first
    assert load_config(start=tmp_path / "one") is first
    assert load_config(str(path)) is first
    other = load_config(start=tmp_path / "two")
    assert other is not first and other.values["error-helpers"] == ("other",)

    path.write_text('[tool.invariant-lint]\nerror-helpers = ["second"]\n', encoding="utf-8")
    _touch_later(path)
    second = load_config(start=tmp_path / "one/pkg")
    assert second is not first
    assert second.values["error-helpers"] == ("second",)
    assert load_config(start=tmp_path / "one") is second

    _touch_later(path)  # the same text, a new modification time: read again
    third = load_config(start=tmp_path / "one")
    assert third is not second and third.values == second.values
    assert load_config(start=tmp_path / "two") is other


def test_defaults_and_front_end_engines_are_shared(tmp_path):
    write_tree(tmp_path, {
        "bare/a.py": CLEAN,
        "proj/pyproject.toml": PYPROJECT_HELPERS,
        "proj/a.py": CLEAN,
        "proj/pkg/b.py": CLEAN,
    })
    assert load_config(start=tmp_path / "bare") is load_config(start=tmp_path / "bare/a.py")
    # pylint and flake8 ask per file: the files of one configuration share one engine.
    engine = engine_for(str(tmp_path / "proj/a.py"))
    assert engine_for(str(tmp_path / "proj/pkg/b.py")) is engine
    assert engine.config is load_config(start=tmp_path / "proj")


def test_a_bad_file_is_reported_on_every_load(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": '[tool.invariant-lint]\nselect = ["INV9"]\n'})
    for _ in range(2):  # a failed load is not cached as a good one
        with pytest.raises(ConfigError, match="no rule code matches INV9"):
            load_config(start=tmp_path)


# -- values ------------------------------------------------------------------------------

def test_general_options_applied(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": (
            "[tool.invariant-lint]\n"
            'select = ["INV0", "INV5"]\n'
            'ignore = ["INV000"]\n'
            'exclude = ["generated"]\n'
            'extend_exclude = ["*_old.py"]\n'   # underscores work like dashes
        ),
    })
    config = load_config(start=tmp_path)
    assert config.select == ("INV0", "INV5")
    assert config.ignore == ("INV000",)
    assert config.exclude == PathPatterns(["generated", "*_old.py"], str(tmp_path.resolve()))


def test_extend_exclude_kept_whatever_the_key_order():
    config = build_config({"extend-exclude": ["a"], "exclude": ["b"]})
    assert config.exclude.patterns == ("b", "a")


def test_values_are_converted_once():
    config = build_config({
        "lock-pattern": "^guard$", "include-semaphores": True, "clone-similarity": 1,
        "allowed-numbers": [2, "0.5"], "test-files": ["spec"],
    })
    assert config.values["lock-pattern"].fullmatch("guard")  # compiled at load
    assert config.values["include-semaphores"] is True
    assert config.values["clone-similarity"] == 1.0
    assert isinstance(config.values["clone-similarity"], float)
    assert config.values["allowed-numbers"] == (2.0, 0.5)
    assert isinstance(config.values["test-files"], PathPatterns)


def test_path_settings_are_relative_to_the_config_folder(tmp_path):
    write_tree(tmp_path, {"proj/pyproject.toml": (
        '[tool.invariant-lint]\nexclude = ["gen"]\ntest-files = ["spec"]\n')})
    config = load_config(start=tmp_path / "proj")
    folder = str((tmp_path / "proj").resolve())
    for key in ("exclude", "extend-exclude", "test-files", "constants-modules", "clone-exclude"):
        assert config.values[key].base == folder, key
    assert config.exclude.base == folder


def test_setup_cfg_lists_split_on_commas_and_newlines(tmp_path):
    write_tree(tmp_path, {
        "setup.cfg": "[invariant-lint]\nerror-helpers =\n    one,\n    two\n    three\n",
    })
    assert load_config(start=tmp_path).values["error-helpers"] == ("one", "two", "three")


@pytest.mark.parametrize("key, text, value", [
    ("select", "INV5", ("INV5",)),
    ("select", "INV0,INV5", ("INV0", "INV5")),
    ("select", "INV1,\n  INV5", ("INV1", "INV5")),
    ("select", "", ()),
    ("include-semaphores", "yes", True),
    ("include-semaphores", "On", True),
    ("include-semaphores", "1", True),
    ("include-semaphores", "no", False),
    ("include-semaphores", "false", False),
    ("clone-similarity", "0.7", 0.7),
    ("clone-min-size", " 8 ", 8),
    ("unknown-awaits", "ignore", "ignore"),
    ("allowed-numbers", "2, 0.5", (2.0, 0.5)),
])
def test_setup_cfg_values_are_text(tmp_path, key, text, value):
    assert build_config({key: text}, tmp_path / "setup.cfg").values[key] == value


def test_setup_cfg_exclude_is_a_comma_list(tmp_path):
    config = build_config({"exclude": "build, dist"}, tmp_path / "setup.cfg")
    assert config.exclude == PathPatterns(["build", "dist"], str(tmp_path.resolve()))


@pytest.mark.parametrize("key, text, problem", [
    ("include-semaphores", "maybe", 'expected true or false, got "maybe"'),
    ("clone-min-size", "many", 'expected a whole number of at least 1, got "many"'),
    ("clone-similarity", "5", "expected a number from 0.0 to 1.0"),
    ("unknown-awaits", "sometimes", 'expected one of "report", "ignore", got "sometimes"'),
])
def test_setup_cfg_bad_text_values(tmp_path, key, text, problem):
    source = tmp_path / "setup.cfg"
    (line,) = _problems({key: text}, source)
    assert line.startswith(f"{source}: {key}: {problem}"), line


# -- errors ------------------------------------------------------------------------------

def test_unknown_key_names_the_key(tmp_path):
    assert _problems({"error-helper": ["x"]}) == [
        "unknown key 'error-helper' in [tool.invariant-lint] (did you mean 'error-helpers'?)"]
    assert _problems({"zzzz": 1}) == ["unknown key 'zzzz' in [tool.invariant-lint]"]
    path = write_tree(tmp_path, {"setup.cfg": "[invariant-lint]\nno_such_key = x\n"})
    with pytest.raises(ConfigError, match=r"setup\.cfg: unknown key 'no_such_key' in "
                                          r"\[invariant-lint\]"):
        load_config(start=path)


@pytest.mark.parametrize("settings, problem", [
    ({"error-helpers": 3}, "error-helpers: expected a list of strings, got 3"),
    ({"error-helpers": ["ok", 3]}, "error-helpers: expected a list of strings, got an item 3"),
    ({"select": 3}, "select: expected a list of strings, got 3"),
    ({"exclude": {"a": 1}}, "exclude: expected a list of path patterns (strings), got a table"),
    # TOML is typed: a string is not a list, nor "yes" a boolean.
    ({"exclude": "build"}, 'exclude: expected a list of path patterns (strings), got "build"'),
    ({"select": "INV0, INV5"}, 'select: expected a list of strings, got "INV0, INV5"'),
    ({"include-semaphores": "yes"}, 'include-semaphores: expected true or false, got "yes"'),
    ({"include-semaphores": 1}, "include-semaphores: expected true or false, got 1"),
    ({"clone-similarity": 5}, "clone-similarity: expected a number from 0.0 to 1.0, got 5"),
    ({"clone-similarity": -0.1},
     "clone-similarity: expected a number from 0.0 to 1.0, got -0.1"),
    ({"clone-min-size": 0}, "clone-min-size: expected a whole number of at least 1, got 0"),
    ({"clone-min-size": 2.5}, "clone-min-size: expected a whole number of at least 1, got 2.5"),
    ({"clone-min-size": True}, "clone-min-size: expected a whole number of at least 1, got true"),
    ({"unknown-awaits": "sometimes"},
     'unknown-awaits: expected one of "report", "ignore", got "sometimes"'),
    ({"allowed-numbers": ["x"]}, 'allowed-numbers: expected a list of numbers, got an item "x"'),
    ({"lock-pattern": 3}, "lock-pattern: expected a regular expression, got 3"),
    ({"select": ["INV9"]}, "select: no rule code matches INV9 (see `invariant-lint rules`)"),
    ({"ignore": ["INV1", "XYZ"]}, "ignore: no rule code matches XYZ (see `invariant-lint rules`)"),
])
def test_wrong_value_names_the_key(settings, problem):
    assert _problems(settings) == [problem]


def test_invalid_regex_is_a_config_error_naming_the_key():
    (problem,) = _problems({"lock-pattern": "(("})
    assert problem.startswith("lock-pattern: not a valid regular expression (")
    assert problem.endswith('): "(("')


def test_every_problem_is_reported_together(tmp_path):
    source = tmp_path / "pyproject.toml"
    problems = _problems({
        "exclude": "build", "lok-pattern": "x", "clone-similarity": 5,
        "error-helpers": ["fine"], "select": ["INV9"],
    }, source)
    assert [p.split(": ", 2)[1] for p in problems] == [
        "exclude", "unknown key 'lok-pattern' in [tool.invariant-lint] (did you mean "
        "'lock-pattern'?)", "clone-similarity", "select"]
    assert all(p.startswith(f"{source}: ") for p in problems)


def test_select_from_config_applies_to_cli_run(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nselect = ["INV000"]\n',
        "routes.py": RAW_ERROR,
        "broken.py": "def f(:\n",
    })
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in document["findings"]] == [("broken.py", "INV000")]


@pytest.mark.parametrize("pyproject, key", [
    ("[tool.invariant-lint]\nno-such-option = true\n", "no-such-option"),
    ("[tool.invariant-lint]\nerror-helpers = 3\n", "error-helpers"),
])
def test_bad_config_through_cli_is_one_line_exit_2(tmp_path, pyproject, key):
    write_tree(tmp_path, {"pyproject.toml": pyproject, "routes.py": RAW_ERROR})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith("invariant-lint: error: ")
    assert key in proc.stderr
    assert "Traceback" not in proc.stderr


# The same problems in both kinds of file; in setup.cfg every value is text, so
# ``exclude = build`` is a list of one and ``include-semaphores = yes`` a boolean there.
BAD_PYPROJECT = '''\
[tool.invariant-lint]
exclude = "build"
include-semaphores = "yes"
clone-similarity = 5
lock-pattern = "(("
lok-pattern = "x"
unknown-awaits = "sometimes"
select = ["INV9"]
'''
BAD_SETUP_CFG = '''\
[invariant-lint]
exclude = build
include-semaphores = yes
clone-similarity = 5
lock-pattern = ((
lok-pattern = x
unknown-awaits = sometimes
select = INV9
'''
PYPROJECT_PROBLEMS = [
    ("exclude", 'expected a list of path patterns (strings), got "build"'),
    ("include-semaphores", 'expected true or false, got "yes"'),
    ("clone-similarity", "expected a number from 0.0 to 1.0"),
    ("lock-pattern", "not a valid regular expression ("),
    ("lok-pattern", "unknown key 'lok-pattern' in [tool.invariant-lint] "
                    "(did you mean 'lock-pattern'?)"),
    ("unknown-awaits", 'expected one of "report", "ignore", got "sometimes"'),
    ("select", "no rule code matches INV9"),
]
SETUP_CFG_PROBLEMS = [
    (key, problem.replace("[tool.invariant-lint]", "[invariant-lint]"))
    for key, problem in PYPROJECT_PROBLEMS if key not in ("exclude", "include-semaphores")
]


@pytest.mark.parametrize("name, text, expected", [
    ("pyproject.toml", BAD_PYPROJECT, PYPROJECT_PROBLEMS),
    ("setup.cfg", BAD_SETUP_CFG, SETUP_CFG_PROBLEMS),
])
def test_every_problem_of_a_file_through_the_cli(tmp_path, name, text, expected):
    write_tree(tmp_path, {name: text, **THREE_FILES})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert proc.stdout == ""  # no findings, not even a summary
    assert "Traceback" not in proc.stderr
    assert "INV000" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == len(expected), proc.stderr
    prefix = f"invariant-lint: error: {(tmp_path / name).resolve()}: "
    for line, (key, problem) in zip(lines, expected):
        assert line.startswith(prefix), line
        problem_text = line[len(prefix):]
        if key == "lok-pattern":
            assert problem_text == problem
        else:
            assert problem_text.startswith(f"{key}: {problem}"), line


def test_invalid_lock_pattern_is_no_longer_an_inv000_per_file(tmp_path):
    """It used to be one ``INV000 internal error`` per checked file, exit 1."""
    write_tree(tmp_path, {"pyproject.toml": '[tool.invariant-lint]\nlock-pattern = "(("\n',
                          **THREE_FILES})
    proc = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "INV000" not in proc.stderr and "internal error" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    assert "pyproject.toml: lock-pattern: not a valid regular expression" in line


def test_invalid_toml_is_one_line_exit_2(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[tool.invariant-lint\n", "routes.py": RAW_ERROR})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1
    assert "invalid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_setting_has_a_valid_default():
    settings = all_settings()
    assert settings, "no settings declared"
    for key, setting in settings.items():
        assert setting.key == key
        assert setting.help.strip(), key
        setting.parse(setting.default)  # raises if the default is not a valid value
        assert key == key.lower() and "_" not in key, key
    assert build_config({}).values.keys() == settings.keys()


# -- path patterns -----------------------------------------------------------------------

@pytest.mark.parametrize("pattern, path, matched", [
    # Without "/": any one segment, a folder name or a file name.
    ("build", "build/x.py", True),
    ("build", "src/build/gen/x.py", True),
    ("build", "builds/x.py", False),
    ("build", "src/rebuild.py", False),
    ("conftest.py", "a/b/conftest.py", True),
    ("*_pb2.py", "api/v1/schema_pb2.py", True),
    ("*_pb2.py", "api/pb2.py", False),
    ("gen*", "src/generated/x.py", True),
    ("v?", "api/v1/x.py", True),
    ("v?", "api/v10/x.py", False),
    # With "/": anchored at the base folder; the path or one of its folders.
    ("tests/fixtures", "tests/fixtures/bad.py", True),
    ("tests/fixtures", "tests/fixtures/deep/bad.py", True),
    ("tests/fixtures", "tests/fixtures", True),
    ("tests/fixtures", "src/tests/fixtures/bad.py", False),
    ("tests/fixtures", "tests/fixtures2/bad.py", False),
    ("tests/fixtures", "tests/test_fixtures.py", False),
    ("/tests/fixtures", "tests/fixtures/bad.py", True),
    ("./tests/fixtures/", "tests/fixtures/bad.py", True),
    ("tests\\fixtures", "tests/fixtures/bad.py", True),
    ("src/*.py", "src/a.py", True),
    ("src/*.py", "src/pkg/a.py", False),  # "*" stays within one segment
    ("legacy/*", "legacy/old.py", True),
    ("legacy/*", "legacy/sub/x.py", True),  # legacy/sub is one of its folders
    # "**/": any number of folders, none included.
    ("**/utils/constants.py", "utils/constants.py", True),
    ("**/utils/constants.py", "a/b/utils/constants.py", True),
    ("**/utils/constants.py", "utils/x/constants.py", False),
    ("**/utils/constants.py", "a/myutils/constants.py", False),
    ("src/**/gen", "src/gen/x.py", True),
    ("src/**/gen", "src/a/b/gen/x.py", True),
    ("src/**/gen", "lib/src/gen/x.py", False),
    ("docs/**", "docs/a/b.py", True),
    # Case matters, on every platform.
    ("Build", "build/x.py", False),
    ("*.PY", "a.py", False),
    ("Tests/fixtures", "tests/fixtures/x.py", False),
])
def test_path_pattern_semantics(tmp_path, pattern, path, matched):
    patterns = PathPatterns([pattern], str(tmp_path))
    assert patterns.relative(str(tmp_path / path)) == Path(path).as_posix()
    assert patterns.matches(str(tmp_path / path)) is matched


@pytest.mark.parametrize("pattern, path, walked, matched", [
    ("examples", "examples/a.py", "examples", False),  # the folder named is checked
    ("examples", "examples/a.py", None, True),  # a file named is matched whole
    ("examples", "examples/a.py", ".", True),  # walking the base: examples is below it
    ("examples", "examples/sub/examples/a.py", "examples", True),  # below it, as usual
    ("src", "src/pkg/a.py", "src/pkg", False),  # a named folder inside an excluded one
    ("tests", "tests/fixtures/x.py", "tests", False),
    ("tests/fixtures", "tests/fixtures/x.py", "tests", True),  # anchored below the walk
    ("tests/fixtures", "tests/fixtures/x.py", "tests/fixtures", False),
])
def test_path_patterns_of_a_walked_folder(tmp_path, pattern, path, walked, matched):
    patterns = PathPatterns([pattern], str(tmp_path))
    walked_folder = None if walked is None else str(tmp_path / walked)
    assert patterns.matches(str(tmp_path / path), walked_folder) is matched


def test_path_patterns_fall_back_to_the_project_root(tmp_path):
    write_tree(tmp_path, {"proj/pyproject.toml": PYPROJECT_HELPERS, "other/.git/HEAD": "x\n",
                          "proj2/.git/HEAD": "x\n"})
    inside = str(tmp_path / "proj/tests/fixtures/x.py")
    outside = str(tmp_path / "other/tests/fixtures/x.py")
    sibling = str(tmp_path / "proj2/tests/fixtures/x.py")  # shares the base's name prefix
    based = PathPatterns(["tests/fixtures"], str(tmp_path / "proj"))
    assert based.relative(inside) == "tests/fixtures/x.py"
    assert based.relative(outside) == "tests/fixtures/x.py"  # outside: its own root
    assert based.relative(sibling) == "tests/fixtures/x.py"
    assert based.matches(inside) and based.matches(outside) and based.matches(sibling)
    # Without a base (no configuration file): each file's project root.
    rootless = PathPatterns(["tests/fixtures"])
    assert rootless.matches(inside) and rootless.matches(outside)
    assert not rootless.matches(str(tmp_path / "proj/src/tests/fixtures/x.py"))


def test_path_patterns_value_semantics(tmp_path):
    patterns = PathPatterns([" ./build/ ", "", "*.gen.py"], str(tmp_path))
    assert patterns.patterns == ("build", "*.gen.py") and bool(patterns)
    assert list(patterns) == ["build", "*.gen.py"]
    assert patterns == PathPatterns(["build", "*.gen.py"], str(tmp_path))
    assert patterns != PathPatterns(["build", "*.gen.py"], str(tmp_path / "elsewhere"))
    assert not PathPatterns([]) and not PathPatterns([]).matches(str(tmp_path / "a.py"))


# -- discovery of files ------------------------------------------------------------------

def _relative(found: list[str], root: Path) -> list[str]:
    return [Path(path).relative_to(root).as_posix() for path in found]


def test_discovery_skips_tool_and_dependency_folders(tmp_path):
    write_tree(tmp_path, {
        "app/main.py": CLEAN,
        "app/static/ui.js": "export const a = 1;\n",
        "app/static/ui.mjs": "export const b = 1;\n",
        "app/README.md": "# not code\n",
        "app/data.json": "{}\n",
        ".git/hooks/pre-commit.py": RAW_ERROR,
        "node_modules/lib/index.js": "module.exports = 1;\n",
        "web/node_modules/lib/index.js": "module.exports = 1;\n",
        "env/pyvenv.cfg": "home = /usr/bin\n",
        "env/lib/python3.11/site.py": RAW_ERROR,
        "myvenv/pyvenv.cfg": "home = /usr/bin\n",
        "myvenv/x.py": RAW_ERROR,
        "app/__pycache__/main.py": RAW_ERROR,
        "build/lib/app/main.py": RAW_ERROR,
        "pkg.egg-info/x.py": RAW_ERROR,
    })
    found, missing = discover([str(tmp_path)])
    assert missing == []
    assert _relative(found, tmp_path) == [
        "app/main.py", "app/static/ui.js", "app/static/ui.mjs",
    ]
    proc, document = run_json(".", cwd=tmp_path)
    assert proc.returncode == 0
    assert document["summary"]["files"] == 3


def test_exclude_globs_skip_files_and_folders(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": (
            "[tool.invariant-lint]\n"
            'exclude = ["generated", "*_pb2.py"]\n'
            'extend-exclude = ["legacy/*"]\n'
        ),
        "app/routes.py": RAW_ERROR,
        "app/generated/routes.py": RAW_ERROR,
        "app/schema_pb2.py": RAW_ERROR,
        "legacy/old.py": RAW_ERROR,
    })
    _proc, document = run_json(".", cwd=tmp_path)
    assert [f["path"] for f in document["findings"]] == ["app/routes.py"]
    assert document["summary"]["files"] == 1
    patterns = PathPatterns(["generated", "*_pb2.py", "legacy/*"], str(tmp_path))
    found, _ = discover([str(tmp_path)], patterns)
    assert _relative(found, tmp_path) == ["app/routes.py"]


def test_extend_exclude_adds_to_exclude_through_the_cli(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": ('[tool.invariant-lint]\nexclude = ["old"]\n'
                           'extend-exclude = ["*_gen.py"]\n'),
        "app/routes.py": RAW_ERROR,
        "app/old/routes.py": RAW_ERROR,
        "app/routes_gen.py": RAW_ERROR,
    })
    _proc, document = run_json(".", cwd=tmp_path)
    assert [f["path"] for f in document["findings"]] == ["app/routes.py"]


def test_exclude_paths_inside_dot_folders(tmp_path):
    write_tree(tmp_path, {
        ".tools/gen/routes.py": RAW_ERROR,
        ".tools/keep.py": CLEAN,
        "app/.cache/x.py": CLEAN,
    })
    found, _ = discover([str(tmp_path)], PathPatterns([".tools/gen", "app/.cache"],
                                                      str(tmp_path)))
    assert _relative(found, tmp_path) == [".tools/keep.py"]


def test_explicit_file_checked_even_in_skipped_folder(tmp_path):
    write_tree(tmp_path, {"build/gen.py": RAW_ERROR})
    found, _ = discover([str(tmp_path / "build/gen.py")])
    assert _relative(found, tmp_path) == ["build/gen.py"]
    excluding = PathPatterns(["*/gen.py"], str(tmp_path))
    found, _ = discover([str(tmp_path / "build/gen.py")], excluding)
    assert _relative(found, tmp_path) == ["build/gen.py"]  # named, so checked
    found, _ = discover([str(tmp_path / "build/gen.py")], excluding, force_exclude=True)
    assert found == []


def test_discovery_dedupes_and_sorts(tmp_path):
    write_tree(tmp_path, {"b.py": CLEAN, "a.py": CLEAN, "sub/c.py": CLEAN})
    found, _ = discover([str(tmp_path / "sub"), str(tmp_path), str(tmp_path / "a.py")])
    assert _relative(found, tmp_path) == ["a.py", "b.py", "sub/c.py"]


def _found_paths(target: str, cwd: Path) -> set[str]:
    proc, document = run_json(target, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return {f["path"] for f in document["findings"]}


def test_exclude_path_relative_to_the_config_folder(tmp_path):
    # `tests/fixtures` names a folder from the config's folder, also when only `tests` is
    # checked and when the command runs from another folder.
    write_tree(tmp_path, {
        "proj/pyproject.toml": '[tool.invariant-lint]\nexclude = ["tests/fixtures"]\n',
        "proj/tests/fixtures/bad.py": RAW_ERROR,
        "proj/tests/test_routes.py": RAW_ERROR,
    })
    for target in (".", "tests"):
        assert _found_paths(target, tmp_path / "proj") == {"tests/test_routes.py"}
    for target in ("proj", "proj/tests"):
        assert _found_paths(target, tmp_path) == {"proj/tests/test_routes.py"}


def test_a_walked_folder_is_checked_even_if_excluded(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nexclude = ["examples"]\n',
        "examples/bad.py": RAW_ERROR,
        "examples/sub/examples/skipped.py": RAW_ERROR,
        "app/routes.py": RAW_ERROR,
    })
    assert _found_paths(".", tmp_path) == {"app/routes.py"}
    assert _found_paths("examples", tmp_path) == {"examples/bad.py"}
    # A file named explicitly is checked; with --force-exclude (what the pre-commit hook
    # passes with the staged files) it is matched whole, and the run says why.
    assert _found_paths("examples/bad.py", tmp_path) == {"examples/bad.py"}
    proc, document = run_json("--force-exclude", "examples/bad.py", cwd=tmp_path)
    assert proc.returncode == 0
    assert document["summary"]["files"] == 0 and document["findings"] == []
    assert proc.stderr == ("invariant-lint: examples/bad.py: not checked: `exclude` matches "
                           "it (--force-exclude)\n")


def test_exclude_of_an_explicit_config_falls_back_to_the_project_root(tmp_path):
    # The patterns of lint/invariant-lint.toml are relative to lint/; the checked files are
    # outside it, so they are matched relative to their project root (the .git folder).
    write_tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "lint/invariant-lint.toml": 'exclude = ["app/generated"]\n',
        "app/generated/routes.py": RAW_ERROR,
        "app/routes.py": RAW_ERROR,
    })
    proc, document = run_json("--config", "lint/invariant-lint.toml", "app", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in document["findings"]] == ["app/routes.py"]
