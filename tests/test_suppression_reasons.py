"""Suppressions with reasons, their audit (INV001 unused-suppression, INV002
suppression-without-reason) through the CLI, pylint and flake8, and ``--add-noqa``."""

from __future__ import annotations

import json

import pytest

from helpers import ERROR_HELPER_MODULE, RAW_ERROR, run_cli, run_json, run_module, write_tree
from lint_rules.result_cache import CACHE_FOLDER
from lint_rules.sources import load_source
from lint_rules.suppressions import ALL, js_directives, python_directives

SYMBOLS = {"raw-error-response": "INV501", "await-under-lock": "INV101"}
REQUIRE_REASON = "[tool.invariant-lint]\nrequire-suppression-reason = true\n"


def _directives(text: str, filename: str = "snippet.py"):
    source = load_source(filename, text.encode("utf-8"))
    parse = python_directives if filename.endswith(".py") else js_directives
    return parse(source.comments(), SYMBOLS)


def _on_line3(comment: str) -> str:
    """RAW_ERROR (INV501 at line 3) with ``comment`` at the end of line 3."""
    lines = RAW_ERROR.splitlines()
    lines[2] += "  " + comment
    return "\n".join(lines) + "\n"


def _found(document) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in document["findings"]]


# -- parsing -------------------------------------------------------------------------------

@pytest.mark.parametrize("comment, codes, reason", [
    ("# noqa: INV501 -- the helper is not importable here", {"INV501"},
     "the helper is not importable here"),
    ("# noqa: INV501 invalid input", {"INV501"}, ""),  # words are never codes
    ("# noqa: E501, INV501 --   two   spaces ", {"E501", "INV501"}, "two spaces"),
    ("# noqa -- a blanket one", {ALL}, "a blanket one"),
    ("# noqa: INV501", {"INV501"}, ""),
    ("# noqa: INV501  # expect: INV002", {"INV501"}, ""),
    ("# pylint: disable=raw-error-response  # the helper is elsewhere", {"INV501"},
     "the helper is elsewhere"),
])
def test_python_reasons(comment, codes, reason):
    (directive,) = _directives(f"x = 1  {comment}\n")
    assert (set(directive.codes), directive.reason) == (codes, reason)
    assert (directive.line, directive.target, directive.column) == (1, 1, 7)


def test_js_reasons_and_targets():
    found = _directives(
        "// invariant-lint-disable-next-line INV701 -- idempotent endpoint\n"
        "a();\n"
        "b(); /* invariant-lint-disable-line INV711,INV712 --\n  spans two lines */\n",
        filename="apiClient.js")
    assert [(d.line, d.target, set(d.codes), d.reason) for d in found] == [
        (1, 2, {"INV701"}, "idempotent endpoint"),
        (3, 3, {"INV711", "INV712"}, "spans two lines"),
    ]


# -- INV001 through the CLI ---------------------------------------------------------------

@pytest.mark.parametrize("comment, expected", [
    ("# noqa: INV501", []),                                     # used
    ("# noqa: INV501 -- why", []),
    ("# noqa: INV501, INV101", [(3, "INV001")]),                # INV101 suppresses nothing
    ("# noqa: INV501, INV502", [(3, "INV001")]),                # no such code
    ("# noqa: INV501, E501, W291", []),                         # other tools' codes: theirs
    ("# pylint: disable=raw-error-response,await-under-lock", []),  # pylint judges pragmas
    ("# noqa: INV501, INV101, INV001", []),                     # INV001 named: quiet
])
def test_unused_suppressions(tmp_path, comment, expected):
    write_tree(tmp_path, {"routes.py": _on_line3(comment)})
    proc, document = run_json(".", cwd=tmp_path)
    assert _found(document) == expected
    assert proc.returncode == (1 if expected else 0)


def test_unused_suppression_messages(tmp_path):
    write_tree(tmp_path, {"routes.py": _on_line3("# noqa: INV501, INV101, INV5")})
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["line"], f["column"], f["message"]) for f in document["findings"]] == [
        (3, 59, "'# noqa: INV501, INV101, INV5' names INV5, which is no invariant-lint code "
                "(see `invariant-lint rules`); correct or remove it"),
        (3, 59, "'# noqa: INV501, INV101, INV5' suppresses INV101, but no INV101 is "
                "reported on this line; remove INV101 from the comment"),
    ]


def test_a_code_the_run_does_not_check_is_not_judged(tmp_path):
    write_tree(tmp_path, {"routes.py": _on_line3("# noqa: INV501, INV101")})
    _proc, document = run_json("--select", "INV001,INV5", ".", cwd=tmp_path)
    assert _found(document) == []
    _proc, document = run_json("--select", "INV001,INV1", ".", cwd=tmp_path)
    assert _found(document) == [(3, "INV001")]  # INV501 is now the unchecked one
    _proc, document = run_json("--ignore", "INV001", ".", cwd=tmp_path)
    assert _found(document) == []


def test_unused_suppression_of_a_project_wide_code(tmp_path):
    helper = ("def parse_port(value):\n"
              "    number = int(value)\n"
              "    if number < 1 or number > 65535:\n"
              "        raise ValueError(value)\n"
              "    return number\n")
    write_tree(tmp_path, {
        "a.py": helper.replace("def parse_port(value):",
                               "def parse_port(value):  # noqa: INV301 -- kept until 2.0"),
        "b.py": helper,
        "c.py": "def other():  # noqa: INV301 -- stale\n    return 1\n",
    })
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["path"], f["line"], f["code"]) for f in document["findings"]] == [
        ("b.py", 1, "INV301"), ("c.py", 1, "INV001")]
    # The same through workers: the project pass judges it, whatever ran the files.
    _proc, by_workers = run_json("-j", "2", ".", cwd=tmp_path)
    assert _found(by_workers) == _found(document)


def test_js_unused_and_unknown(tmp_path):
    write_tree(tmp_path, {"apiClient.js": (
        "// invariant-lint-disable-next-line INV701 -- was retried once\n"
        "fetch('/x', { method: 'POST' });\n"
        "run(); // invariant-lint-disable-line INV799\n")})
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["line"], f["column"], f["code"]) for f in document["findings"]] == [
        (1, 1, "INV001"), (3, 8, "INV001")]


def test_a_js_file_with_a_directive_that_does_not_parse_is_reported(tmp_path):
    write_tree(tmp_path, {"apiClient.js": "run(; // invariant-lint-disable-line INV701\n"})
    _proc, document = run_json(".", cwd=tmp_path)
    assert _found(document) == [(1, "INV000")]


# -- INV002 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("comment, expected", [
    ("# noqa: INV501", [(3, "INV002")]),
    ("# noqa: INV501 -- old clients parse this shape", []),
    ("# noqa", [(3, "INV002")]),                                  # bare: silences INV501 too
    ("# noqa -- a reason", []),
    ("# pylint: disable=raw-error-response", [(3, "INV002")]),
    ("# pylint: disable=raw-error-response  # old clients", []),
    ("# noqa: INV501, INV002", []),
])
def test_suppression_without_reason(tmp_path, comment, expected):
    write_tree(tmp_path, {"pyproject.toml": REQUIRE_REASON, "routes.py": _on_line3(comment)})
    _proc, document = run_json(".", cwd=tmp_path)
    assert _found(document) == expected


def test_reasons_are_optional_by_default(tmp_path):
    write_tree(tmp_path, {"routes.py": _on_line3("# noqa: INV501")})
    _proc, document = run_json(".", cwd=tmp_path)
    assert _found(document) == []


def test_bare_directive_message(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": REQUIRE_REASON, "routes.py": _on_line3("# noqa")})
    _proc, document = run_json(".", cwd=tmp_path)
    assert [f["message"] for f in document["findings"]] == [
        "'# noqa' silences every code, and so INV501 without a reason; name the code and "
        "say why: '# noqa: INV501 -- <reason>'"]


# -- the plugins ----------------------------------------------------------------------------

def test_flake8_reads_a_reason_as_noqa_and_reports_the_audit(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": REQUIRE_REASON,
        "used.py": _on_line3("# noqa: INV501 -- old clients parse this shape"),
        "unexplained.py": _on_line3("# noqa: INV501"),
        "unused.py": _on_line3("# noqa: INV501, INV101, INV502 -- why"),
    })
    # (the three files are copies of each other: INV301 is left out)
    proc = run_module("flake8", "--select=INV0,INV1,INV5", "--format=%(path)s:%(row)d:%(code)s",
                      "used.py", "unexplained.py", "unused.py", cwd=tmp_path)
    assert sorted(proc.stdout.split()) == [
        "unexplained.py:3:INV002", "unused.py:3:INV001", "unused.py:3:INV001"], proc.stderr


def test_flake8_does_not_judge_codes_it_does_not_report(tmp_path):
    write_tree(tmp_path, {"routes.py": _on_line3("# noqa: INV501, INV101")})
    found = run_module("flake8", "--select=INV", "--format=%(row)d:%(code)s", "routes.py",
                       cwd=tmp_path).stdout.split()
    assert found == ["3:INV001"]
    found = run_module("flake8", "--select=INV", "--extend-ignore=INV101",
                       "--format=%(row)d:%(code)s", "routes.py", cwd=tmp_path).stdout.split()
    assert found == []


def _pylint(tmp_path, *files):
    proc = run_module("pylint", "--load-plugins=lint_rules.pylint_plugin", "--disable=all",
                      "--enable=unused-suppression,suppression-without-reason,"
                      "raw-error-response,await-under-lock",
                      "--output-format=json", "--score=n", "--persistent=n", *files,
                      cwd=tmp_path)
    assert proc.returncode < 32, proc.stderr
    return sorted((item["path"], item["line"], item["symbol"], item["message"])
                  for item in json.loads(proc.stdout or "[]"))


def test_pylint_reports_the_audit_once(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": REQUIRE_REASON,
        "unexplained.py": _on_line3("# noqa: INV501"),
        "unused.py": _on_line3("# noqa: INV501, INV101, INV502 -- why"),
    })
    found = _pylint(tmp_path, "unexplained.py", "unused.py")
    assert [(path, line, symbol) for path, line, symbol, _message in found] == [
        ("unexplained.py", 3, "suppression-without-reason"),
        ("unused.py", 3, "unused-suppression"),
        ("unused.py", 3, "unused-suppression"),
    ]
    assert {message.split("' ")[1].split(",")[0] for *_rest, message in found
            if "unused" in _rest[0]} == {"names INV502", "suppresses INV101"}


# -- --add-noqa ------------------------------------------------------------------------------

def test_add_noqa_then_nothing_is_reported(tmp_path):
    original = (
        "# -*- coding: latin-1 -*-\r\n"
        "from aiohttp import web\r\n"
        "# caf\xe9\r\n"
        "async def h(r):\r\n"
        '    return web.json_response({"error": "x"}, status=400)  # keep: a note\r\n'
        "async def g(r):\r\n"
        '    return web.json_response({"error": "y"}, status=404)  # noqa: E501\r\n'
        "async def k(r):\r\n"
        '    return web.json_response({"error": """multi\r\n'
        '    line"""}, status=409)\r\n'
    ).encode("latin-1")
    client = "\ufefffetch('/x', { method: 'POST' }); // retried below\n"
    write_tree(tmp_path, {"routes.py": original, "apiClient.js": client,
                          "errors.py": ERROR_HELPER_MODULE})
    proc = run_cli("check", "--add-noqa", "--reason", "legacy", ".", cwd=tmp_path)
    assert proc.stdout == "Added 2 suppressions to 1 file.\n"
    assert proc.stderr == ("invariant-lint: routes.py:9: no suppression added: the line "
                           "ends inside a string\n")
    assert proc.returncode == 1
    assert (tmp_path / "routes.py").read_bytes() == original.replace(
        b"# keep: a note\r\n", b"# keep: a note  # noqa: INV501 -- legacy\r\n").replace(
        b"# noqa: E501\r\n", b"# noqa: E501, INV501 -- legacy\r\n")
    _proc, document = run_json(".", cwd=tmp_path)
    assert _found(document) == [(9, "INV501")]


def test_add_noqa_merges_into_a_js_directive(tmp_path):
    helper = ("async function request(url, options) {\n"
              "    for (let i = 0; i < 3; i++) {\n"
              "        try { return await fetch(url, options); } catch (e) { }\n"
              "    }\n"
              "}\n")
    write_tree(tmp_path, {"apiClient.js": helper + (
        "export const a = () => request('/a', { method: 'POST' });\n"
        "export const b = () => request('/b', { method: 'PUT' }); "
        "// invariant-lint-disable-line INV712 -- later\n")})
    _proc, before = run_json(".", cwd=tmp_path)
    assert _found(before) == [(6, "INV701"), (7, "INV701"), (7, "INV001")]
    proc = run_cli("check", "--add-noqa", ".", cwd=tmp_path)
    assert proc.stdout == "Added 2 suppressions to 1 file.\n", proc.stderr
    lines = (tmp_path / "apiClient.js").read_text(encoding="utf-8").splitlines()
    assert lines[5].endswith("{ method: 'POST' }); // invariant-lint-disable-line INV701")
    assert lines[6].endswith("// invariant-lint-disable-line INV712, INV701 -- later")
    _proc, after = run_json("--ignore", "INV001", ".", cwd=tmp_path)
    assert _found(after) == []


def test_add_noqa_with_nothing_to_add(tmp_path):
    write_tree(tmp_path, {"clean.py": "x = 1\n"})
    proc = run_cli("check", "--add-noqa", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "Added 0 suppressions to 0 files.\n")
    assert (tmp_path / "clean.py").read_text() == "x = 1\n"
    # No temporary file is left (the result cache's folder is the run's, not the edit's).
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != CACHE_FOLDER) == [
        "clean.py"]
