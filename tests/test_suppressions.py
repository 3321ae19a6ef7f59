"""Inline suppressions: ``# noqa``, ``# pylint: disable=`` in Python and
``// invariant-lint-disable-line`` / ``-next-line`` in JavaScript."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helpers import RAW_ERROR, run_json, write_tree
from lint_rules.registry import all_codes, all_rules
from lint_rules.suppressions import ALL, is_suppressed, js_suppressions, python_suppressions

SYMBOLS = {"await-under-lock": "INV101", "raw-error-response": "INV501", "parse-error": "INV000"}


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
    assert python_suppressions(text, SYMBOLS).get(1, set()) == codes


def test_python_noqa_inside_a_string_is_not_a_comment():
    text = 'x = "# noqa"\ny = 2  # noqa: INV501\n'
    assert python_suppressions(text, SYMBOLS) == {2: {"INV501"}}


def test_python_suppressions_survive_broken_source():
    text = 'x = (\ny = 2  # noqa: INV501\n'  # unterminated bracket: tokenize fails
    assert python_suppressions(text, SYMBOLS) == {2: {"INV501"}}


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
    proc, document = run_json("--select", "INV501", ".", cwd=tmp_path)
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
    write_tree(tmp_path, {"routes.py": text})
    _proc, document = run_json("--select", "INV501", ".", cwd=tmp_path)
    # The finding is on the call's first line; noqa on its other lines does not reach it.
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(3, "INV501")]


def test_parse_errors_are_not_silenced_by_noqa(tmp_path):
    write_tree(tmp_path, {"broken.py": "def f(:  # noqa\n    pass\n"})
    _proc, document = run_json(".", cwd=tmp_path)
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(1, "INV000")]


# -- JavaScript, unit (fake esprima comment objects) -------------------------------------

def _comment(value: str, start: int, end: int | None = None):
    position = SimpleNamespace
    return SimpleNamespace(
        value=value,
        loc=SimpleNamespace(start=position(line=start, column=0),
                            end=position(line=end or start, column=len(value))),
    )


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
    assert js_suppressions([_comment(value, line)]) == expected


def test_js_block_comment_next_line_counts_from_its_end():
    comments = [
        _comment(" invariant-lint-disable-next-line INV701\n   because: reasons ", 3, 4),
        _comment(" invariant-lint-disable-line INV711 ", 9),
        _comment(" invariant-lint-disable-next-line INV712", 9),
    ]
    assert js_suppressions(comments) == {5: {"INV701"}, 9: {"INV711"}, 10: {"INV712"}}


def test_js_suppression_from_a_real_parse():
    from js_rules.parser import parse_js

    program = parse_js(
        "// invariant-lint-disable-next-line INV701\n"
        "a();\n"
        "b(); // invariant-lint-disable-line INV711\n"
        "/* invariant-lint-disable-line */ c();\n"
    )
    assert js_suppressions(program.comments) == {2: {"INV701"}, 3: {"INV711"}, 4: {ALL}}


# -- JavaScript, end to end (every JS rule, on its own bad example) ----------------------

JS_RULES = sorted(code for code, rule in all_rules().items() if rule.language == "js")


def _js_findings(tmp_path, name: str, text: str) -> list[tuple[int, str]]:
    write_tree(tmp_path, {name: text})
    _proc, document = run_json(name, cwd=tmp_path)
    return [(f["line"], f["code"]) for f in document["findings"] if f["path"] == name]


@pytest.mark.parametrize("code", JS_RULES)
def test_js_suppression_end_to_end(tmp_path, code):
    rule = all_rules()[code]
    lines = rule.bad_example.strip("\n").splitlines()
    found = _js_findings(tmp_path, "bad.js", "\n".join(lines) + "\n")
    flagged = sorted({line for line, found_code in found if found_code == code})
    assert flagged, f"{code}'s bad example has no {code} finding"

    # disable-line with the rule's code, on every flagged line: nothing left.
    same_line = list(lines)
    for line in flagged:
        same_line[line - 1] += f" // invariant-lint-disable-line {code}"
    assert code not in {c for _, c in _js_findings(tmp_path, "a.js", "\n".join(same_line))}

    # ... with another code: still reported.
    other = list(lines)
    for line in flagged:
        other[line - 1] += " // invariant-lint-disable-line INV999"
    assert {ln for ln, c in _js_findings(tmp_path, "b.js", "\n".join(other)) if c == code} \
        == set(flagged)

    # disable-next-line on the line before each flagged line: nothing left.
    next_line = []
    for number, text in enumerate(lines, 1):
        if number in flagged:
            indent = text[: len(text) - len(text.lstrip())]
            next_line.append(f"{indent}// invariant-lint-disable-next-line {code}")
        next_line.append(text)
    assert code not in {c for _, c in _js_findings(tmp_path, "c.js", "\n".join(next_line))}


def test_every_code_is_suppressible_by_symbol():
    symbols = {info.symbol: info.code for info in all_codes()}
    for symbol, code in symbols.items():
        text = f"x = 1  # pylint: disable={symbol}\n"
        assert python_suppressions(text, symbols) == {1: {code}}
