"""Configuration: where it is found, how values are applied and validated, and which files
a run discovers (``exclude`` and the folders that are always skipped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CLEAN, RAW_ERROR, run_cli, run_json, write_tree
from lint_rules.config import (
    GENERAL_OPTIONS, ConfigError, build_config, find_config_file, load_config,
)
from lint_rules.registry import all_options
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


def _lines(document) -> list[int]:
    return [f["line"] for f in document["findings"]]


# -- discovery of the config file -------------------------------------------------------

def test_defaults_without_config(tmp_path):
    write_tree(tmp_path, {"pkg/helpers.py": HELPERS})
    config = load_config(start=tmp_path / "pkg")
    assert config.source is None
    assert config.select == ["INV"] and config.ignore == [] and config.exclude == []
    assert config.options == {name: opt.default for name, (opt, _) in all_options().items()}
    assert config.option("error-helpers") == ["handle_api_error"]
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
    assert config.option("error-helpers") == ["my_error"]
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
    assert load_config(start=tmp_path / "inner").option("error-helpers") == ["my_error"]
    assert load_config(start=tmp_path).option("error-helpers") == ["outer"]


def test_explicit_config_file(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nerror-helpers = ["outer"]\n',
        "lint/invariant-lint.toml": 'error-helpers = ["my_error"]\n',
        "helpers.py": HELPERS,
    })
    config = load_config(str(tmp_path / "lint/invariant-lint.toml"))
    assert config.option("error-helpers") == ["my_error"]
    _proc, document = run_json("--config", "lint/invariant-lint.toml", "--select", "INV501",
                               ".", cwd=tmp_path)
    assert _lines(document) == [HANDLE_API_ERROR_LINE]


# -- values ------------------------------------------------------------------------------

def test_general_options_applied(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": (
            "[tool.invariant-lint]\n"
            'select = "INV0, INV5"\n'           # a string is read as a comma list
            'ignore = ["INV000"]\n'
            'exclude = ["generated"]\n'
            'extend_exclude = ["*_old.py"]\n'   # underscores work like dashes
        ),
    })
    config = load_config(start=tmp_path)
    assert config.select == ["INV0", "INV5"]
    assert config.ignore == ["INV000"]
    assert config.exclude == ["generated", "*_old.py"]


def test_extend_exclude_kept_whatever_the_key_order():
    config = build_config({"extend-exclude": ["a"], "exclude": ["b"]})
    assert config.exclude == ["b", "a"]


def test_setup_cfg_lists_split_on_commas_and_newlines(tmp_path):
    write_tree(tmp_path, {
        "setup.cfg": "[invariant-lint]\nerror-helpers =\n    one,\n    two\n    three\n",
    })
    assert load_config(start=tmp_path).option("error-helpers") == ["one", "two", "three"]


def test_select_from_config_applies_to_cli_run(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nselect = "INV000"\n',
        "routes.py": RAW_ERROR,
        "broken.py": "def f(:\n",
    })
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in document["findings"]] == [("broken.py", "INV000")]


# -- errors ------------------------------------------------------------------------------

def test_unknown_key_names_the_key(tmp_path):
    with pytest.raises(ConfigError, match="unknown option 'error-helper'"):
        build_config({"error-helper": ["x"]})
    path = write_tree(tmp_path, {"setup.cfg": "[invariant-lint]\nno_such_key = x\n"})
    with pytest.raises(ConfigError, match=r"setup\.cfg: unknown option 'no_such_key' in "
                                          r"\[invariant-lint\]"):
        load_config(start=path)


@pytest.mark.parametrize("settings, key, problem", [
    ({"error-helpers": 3}, "error-helpers", "expected a list of strings"),
    ({"error-helpers": ["ok", 3]}, "error-helpers", "expected a list of strings"),
    ({"select": 3}, "select", "expected a list of strings"),
    ({"exclude": {"a": 1}}, "exclude", "expected a list of strings"),
])
def test_wrong_type_names_the_key(settings, key, problem):
    with pytest.raises(ConfigError) as raised:
        build_config(settings)
    assert str(raised.value) == f"option '{key}': {problem}"


@pytest.mark.parametrize("value, expected", [
    ("INV5", ["INV5"]),
    ("INV0,INV5", ["INV0", "INV5"]),
    (["INV1", "INV5"], ["INV1", "INV5"]),
    ("", []),
])
def test_list_options_accept_comma_strings(value, expected):
    assert build_config({"select": value}).select == expected


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
    assert f"'{key}'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_invalid_toml_is_one_line_exit_2(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[tool.invariant-lint\n", "routes.py": RAW_ERROR})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1
    assert "invalid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_option_has_a_valid_default():
    options = [option for option, _code in all_options().values()] + list(GENERAL_OPTIONS)
    names = [option.name for option in options]
    assert len(names) == len(set(names))
    for option in options:
        assert option.help.strip(), option.name
        assert option.coerce(option.default) == option.default, option.name
        assert option.name == option.name.lower() and "_" not in option.name


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
    found, _ = discover([str(tmp_path)], ["generated", "*_pb2.py", "legacy/*"])
    assert _relative(found, tmp_path) == ["app/routes.py"]


def test_exclude_paths_inside_dot_folders(tmp_path):
    write_tree(tmp_path, {
        ".tools/gen/routes.py": RAW_ERROR,
        ".tools/keep.py": CLEAN,
        "app/.cache/x.py": CLEAN,
    })
    found, _ = discover([str(tmp_path)], [".tools/gen", "app/.cache"])
    assert _relative(found, tmp_path) == [".tools/keep.py"]


def test_explicit_file_checked_even_in_skipped_folder(tmp_path):
    write_tree(tmp_path, {"build/gen.py": RAW_ERROR})
    found, _ = discover([str(tmp_path / "build/gen.py")])
    assert _relative(found, tmp_path) == ["build/gen.py"]
    found, _ = discover([str(tmp_path / "build/gen.py")], ["*/gen.py"])
    assert found == []


def test_discovery_dedupes_and_sorts(tmp_path):
    write_tree(tmp_path, {"b.py": CLEAN, "a.py": CLEAN, "sub/c.py": CLEAN})
    found, _ = discover([str(tmp_path / "sub"), str(tmp_path), str(tmp_path / "a.py")])
    assert _relative(found, tmp_path) == ["a.py", "b.py", "sub/c.py"]


def test_exclude_path_relative_to_the_config_folder(tmp_path):
    # `tests/fixtures` names a folder from the project root, also when only `tests` is checked.
    from helpers import RAW_ERROR, run_cli, write_tree

    write_tree(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nexclude = ["tests/fixtures"]\n',
        "tests/fixtures/bad.py": RAW_ERROR,
        "tests/test_routes.py": RAW_ERROR,
    })
    for target in (".", "tests"):
        proc = run_cli("check", "--format", "json", target, cwd=tmp_path)
        paths = {f["path"] for f in __import__("json").loads(proc.stdout)["findings"]}
        assert paths == {"tests/test_routes.py"}
