"""Valid JavaScript that esprima2 rejects or misreads, worked around in ``js_rules/parser.py``.

Each case was met in npm code (or is the issue's): a file Node accepts must not be an
``INV000``, and its findings must be at the right line and column.  Rule-level cases go
through ``tests/rule_harness.py`` (INV711 plus INV000, failing on an unexpected INV000);
tree shapes and positions are checked on :func:`parse_js` directly.
"""

from __future__ import annotations

import textwrap

import esprima.parser
import pytest

from js_rules.parser import parse_js, walk
from lint_rules.failures import ParseFailure
from lint_rules.registry import PARSE_ERROR_CODE
from rule_harness import assert_marks, run_rule

# A leak INV711 reports wherever it is: a function nothing in the file calls runs whenever
# another module does (a top-level listener would be added once per page: no leak).
LEAK = "function open() { document.addEventListener('keydown', (e) => go(e)); }"
LEAK_COLUMN = 19  # 1-based column of `document` in LEAK


def _only(program, node_type: str):
    (node,) = [node for node in walk(program) if node.type == node_type]
    return node


def _positions(findings) -> list[tuple[int, int, str]]:
    """(line, 1-based column, code) of each finding."""
    return [(f.line, f.column + 1, f.code) for f in findings]


# -- CommonJS: a top-level return ---------------------------------------------------------

COMMONJS = """\
    'use strict';
    const config = require('./config');
    if (!config.enabled) return;
    // invariant-lint-disable-next-line INV711
    function onResize() { window.addEventListener('resize', () => fit()); }
    if (config.keys) {
        function onKeys() { document.addEventListener('keydown', (e) => go(e)); } // expect: INV711
    }
    module.exports = function () { if (!new.target) return; };
"""


@pytest.mark.parametrize("filename", ["leak.cjs", "leak.js"])
def test_commonjs_top_level_return_is_checked_at_the_right_place(filename):
    # the suppression on line 4 silences line 5 only: comments keep their lines too
    findings = assert_marks("INV711", COMMONJS, filename=filename)
    assert _positions(findings) == [(7, 25, "INV711")]


def test_commonjs_program_holds_the_top_level_statements():
    program = parse_js("if (a) return;\nx = 1;\n", module=False)
    assert [node.type for node in program.body] == ["IfStatement", "ExpressionStatement"]
    assert (program.body[1].line, program.body[1].column) == (2, 0)
    assert program.body[0].consequent.type == "ReturnStatement"


def test_a_commonjs_syntax_error_is_reported_where_it_is_not_at_the_return():
    text = "if (a) return;\nlet x = 1;\nfunction (\n"
    with pytest.raises(ParseFailure) as raised:
        parse_js(text)
    assert (raised.value.line, raised.value.column) == (3, 9)
    assert raised.value.message == "syntax error: Unexpected token ("
    # a module may not return: the module's error is the furthest one
    with pytest.raises(ParseFailure) as raised:
        parse_js("import x from 'y';\nreturn x;\n")
    assert raised.value.message == "syntax error: Illegal return statement"
    assert raised.value.line == 2


# -- tokens that span lines ---------------------------------------------------------------

def test_throw_of_a_multi_line_template_is_valid():
    code = """\
        function fail(x) {
            throw `bad
        value ${x}`;
        }
        function open() { document.addEventListener('keydown', (e) => go(e)); } // expect: INV711
    """
    findings = assert_marks("INV711", code, filename="throw.js")
    assert _positions(findings) == [(5, LEAK_COLUMN, "INV711")]


def test_throw_of_a_string_with_a_line_continuation_is_valid():
    program = parse_js("function f() {\n  throw 'a\\\nb';\n}\n")
    assert _only(program, "ThrowStatement").argument.value == "ab"


def test_yield_keeps_a_multi_line_template_argument():
    program = parse_js("function* g() { yield `a\nb`; }")
    assert _only(program, "YieldExpression").argument.type == "TemplateLiteral"
    assert [node.type for node in _only(program, "BlockStatement").body] == [
        "ExpressionStatement"]
    # a line break after a multi-line template still ends a statement
    assert [node.type for node in parse_js("x = `a\nb`\ny()\n").body] == [
        "ExpressionStatement"] * 2


def test_nodes_starting_with_a_multi_line_template_start_where_it_starts():
    program = parse_js("const s = `a\nbb`.trim();\nx = `q\nr\nt` + 1;\n")
    call = _only(program, "CallExpression")
    assert (call.line, call.column, call.end_line) == (1, 10, 2)
    assert (_only(program, "MemberExpression").line,
            _only(program, "MemberExpression").column) == (1, 10)
    binary = _only(program, "BinaryExpression")
    assert (binary.line, binary.column, binary.end_line) == (3, 4, 5)


# -- hashbang -----------------------------------------------------------------------------

@pytest.mark.parametrize("after", ["\n", "// the CLI\n", "/* the CLI */\n"])
def test_hashbang_followed_by_a_blank_line_or_a_comment(after):
    code = "#!/usr/bin/env node\n" + after + LEAK + " // expect: INV711\n"
    findings = assert_marks("INV711", code, filename="cli.js")
    assert _positions(findings) == [(3, LEAK_COLUMN, "INV711")]


def test_hashbang_is_not_a_comment():
    program = parse_js("#!/usr/bin/env node\n// real\nx = 1;\n")
    assert [comment.value for comment in program.comments] == [" real"]


# -- async methods, keyword fields, super in fields ---------------------------------------

def test_async_private_method_is_async():
    code = """\
        export const Loader = (base) => class extends base {
            async #load(path) { return await read(path); }
        };
    """
    program = parse_js(textwrap.dedent(code))
    method = _only(program, "MethodDefinition")
    assert method.key.type == "PrivateIdentifier" and method.key.name == "#load"
    assert method.value.get("async") is True and method.value.generator is False
    assert run_rule("INV711", code, filename="loader.js") == []


@pytest.mark.parametrize("member", [
    "async *gen() { yield await get(); }",
    "static async *[Symbol.asyncIterator]() { yield await get(); }",
    "async *#rows() { yield await get(); }",
])
def test_async_generator_class_methods_are_one_method(member):
    program = parse_js(f"function make() {{ return class {{ {member} }}; }}")
    (method,) = _only(program, "ClassBody").body
    assert method.type == "MethodDefinition" and method.kind == "method"
    assert method.value.get("async") is True and method.value.generator is True
    assert method.static is member.startswith("static")
    assert _only(program, "AwaitExpression").parent.type == "YieldExpression"
    # ``async`` before a line break is a field: no ``async`` method across lines
    program = parse_js(f"class A {{ async\n {member.replace('async ', '')} }}")
    assert [member.type for member in _only(program, "ClassBody").body] == [
        "PropertyDefinition", "MethodDefinition"]


def test_async_generator_method_in_an_object_literal():
    code = """\
        export function pMap(iterable) {
            return {
                async * [Symbol.asyncIterator]() { yield await iterable.next(); },
            };
        }
    """
    assert run_rule("INV711", code, filename="p-map.js") == []
    prop = _only(parse_js(textwrap.dedent(code)), "Property")
    assert prop.method is True and prop.computed is True
    assert prop.value.get("async") is True and prop.value.generator is True


@pytest.mark.parametrize("text", ["f({ async });", "o = { a, async };", "({ async = 1 } = o);"])
def test_async_shorthand_property(text):
    *_, prop = [node for node in walk(parse_js(text)) if node.type == "Property"]
    assert prop.shorthand is True and prop.key.name == "async"


def test_keyword_named_class_fields_and_super_in_initialisers():
    code = """\
        class Tag extends Base {
            class;
            static = 1;
            if = 2;
            static delete = 3;
            static params = ['save', ...super.params];
            label = super.label;
            static { this.ready = super.ready; }
            constructor(value) { super(); this.value = value; }
        }
    """
    assert run_rule("INV711", code, filename="tag.js") == []
    fields = [m for m in _only(parse_js(textwrap.dedent(code)), "ClassBody").body
              if m.type == "PropertyDefinition"]
    assert [(field.key.name, field.static) for field in fields] == [
        ("class", False), ("static", False), ("if", False), ("delete", True),
        ("params", True), ("label", False)]


# -- failures of esprima2 itself ----------------------------------------------------------

def test_an_esprima2_crash_is_one_inv000_not_a_rule_error(monkeypatch):
    def crash(self):
        raise AssertionError("Regular expression literal must start with a slash")

    monkeypatch.setattr(esprima.parser.Parser, "parseStatementListItem", crash)
    findings = run_rule("INV711", LEAK, filename="crash.js", expect_inv000=True)
    assert [(f.code, f.message) for f in findings] == [(
        PARSE_ERROR_CODE,
        "cannot parse: esprima2 failed: AssertionError: "
        "Regular expression literal must start with a slash")]
