"""Bad input is a finding, not a crash: every case runs through the CLI (JSON) beside a
good file with a real finding, which must still be reported."""

from __future__ import annotations

import json
import os

import pytest

from helpers import RAW_ERROR, RAW_ERROR_LINE, run_cli, run_json, write_tree
from lint_rules.registry import all_codes, all_rules

GOOD = ("good.py", RAW_ERROR_LINE, "INV501")
KNOWN_CODES = {info.code for info in all_codes()}


def _js_prefilter_comment() -> str:
    """A comment line holding the text the first per-file JS rule wants, so that the file
    is parsed at all (a rule's prefilter keeps files without its text from being parsed)."""
    rules = [r for r in all_rules().values() if r.language == "js" and not r.project_wide]
    assert rules, "no JS rule registered"
    needles = list(rules[0].required_text) + list(rules[0].any_text[:1])
    return "// " + " ".join(needles) + "\n"


def _check(tmp_path, files: dict, others: int = 0):
    """Check ``files`` plus the good file; return (process, document, findings by path)."""
    write_tree(tmp_path, {"good.py": RAW_ERROR, **files})
    proc, document = run_json(".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    assert (GOOD[0], GOOD[1], GOOD[2]) in {
        (f["path"], f["line"], f["code"]) for f in document["findings"]
    }, "the run did not go on to the good file"
    assert document["summary"]["files"] == 1 + len(files) + others
    by_path: dict[str, list[dict]] = {}
    for finding in document["findings"]:
        by_path.setdefault(finding["path"], []).append(finding)
    return proc, document, by_path


def _only_inv000(by_path, path):
    findings = by_path.get(path, [])
    assert len(findings) == 1, findings
    assert findings[0]["code"] == "INV000" and findings[0]["symbol"] == "parse-error"
    return findings[0]


# -- Python ------------------------------------------------------------------------------

def test_python_syntax_error(tmp_path):
    proc, _doc, by_path = _check(tmp_path, {"broken.py": "x = 1\n\ndef broken(:\n    pass\n"})
    assert proc.returncode == 1
    finding = _only_inv000(by_path, "broken.py")
    assert (finding["line"], finding["column"]) == (3, 12)
    assert finding["message"] == "syntax error: invalid syntax"


def test_python_indentation_error(tmp_path):
    _proc, _doc, by_path = _check(tmp_path, {"indent.py": "def f():\nreturn 1\n"})
    finding = _only_inv000(by_path, "indent.py")
    assert finding["line"] == 2
    assert finding["message"].startswith("syntax error: expected an indented block")


def test_undecodable_bytes_on_first_line(tmp_path):
    # latin-1 bytes in a file with no coding cookie: not UTF-8.
    _proc, _doc, by_path = _check(tmp_path, {"latin.py": b"x = '\xff\xfe'\n"})
    finding = _only_inv000(by_path, "latin.py")
    assert finding["line"] == 1
    assert "decode" in finding["message"]


def test_undecodable_bytes_later_in_file(tmp_path):
    data = b"a = 1\nb = 2\nc = 3\nd = 4\ne = 'caf\xe9'\n"
    _proc, _doc, by_path = _check(tmp_path, {"later.py": data})
    finding = _only_inv000(by_path, "later.py")
    assert finding["line"] == 5
    assert finding["message"].startswith("cannot decode as utf-8")


def test_coding_cookie_is_honoured(tmp_path):
    data = b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n"
    _proc, _doc, by_path = _check(tmp_path, {"cookie.py": data, "bom.py": b"\xef\xbb\xbfx = 1\n"})
    assert "cookie.py" not in by_path and "bom.py" not in by_path


def test_nul_byte(tmp_path):
    _proc, _doc, by_path = _check(tmp_path, {
        "nul.py": b"x = 1\ny = '\x00'\n",
        "nul.js": b"let a = 1;\n\nlet b = '\x00';\n",
    })
    nul_py = _only_inv000(by_path, "nul.py")
    assert (nul_py["line"], nul_py["message"]) == (2, "file contains a NUL byte")
    nul_js = _only_inv000(by_path, "nul.js")
    assert (nul_js["line"], nul_js["message"]) == (3, "file contains a NUL byte")


def test_empty_files_have_no_findings(tmp_path):
    proc, document, by_path = _check(tmp_path, {
        "empty.py": "", "empty.js": "", "blank.py": "\n\n", "pkg/__init__.py": "",
    })
    assert proc.returncode == 1
    assert set(by_path) == {"good.py"}
    assert document["summary"]["files"] == 5


def test_unreadable_file(tmp_path):
    write_tree(tmp_path, {})
    os.symlink(tmp_path / "does-not-exist.py", tmp_path / "dangling.py")
    _proc, _doc, by_path = _check(tmp_path, {}, others=1)
    # The dangling link is a file name discovery lists; reading it fails: INV000, no crash.
    finding = _only_inv000(by_path, "dangling.py")
    assert finding["message"].startswith("cannot read")


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
    _proc, _doc, by_path = _check(tmp_path, {name: DEEP_PYTHON[name]})
    for finding in by_path.get(name, []):
        assert finding["code"] in KNOWN_CODES, finding
        if finding["code"] == "INV000":
            assert "nest" in finding["message"] or "recursion" in finding["message"], finding


# -- JavaScript --------------------------------------------------------------------------

def test_js_syntax_error(tmp_path):
    text = _js_prefilter_comment() + "let x = 1;\nfunction (\n"
    proc, _doc, by_path = _check(tmp_path, {"broken.js": text})
    assert proc.returncode == 1
    finding = _only_inv000(by_path, "broken.js")
    assert (finding["line"], finding["column"]) == (3, 10)
    assert finding["message"] == "syntax error: Unexpected token ("


def test_js_unterminated_string(tmp_path):
    text = _js_prefilter_comment() + "const a = {\n  b: 'abc\n};\n"
    _proc, _doc, by_path = _check(tmp_path, {"string.js": text})
    finding = _only_inv000(by_path, "string.js")
    assert finding["line"] == 3
    assert finding["message"].startswith("syntax error: ")


def test_js_undecodable(tmp_path):
    text = _js_prefilter_comment().encode() + b"let a = 1;\nlet b = '\xff';\n"
    _proc, _doc, by_path = _check(tmp_path, {"latin.js": text})
    finding = _only_inv000(by_path, "latin.js")
    assert finding["line"] == 3
    assert "decode" in finding["message"]


DEEP_JS = {
    "arrays.js": "[" * 10000 + "]" * 10000 + ";\n",
    "binop.js": "const x = 1" + " + 1" * 10000 + ";\n",
    "callbacks.js": "f(function () {\n" * 2000 + "});\n" * 2000,
    "objects.js": "const o = " + "{a: " * 3000 + "1" + "}" * 3000 + ";\n",
}


@pytest.mark.parametrize("name", sorted(DEEP_JS))
def test_deeply_nested_js_is_inv000_or_clean(tmp_path, name):
    text = _js_prefilter_comment() + DEEP_JS[name]
    _proc, _doc, by_path = _check(tmp_path, {name: text})
    for finding in by_path.get(name, []):
        assert finding["code"] == "INV000", finding


# -- runs that cannot start --------------------------------------------------------------

def test_missing_path_is_one_line_exit_2(tmp_path):
    proc = run_cli("check", "missing/dir", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "invariant-lint: error: no such file or directory: missing/dir\n"


def test_directory_without_supported_files(tmp_path):
    write_tree(tmp_path, {"notes.txt": "hi\n", "data/x.json": "{}\n", "style.css": "a {}\n"})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 0
    assert "0 files" in proc.stdout
    proc, document = run_json(".", cwd=tmp_path)
    assert proc.returncode == 0
    assert document["summary"] == {"files": 0, "findings": 0, "by_code": {}}


def test_unknown_config_key(tmp_path):
    write_tree(tmp_path, {
        "setup.cfg": "[invariant-lint]\nerror-helperz = oops\n",
        "good.py": RAW_ERROR,
    })
    proc = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"invariant-lint: error: {tmp_path.resolve() / 'setup.cfg'}: "
        "unknown option 'error-helperz' in [invariant-lint]"
    ]


def test_js_syntax_error_found_by_a_project_wide_rule_is_reported(tmp_path):
    # Only INV712 (project-wide) wants this file; its parse failure must still surface.
    write_tree(tmp_path, {"broken.js": "clearInterval(timer);\nfunction ( {\n"})
    proc = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    codes = [(f["path"], f["line"], f["code"]) for f in json.loads(proc.stdout)["findings"]]
    assert codes == [("broken.js", 2, "INV000")]
    assert proc.returncode == 1


# -- huge files --------------------------------------------------------------------------

def test_huge_files_are_analysed_completely(tmp_path):
    # 3,000 handlers (15,000 lines) and 1,500 retried POSTs (7,500 lines of JS): every
    # finding is found, none is lost to a limit, and nothing is reported as too deep.
    handlers = "".join(
        f"async def handler_{n}(request):\n"
        f"    if request.query.get('id') is None:\n"
        f"        return web.json_response({{'error': 'missing id {n}'}}, status=400)\n"
        f"    return web.json_response({{'ok': {n}}})\n\n"
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
    _proc, _document, by_path = _check(tmp_path, {
        "huge.py": "from aiohttp import web\n\n\n" + handlers,
        "huge.js": retry + calls,
    })
    python_codes = [f["code"] for f in by_path["huge.py"]]
    # Each handler is an error response, and a renamed copy of the 2,999 others.
    assert python_codes.count("INV501") == 3000 and python_codes.count("INV301") == 3000
    assert len(python_codes) == 6000
    assert [f["code"] for f in by_path["huge.js"]] == ["INV701"] * 1500
