"""Bad input is a finding, not a crash: every case is checked beside a good file with a
real finding, which must still be reported.

The cases run in-process through ``tests/rule_harness.py`` (``run_project``: every rule and
INV000 over the folder, as ``invariant-lint check .`` runs them, on the deep stack the CLI
uses).  Each INV000 is expected explicitly: a file a case names may have one, every other
file must have none, and none may be a rule's internal error.  The runs that cannot start,
and one parse error end to end, go through the CLI's ``main``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import RAW_ERROR, RAW_ERROR_LINE, write_tree
from lint_rules.cli import main
from lint_rules.config import load_config
from lint_rules.deep_stack import call_with_deep_stack
from lint_rules.failures import ParseFailure
from lint_rules.findings import Finding
from lint_rules.registry import PARSE_ERROR_CODE, PARSE_ERROR_SYMBOL, all_codes, all_rules
from lint_rules.sources import discover, load_source
from rule_harness import run_project

GOOD = ("good.py", RAW_ERROR_LINE, "INV501")
KNOWN_CODES = {info.code for info in all_codes()}


def _js_prefilter_comment() -> str:
    """A comment line holding the text the first per-file JS rule wants, so that the file
    is parsed at all (a rule's prefilter keeps files without its text from being parsed)."""
    rules = [r for r in all_rules().values() if r.language == "js" and not r.project_wide]
    assert rules, "no JS rule registered"
    needles = list(rules[0].required_text) + list(rules[0].any_text[:1])
    return "// " + " ".join(needles) + "\n"


def _check(tmp_path, files: dict, others: int = 0, inv000=()) -> dict[str, list[Finding]]:
    """Check ``files`` plus the good file with every rule; return findings by relative path.

    Only the files named in ``inv000`` may have an INV000, and no INV000 may be a crash."""
    write_tree(tmp_path, {"good.py": RAW_ERROR, **files})
    findings = call_with_deep_stack(
        run_project, KNOWN_CODES, tmp_path, {}, expect_inv000=bool(inv000))
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        relative = Path(os.path.relpath(finding.path, tmp_path)).as_posix()
        by_path.setdefault(relative, []).append(finding)
    assert (GOOD[1], GOOD[2]) in {(f.line, f.code) for f in by_path.get(GOOD[0], [])}, (
        "the run did not go on to the good file")
    for path, found in by_path.items():
        for finding in found:
            assert "internal error" not in finding.message, finding
            assert finding.code != PARSE_ERROR_CODE or path in inv000, finding
    checked, _missing = discover([str(tmp_path)], load_config(str(tmp_path / "pyproject.toml"))
                                 .exclude)
    assert len(checked) == 1 + len(files) + others
    return by_path


def _only_inv000(by_path, path) -> Finding:
    findings = by_path.get(path, [])
    assert len(findings) == 1, findings
    assert findings[0].code == PARSE_ERROR_CODE, findings
    return findings[0]


def _cli(monkeypatch, capsys, cwd, *args: str) -> tuple[int, str, str]:
    """``invariant-lint ARGS`` run in-process in ``cwd``: (exit code, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


# -- Python ------------------------------------------------------------------------------

def test_python_syntax_error(tmp_path):
    by_path = _check(tmp_path, {"broken.py": "x = 1\n\ndef broken(:\n    pass\n"},
                     inv000={"broken.py"})
    finding = _only_inv000(by_path, "broken.py")
    assert (finding.line, finding.column + 1) == (3, 12)
    assert finding.message == "syntax error: invalid syntax"


def test_python_indentation_error(tmp_path):
    by_path = _check(tmp_path, {"indent.py": "def f():\nreturn 1\n"}, inv000={"indent.py"})
    finding = _only_inv000(by_path, "indent.py")
    assert finding.line == 2
    assert finding.message.startswith("syntax error: expected an indented block")


def test_undecodable_bytes_on_first_line(tmp_path):
    # latin-1 bytes in a file with no coding cookie: not UTF-8.
    by_path = _check(tmp_path, {"latin.py": b"x = '\xff\xfe'\n"}, inv000={"latin.py"})
    finding = _only_inv000(by_path, "latin.py")
    assert finding.line == 1
    assert "decode" in finding.message


def test_undecodable_bytes_later_in_file(tmp_path):
    data = b"a = 1\nb = 2\nc = 3\nd = 4\ne = 'caf\xe9'\n"
    by_path = _check(tmp_path, {"later.py": data}, inv000={"later.py"})
    finding = _only_inv000(by_path, "later.py")
    assert finding.line == 5
    assert finding.message.startswith("cannot decode as utf-8")


def test_coding_cookie_is_honoured(tmp_path):
    data = b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n"
    by_path = _check(tmp_path, {"cookie.py": data, "bom.py": b"\xef\xbb\xbfx = 1\n"})
    assert "cookie.py" not in by_path and "bom.py" not in by_path
    cookie = load_source(str(tmp_path / "cookie.py"))
    assert cookie.failure is None and "name = 'caf\xe9'" in cookie.text


def test_nul_byte(tmp_path):
    by_path = _check(tmp_path, {
        "nul.py": b"x = 1\ny = '\x00'\n",
        "nul.js": b"let a = 1;\n\nlet b = '\x00';\n",
    }, inv000={"nul.py", "nul.js"})
    nul_py = _only_inv000(by_path, "nul.py")
    assert (nul_py.line, nul_py.message) == (2, "file contains a NUL byte")
    nul_js = _only_inv000(by_path, "nul.js")
    assert (nul_js.line, nul_js.message) == (3, "file contains a NUL byte")
    # Loading records the failure on the source; it is never raised.
    failure = load_source(str(tmp_path / "nul.js")).failure
    assert isinstance(failure, ParseFailure) and failure.line == 3


def test_empty_files_have_no_findings(tmp_path):
    by_path = _check(tmp_path, {
        "empty.py": "", "empty.js": "", "blank.py": "\n\n", "pkg/__init__.py": "",
    })
    assert set(by_path) == {"good.py"}


def test_unreadable_file(tmp_path):
    os.symlink(tmp_path / "does-not-exist.py", tmp_path / "dangling.py")
    by_path = _check(tmp_path, {}, others=1, inv000={"dangling.py"})
    # The dangling link is a file name discovery lists; reading it fails: INV000, no crash.
    finding = _only_inv000(by_path, "dangling.py")
    assert finding.message.startswith("cannot read")


DEEP_PYTHON = {
    "parens.py": "x = " + "(" * 10000 + "1" + ")" * 10000 + "\n",
    "binop.py": "from aiohttp import web\nx = 1" + " + 1" * 10000 + "\n",
    "binop_600.py": (  # passes the stdlib parser; deep for astroid and the rules
        "from aiohttp import web\nx = 1" + " + 1" * 600 + "\n"
        "def h():\n    return web.json_response({'error': 1}, status=400)\n"
    ),
    "calls.py": "from aiohttp import web\nx = f" + "()" * 10000 + "\n",
    "lists.py": "json_response = " + "[" * 10000 + "]" * 10000 + "\n",
    "elifs.py": "import asyncio\nlock = asyncio.Lock()\nasync def f(a):\n    if a:\n"
                "        await asyncio.sleep(1)\n" + "    elif a:\n        pass\n" * 3000,
}


@pytest.mark.parametrize("name", sorted(DEEP_PYTHON))
def test_deeply_nested_python_is_inv000_or_clean(tmp_path, name):
    by_path = _check(tmp_path, {name: DEEP_PYTHON[name]}, inv000={name})
    for finding in by_path.get(name, []):
        assert finding.code in KNOWN_CODES, finding
        if finding.code == PARSE_ERROR_CODE:
            assert "nest" in finding.message or "recursion" in finding.message, finding


# -- JavaScript --------------------------------------------------------------------------

def test_js_syntax_error(tmp_path):
    text = _js_prefilter_comment() + "let x = 1;\nfunction (\n"
    by_path = _check(tmp_path, {"broken.js": text}, inv000={"broken.js"})
    finding = _only_inv000(by_path, "broken.js")
    assert (finding.line, finding.column + 1) == (3, 10)
    assert finding.message == "syntax error: Unexpected token ("


def test_js_unterminated_string(tmp_path):
    text = _js_prefilter_comment() + "const a = {\n  b: 'abc\n};\n"
    by_path = _check(tmp_path, {"string.js": text}, inv000={"string.js"})
    finding = _only_inv000(by_path, "string.js")
    assert finding.line == 3
    assert finding.message.startswith("syntax error: ")


def test_js_undecodable(tmp_path):
    text = _js_prefilter_comment().encode() + b"let a = 1;\nlet b = '\xff';\n"
    by_path = _check(tmp_path, {"latin.js": text}, inv000={"latin.js"})
    finding = _only_inv000(by_path, "latin.js")
    assert finding.line == 3
    assert "decode" in finding.message


DEEP_JS = {
    "arrays.js": "[" * 10000 + "]" * 10000 + ";\n",
    "binop.js": "const x = 1" + " + 1" * 10000 + ";\n",
    "callbacks.js": "f(function () {\n" * 2000 + "});\n" * 2000,
    "objects.js": "const o = " + "{a: " * 3000 + "1" + "}" * 3000 + ";\n",
}


@pytest.mark.parametrize("name", sorted(DEEP_JS))
def test_deeply_nested_js_is_inv000_or_clean(tmp_path, name):
    text = _js_prefilter_comment() + DEEP_JS[name]
    by_path = _check(tmp_path, {name: text}, inv000={name})
    for finding in by_path.get(name, []):
        assert finding.code == PARSE_ERROR_CODE, finding


# -- runs that cannot start --------------------------------------------------------------

def test_missing_path_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    code, _out, err = _cli(monkeypatch, capsys, tmp_path, "check", "missing/dir")
    assert code == 2
    assert err == "invariant-lint: error: no such file or directory: missing/dir\n"


def test_directory_without_supported_files(tmp_path, monkeypatch, capsys):
    write_tree(tmp_path, {"notes.txt": "hi\n", "data/x.json": "{}\n", "style.css": "a {}\n"})
    code, out, _err = _cli(monkeypatch, capsys, tmp_path, "check", ".")
    assert code == 0
    assert "0 files" in out
    code, out, _err = _cli(monkeypatch, capsys, tmp_path, "check", "--format", "json", ".")
    assert code == 0
    assert json.loads(out)["summary"] == {"files": 0, "findings": 0, "by_code": {}}


def test_unknown_config_key(tmp_path, monkeypatch, capsys):
    write_tree(tmp_path, {
        "setup.cfg": "[invariant-lint]\nerror-helperz = oops\n",
        "good.py": RAW_ERROR,
    })
    code, out, err = _cli(monkeypatch, capsys, tmp_path, "check", "--format", "json", ".")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"invariant-lint: error: {tmp_path.resolve() / 'setup.cfg'}: "
        "unknown key 'error-helperz' in [invariant-lint] (did you mean 'error-helpers'?)"
    ]


@pytest.mark.parametrize("files, expected", [
    # Only INV712 (project-wide) wants this file; its parse failure must still surface.
    ({"broken.js": "clearInterval(timer);\nfunction ( {\n"}, ("broken.js", 2, 10)),
    ({"broken.py": "x = 1\n\ndef broken(:\n    pass\n"}, ("broken.py", 3, 12)),
], ids=["js-project-wide", "python"])
def test_parse_error_through_the_cli(tmp_path, monkeypatch, capsys, files, expected):
    write_tree(tmp_path, files)
    code, out, _err = _cli(monkeypatch, capsys, tmp_path, "check", "--format", "json", ".")
    document = json.loads(out)
    found = [(f["path"], f["line"], f["column"], f["code"], f["symbol"])
             for f in document["findings"]]
    assert found == [(*expected, PARSE_ERROR_CODE, PARSE_ERROR_SYMBOL)]
    assert document["summary"]["files"] == 1
    assert code == 1


# -- huge files --------------------------------------------------------------------------

def test_huge_files_are_analysed_completely(tmp_path):
    # 3,000 handlers (15,000 lines) and 1,500 retried POSTs (7,500 lines of JS): every
    # finding is found, none is lost to a limit, and nothing is reported as too deep.
    handlers = "".join(
        f"async def handler_{n}(request):\n"
        f"    if request.query.get('id') is None:\n"
        f"        return web.json_response({{'error': 'missing id'}}, status=400)\n"
        f"    return web.json_response({{'ok': True}})\n\n"
        for n in range(3000)
    )
    retry = (
        "async function request(url, options = {}) {\n"
        "    for (let attempt = 0; attempt < 3; attempt++) {\n"
        "        try { return await fetch(url, options); } catch (error) { }\n"
        "    }\n"
        "}\n"
    )
    calls = "".join(
        f"function submit{n}(payload) {{\n"
        f"    return request('/distributed/job/{n}', {{\n"
        f"        method: 'POST', body: JSON.stringify(payload),\n"
        f"    }});\n}}\n"
        for n in range(1500)
    )
    by_path = _check(tmp_path, {
        "huge.py": "from aiohttp import web\n\n\n" + handlers,
        "huge.js": retry + calls,
        "apiClient.js": "export const get = (u) => fetch(u);\n",  # INV703 needs a client
    })
    python_codes = [f.code for f in by_path["huge.py"]]
    # Each handler is an error response, and a copy of the 2,999 others (only their
    # names differ: in bodies this small, a literal that differs would be the logic).
    assert python_codes.count("INV501") == 3000 and python_codes.count("INV301") == 3000
    assert len(python_codes) == 6000
    # The retrying helper's retry count (INV401) and raw fetch (INV703), then each
    # mutation it retries.
    assert [f.code for f in by_path["huge.js"]] == ["INV401", "INV703"] + ["INV701"] * 1500
