"""Inline suppressions: ``# noqa``, ``# pylint: disable=`` in Python and
``// invariant-lint-disable-line`` / ``-next-line`` in JavaScript."""

from __future__ import annotations

import pytest

from helpers import ERROR_HELPER_MODULE, RAW_ERROR, run_json, write_tree
from lint_rules.languages import Comment
from lint_rules.registry import all_codes, all_rules
from lint_rules.sources import load_source
from lint_rules.suppressions import ALL, is_suppressed, js_suppressions, python_suppressions
from rule_harness import run_rule

SYMBOLS = {"await-under-lock": "INV101", "raw-error-response": "INV501", "parse-error": "INV000"}


def _comments(text: str, filename: str = "snippet.py") -> list[Comment]:
    """The comments of ``text`` as the engine reads them (the file's language plugin)."""
    return load_source(filename, text.encode("utf-8")).comments()


def _python(text: str, symbols: dict[str, str] = SYMBOLS) -> dict[int, set[str]]:
    return python_suppressions(_comments(text), symbols)


# -- Python, unit ------------------------------------------------------------------------

@pytest.mark.parametrize("comment, codes", [
    ("# noqa", {ALL}),
    ("# NOQA", {ALL}),
    ("#noqa", {ALL}),
    ("# noqa: INV501", {"INV501"}),
    ("# noqa:INV501", {"INV501"}),
    ("# noqa: INV101,INV501", {"INV101", "INV501"}),
    ("# noqa: E501, INV501", {"E501", "INV501"}),
    ("# noqa: inv501", {"INV501"}),
    ("# pylint: disable=raw-error-response", {"INV501"}),
    ("# pylint: disable=await-under-lock, raw-error-response", {"INV101", "INV501"}),
    ("# pylint: disable=all", {ALL}),
    ("# pylint: disable=INV501", {"INV501"}),
    ("# pylint: disable=line-too-long", set()),
    ("# type: ignore", set()),
    ("# a note about noqa-less code", set()),
])
def test_python_comment_forms(comment, codes):
    text = f"x = 1  {comment}\n"
    assert _python(text).get(1, set()) == codes


def test_python_noqa_inside_a_string_is_not_a_comment():
    text = 'x = "# noqa"\ny = 2  # noqa: INV501\n'
    assert _python(text) == {2: {"INV501"}}


def test_python_suppressions_survive_broken_source():
    text = 'x = (\ny = 2  # noqa: INV501\n'  # unterminated bracket: tokenize fails
    assert _python(text) == {2: {"INV501"}}


def test_is_suppressed():
    suppressed = {3: {"INV501"}, 5: {ALL}}
    assert is_suppressed(suppressed, 3, "INV501")
    assert not is_suppressed(suppressed, 3, "INV101")
    assert not is_suppressed(suppressed, 4, "INV501")
    assert is_suppressed(suppressed, 5, "INV701")


# -- Python, end to end (INV501 through the CLI) -----------------------------------------

def _line3(comment: str) -> str:
    lines = RAW_ERROR.splitlines()
    lines[2] += "  " + comment
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("comment, reported", [
    ("", True),
    ("# noqa", False),
    ("# noqa: INV501", False),
    ("# noqa:INV501,INV101", False),
    ("# noqa: INV101", True),          # another code: not suppressed
    ("# noqa: INV5", True),            # codes are exact, not prefixes
    ("# pylint: disable=raw-error-response", False),
    ("# pylint: disable=await-under-lock", True),
    ("# pylint: disable=all", False),
])
def test_python_suppression_end_to_end(tmp_path, comment, reported):
    write_tree(tmp_path, {"routes.py": _line3(comment)})
    proc, document = run_json("--select", "INV501,INV000", ".", cwd=tmp_path)
    codes = [(f["line"], f["code"]) for f in document["findings"]]
    assert codes == ([(3, "INV501")] if reported else [])
    assert proc.returncode == (1 if reported else 0)


def test_python_suppression_applies_to_the_reported_line_only(tmp_path):
    text = (
        "from aiohttp import web  # noqa\n"
        "async def h(r):\n"
        "    return web.json_response(\n"
        '        {"error": "x"},  # noqa: INV501\n'
        "        status=400,\n"
        "    )  # noqa\n"
        "async def g(r):\n"
        '    return web.json_response({"error": "y"}, status=409)  # noqa: INV501\n'
    )
    write_tree(tmp_path, {"routes.py": text, "errors.py": ERROR_HELPER_MODULE})
    _proc, document = run_json("--select", "INV501,INV000", ".", cwd=tmp_path)
    # The finding is on the call's first line; noqa on its other lines does not reach it.
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(3, "INV501")]


def test_parse_errors_are_not_silenced_by_noqa(tmp_path):
    write_tree(tmp_path, {"broken.py": "def f(:  # noqa\n    pass\n"})
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(1, "INV000")]


# -- JavaScript, unit (Comment records as the JS plugin reads them) ---------------------

def _comment(text: str, start: int, end: int | None = None) -> Comment:
    return Comment(start, end or start, text)


@pytest.mark.parametrize("value, line, expected", [
    (" invariant-lint-disable-line INV701", 4, {4: {"INV701"}}),
    (" invariant-lint-disable-line", 4, {4: {ALL}}),
    (" invariant-lint-disable-line INV701, INV711", 4, {4: {"INV701", "INV711"}}),
    (" invariant-lint-disable-line inv701", 4, {4: {"INV701"}}),
    (" invariant-lint-disable-next-line INV701", 4, {5: {"INV701"}}),
    (" invariant-lint-disable-next-line", 4, {5: {ALL}}),
    (" invariant-lint-disable-line ", 4, {4: {ALL}}),
    (" invariant-lint-disable-line INV701 -- the retry is idempotent", 4, {4: {"INV701"}}),
    (" invariant-lint-disable-line until the refactor lands", 4, {4: {ALL}}),
    (" eslint-disable-line no-console", 4, {}),
    (" invariant-lint-disabled INV701", 4, {}),
])
def test_js_comment_forms(value, line, expected):
    assert js_suppressions([_comment(value, line)], SYMBOLS) == expected


def test_js_block_comment_next_line_counts_from_its_end():
    comments = [
        _comment(" invariant-lint-disable-next-line INV701\n   because: reasons ", 3, 4),
        _comment(" invariant-lint-disable-line INV711 ", 9),
        _comment(" invariant-lint-disable-next-line INV712", 9),
    ]
    assert js_suppressions(comments, SYMBOLS) == {5: {"INV701"}, 9: {"INV711"}, 10: {"INV712"}}


def test_js_suppression_from_a_real_parse():
    comments = _comments(
        "// invariant-lint-disable-next-line INV701\n"
        "a();\n"
        "b(); // invariant-lint-disable-line INV711\n"
        "/* invariant-lint-disable-line */ c();\n"
        "/* invariant-lint-disable-next-line INV712\n   spans two lines */\n"
        "d();\n",
        filename="app.js",
    )
    assert [(c.line, c.end_line) for c in comments] == [(1, 1), (3, 3), (4, 4), (5, 6)]
    assert js_suppressions(comments, SYMBOLS) == {
        2: {"INV701"}, 3: {"INV711"}, 4: {ALL}, 7: {"INV712"}}


# -- JavaScript, through the engine (every JS rule, on its own bad example) --------------

JS_RULES = sorted(code for code, rule in all_rules().items() if rule.language == "js")


def _js_lines(tmp_path, code: str, name: str, lines: list[str]) -> set[int]:
    """Lines where ``code`` is reported in a JS file of ``lines`` (the rule harness: its
    code plus INV000, failing on an INV000)."""
    findings = run_rule(code, "\n".join(lines) + "\n", filename=name, directory=tmp_path)
    return {f.line for f in findings if f.code == code}


@pytest.mark.parametrize("code", JS_RULES)
def test_js_suppression_end_to_end(tmp_path, code):
    rule = all_rules()[code]
    # One project, with an API client module (INV703 reports only in such a project).
    write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n",
                          "apiClient.js": "export const get = (u) => fetch(u);\n"})
    lines = rule.bad_example.strip("\n").splitlines()
    flagged = sorted(_js_lines(tmp_path, code, "bad.js", lines))
    assert flagged, f"{code}'s bad example has no {code} finding"

    # disable-line with the rule's code, on every flagged line: nothing left.
    same_line = list(lines)
    for line in flagged:
        same_line[line - 1] += f" // invariant-lint-disable-line {code}"
    assert _js_lines(tmp_path, code, "a.js", same_line) == set()

    # ... with another code: still reported.
    other = list(lines)
    for line in flagged:
        other[line - 1] += " // invariant-lint-disable-line INV999"
    assert _js_lines(tmp_path, code, "b.js", other) == set(flagged)

    # disable-next-line on the line before each flagged line: nothing left.
    next_line = []
    for number, text in enumerate(lines, 1):
        if number in flagged:
            indent = text[: len(text) - len(text.lstrip())]
            next_line.append(f"{indent}// invariant-lint-disable-next-line {code}")
        next_line.append(text)
    assert _js_lines(tmp_path, code, "c.js", next_line) == set()


def test_every_code_is_suppressible_by_symbol():
    symbols = {info.symbol: info.code for info in all_codes()}
    for symbol, code in symbols.items():
        text = f"x = 1  # pylint: disable={symbol}\n"
        assert _python(text, symbols) == {1: {code}}
