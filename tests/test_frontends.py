"""The pylint and flake8 plugins are thin adapters: on the same file they give the same
(line, column, code) as the engine, their own enable/disable mechanisms work, and a bad
configuration is one clear error per run, not one per file."""

from __future__ import annotations

import ast
import json

import pytest

from helpers import run_json, run_module, write_tree

# Three INV501 findings (one a multi-line call) and a success response that is fine.
ROUTES = '''\
"""Routes."""
from aiohttp import web


async def update(request):
    """Update."""
    data = await request.json()
    if "id" not in data:
        return web.json_response({"error": "missing id"}, status=400)
    if data.get("gone"):
        return web.Response(
            status=410,
            text="gone",
        )
    return web.json_response({"status": "success"})


async def remove(request):
    """Remove."""
    return web.json_response({"errors": ["locked"]})
'''
EXPECTED = [(9, 16, "INV501"), (11, 16, "INV501"), (20, 12, "INV501")]  # 1-based columns
# The projects have adopted an error helper (INV501 reports only in such projects).
ERRORS = ("from aiohttp import web\n\n\nasync def handle_api_error(request, message, status):\n"
          '    return web.json_response({"error": message}, status=status)\n')


@pytest.fixture
def routes(tmp_path):
    write_tree(tmp_path, {"frontend_routes.py": ROUTES, "errors.py": ERRORS})
    return tmp_path / "frontend_routes.py"


def test_engine_reference(routes):
    _proc, document = run_json(routes.name, cwd=routes.parent)
    assert [(f["line"], f["column"], f["code"]) for f in document["findings"]] == EXPECTED


# -- flake8 ------------------------------------------------------------------------------

def test_flake8_plugin_class_matches_engine(routes):
    from lint_rules.flake8_plugin import InvariantLintChecker

    text = routes.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    checker = InvariantLintChecker(ast.parse(text), str(routes), lines)
    results = list(checker.run())
    assert [(line, column + 1, message.split()[0]) for line, column, message, _ in results] \
        == EXPECTED
    for _line, _column, message, kind in results:
        assert kind is InvariantLintChecker
        assert message.startswith("INV501 error response built directly with ")


def test_flake8_plugin_sees_the_buffer_not_the_disk(routes):
    from lint_rules.flake8_plugin import InvariantLintChecker

    # flake8 may lint a buffer (stdin, an editor) that differs from the file on disk.
    text = ROUTES.replace('{"errors": ["locked"]}', '{"ok": True}')
    checker = InvariantLintChecker(ast.parse(text), str(routes), text.splitlines(True))
    assert [line for line, *_ in checker.run()] == [9, 11]


def test_flake8_run_matches_engine_and_honours_select_and_noqa(routes):
    proc = run_module("flake8", "--select=INV", "--format=%(row)d:%(col)d:%(code)s",
                      routes.name, cwd=routes.parent)
    assert proc.returncode == 1, proc.stderr
    assert [tuple(line.split(":")) for line in proc.stdout.splitlines()] == [
        (str(line), str(column), code) for line, column, code in EXPECTED
    ]
    proc = run_module("flake8", "--select=INV", "--extend-ignore=INV501", routes.name,
                      cwd=routes.parent)
    assert (proc.returncode, proc.stdout) == (0, "")

    quiet = routes.parent / "quiet_routes.py"
    quiet.write_text(ROUTES.replace('status=400)', 'status=400)  # noqa: INV501'))
    proc = run_module("flake8", "--select=INV501", "--format=%(row)d", quiet.name,
                      cwd=routes.parent)
    assert proc.stdout.split() == ["11", "20"]


# -- pylint ------------------------------------------------------------------------------

def _pylint(*options: str, cwd, files) -> list[dict]:
    proc = run_module("pylint", "--load-plugins=lint_rules.pylint_plugin",
                      "--output-format=json", "--score=n", "--persistent=n", *options, *files,
                      cwd=cwd)
    assert proc.returncode < 32, proc.stderr  # pylint's exit code is a bit mask; 32 = usage
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout or "[]")


def test_pylint_plugin_matches_engine(routes):
    messages = _pylint("--disable=all", "--enable=raw-error-response",
                       cwd=routes.parent, files=[routes.name])
    assert [(m["line"], m["column"] + 1, m["message"].split()[0]) for m in messages] == EXPECTED
    assert {m["symbol"] for m in messages} == {"raw-error-response"}
    assert {m["message-id"] for m in messages} == {"W9501"}


def test_pylint_disable_reports_nothing(routes):
    assert _pylint("--disable=all", "--enable=await-under-lock", cwd=routes.parent,
                   files=[routes.name]) == []
    ours = [m for m in _pylint("--disable=raw-error-response", cwd=routes.parent,
                               files=[routes.name])
            if m["message-id"].startswith("W9")]
    assert ours == []


def test_pylint_inline_disable(routes):
    quiet = routes.parent / "quiet_routes.py"
    quiet.write_text(ROUTES.replace(
        'status=400)', 'status=400)  # pylint: disable=raw-error-response'))
    messages = _pylint("--disable=all", "--enable=raw-error-response",
                       cwd=routes.parent, files=[quiet.name])
    assert [m["line"] for m in messages] == [11, 20]


def test_pylint_reports_parse_errors_as_its_own(tmp_path):
    write_tree(tmp_path, {"broken_module.py": "def f(:\n    pass\n", "ok_module.py": ROUTES,
                          "errors.py": ERRORS})
    messages = _pylint("--disable=all", "--enable=raw-error-response,parse-error,syntax-error",
                       cwd=tmp_path, files=["broken_module.py", "ok_module.py"])
    by_module = {}
    for message in messages:
        by_module.setdefault(message["module"], []).append(message)
    assert [m["line"] for m in by_module["ok_module"]] == [9, 11, 20]
    assert by_module["broken_module"] and all(
        m["line"] == 1 for m in by_module["broken_module"])


def test_every_front_end_agrees_on_a_tree(tmp_path):
    """CLI, pylint and flake8 over a small package tree: the same (path, line, code)."""
    write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/api/__init__.py": "",
        "pkg/api/routes.py": ROUTES,
        "pkg/api/errors.py": (
            "from aiohttp import web\n\n\n"
            "async def handle_api_error(request, message, status=500):\n"
            '    return web.json_response({"error": message}, status=status)\n'
        ),
        "pkg/util.py": ROUTES.replace("async def remove", "async def delete"),
    })
    files = ["pkg/api/errors.py", "pkg/api/routes.py", "pkg/util.py"]
    _proc, document = run_json("--select", "INV501", *files, cwd=tmp_path)
    cli = sorted((f["path"], f["line"], f["column"], f["code"]) for f in document["findings"])
    assert len(cli) == 6

    messages = _pylint("--disable=all", "--enable=raw-error-response", cwd=tmp_path, files=files)
    pylint = sorted((m["path"], m["line"], m["column"] + 1, m["message"].split()[0])
                    for m in messages)
    proc = run_module("flake8", "--isolated", "--select=INV501",
                      "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s", *files, cwd=tmp_path)
    flake8 = sorted((p, int(r), int(c), code) for p, r, c, code in
                    (line.split("\t") for line in proc.stdout.splitlines()))
    assert cli == pylint == flake8


# -- a bad configuration: one error per run ------------------------------------------------

BAD_CONFIG = """\
[tool.invariant-lint]
lock-pattern = "(("
lok-pattern = "x"
clone-similarity = 5
"""
BAD_CONFIG_PROBLEMS = [
    "lock-pattern: not a valid regular expression (",
    "unknown key 'lok-pattern' in [tool.invariant-lint] (did you mean 'lock-pattern'?)",
    "clone-similarity: expected a number from 0.0 to 1.0, got 5",
]
# Each file would have an INV101 finding with a good configuration.
AWAIT_UNDER_LOCK = """\
import asyncio

LOCK = asyncio.Lock()


async def refresh(client):
    async with LOCK:
        await client.fetch()
"""
THREE_MODULES = ["a_jobs.py", "b_jobs.py", "c_jobs.py"]


@pytest.fixture
def badly_configured(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": BAD_CONFIG,
                          **{name: AWAIT_UNDER_LOCK for name in THREE_MODULES}})
    return tmp_path


def _problem_lines(text: str, config) -> list[str]:
    """The configuration problems named in ``text``, in order (without the file name)."""
    prefix = f"{config}: "
    return [line.split(prefix, 1)[1] for line in text.splitlines() if prefix in line]


def _assert_the_problems(found: list[str]) -> None:
    assert len(found) == len(BAD_CONFIG_PROBLEMS), found
    for line, problem in zip(found, BAD_CONFIG_PROBLEMS):
        assert line.startswith(problem), (line, problem)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pylint_reports_a_bad_configuration_once(badly_configured, jobs):
    messages = _pylint("--disable=all", "--enable=await-under-lock,config-parse-error",
                       f"--jobs={jobs}", cwd=badly_configured, files=THREE_MODULES)
    # Only pylint's config-parse-error (F0011): no parse-error (F0010, INV000) per file, and
    # no findings computed with half a configuration.
    assert {(m["symbol"], m["message-id"]) for m in messages} == {
        ("config-parse-error", "F0011")}, messages
    assert len({m["path"] for m in messages}) == 1  # once per run, on one module
    config = (badly_configured / "pyproject.toml").resolve()
    _assert_the_problems(_problem_lines("\n".join(m["message"] for m in messages), config))


@pytest.mark.parametrize("jobs", [["-j1"], []])  # [] is flake8's default: a process per core
def test_flake8_stops_on_a_bad_configuration_with_one_message(badly_configured, jobs):
    proc = run_module("flake8", "--select=INV", *jobs, *THREE_MODULES, cwd=badly_configured)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.count("invalid invariant-lint configuration") == 1, proc.stdout
    assert proc.stdout.count('"invariant-lint[INV]" failed during execution') == 1
    assert "INV101" not in proc.stdout
    config = (badly_configured / "pyproject.toml").resolve()
    _assert_the_problems(_problem_lines(proc.stdout, config))
