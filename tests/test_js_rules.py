"""The JS analyses (scopes, static values, requests, retries) and rule INV701, case by case.

Rule cases are written ESLint-style: ``VALID`` sources must give no finding, each
``INVALID`` source gives findings on exactly the lines marked ``// expect: INV701``.
Every rule case runs through ``tests/rule_harness.py`` (INV701 plus INV000), so a crash of
the rule fails the case; the analyses are unit-tested directly.
"""

from __future__ import annotations

import textwrap

import pytest

from js_rules.analyses.bindings import REST_KEY, ParameterRef, ScopeIndex
from js_rules.analyses.functions import definition_line, function_name, resolve_callee
from js_rules.parser import parse_js, walk
from js_rules.analyses.requests import (
    FETCH_SIGNATURE, RequestIndex, RequestSignature, request_endpoint, request_method,
)
from js_rules.analyses.retries import find_retries
from js_rules.analyses.retry_opt_outs import find_opt_outs
from js_rules.analyses.values import UNDEFINED, UNKNOWN, static_value, string_value
from js_rules.rules.retrying_mutation import RetryingMutation
from rule_harness import assert_marks, run_rule

RULE = RetryingMutation.code
DEFAULTS = RetryingMutation.settings_class.defaults()


def _program(code: str):
    program = parse_js(textwrap.dedent(code))
    return program, ScopeIndex(program)


def _nodes(program, node_type: str, **attributes):
    return [
        node for node in walk(program)
        if node.type == node_type and all(node.get(k) == v for k, v in attributes.items())
    ]


def _calls(program, callee_name: str):
    return [
        node for node in walk(program)
        if node.type == "CallExpression" and node.callee.type == "Identifier"
        and node.callee.name == callee_name
    ]


def _findings(code: str, settings: dict | None = None):
    """INV701's findings for ``code`` (dedented) in a JS file, through the harness."""
    return run_rule(RULE, code, settings=settings, filename="example.js")


# -- parser --------------------------------------------------------------------------------

def test_async_generator_method_parses_as_one_method():
    program = parse_js("class A { async *gen() { yield await fetch(x) } }")
    (class_body,) = _nodes(program, "ClassBody")
    assert [member.type for member in class_body.body] == ["MethodDefinition"]
    method = class_body.body[0]
    assert method.key.name == "gen"
    assert method.value.get("async") is True and method.value.generator is True
    (call,) = _calls(program, "fetch")
    assert call.parent.type == "AwaitExpression"


# -- bindings ------------------------------------------------------------------------------

def test_scopes_resolve_shadowing_and_block_scope():
    program, scopes = _program("""
        const method = 'POST';
        function f(method) { return method; }
        { const method = 'PUT'; use(method); }
        use(method);
    """)
    uses = [node.arguments[0] for node in _calls(program, "use")]
    assert scopes.resolve(uses[0]).init.value == "PUT"
    assert scopes.resolve(uses[1]).init.value == "POST"
    (returned,) = [node.argument for node in _nodes(program, "ReturnStatement")]
    assert scopes.resolve(returned).kind == "param"
    assert scopes.resolve(program.body[0].declarations[0].id).kind == "const"
    assert scopes.lookup("fetch", returned) is None


def test_parameter_refs_follow_destructuring():
    program, scopes = _program("""
        const request = (url, { retry = true, ...init } = {}, options) => {
            const { retries, ...rest } = options;
            return [url, retry, init, retries, rest];
        };
    """)
    (function,) = _nodes(program, "ArrowFunctionExpression")
    (array,) = _nodes(program, "ArrayExpression")
    refs = [scopes.parameter_of(element, function) for element in array.elements]
    assert refs == [
        ParameterRef(0, None), ParameterRef(1, "retry"), ParameterRef(1, REST_KEY),
        ParameterRef(2, "retries"), ParameterRef(2, REST_KEY),
    ]


def test_var_hoists_to_function_and_let_stays_in_block():
    program, scopes = _program("""
        function f() { if (x) { var a = 1; let b = 2; } return [a, b]; }
    """)
    (array,) = _nodes(program, "ArrayExpression")
    assert scopes.resolve(array.elements[0]).kind == "var"
    assert scopes.resolve(array.elements[1]) is None


# -- static values -------------------------------------------------------------------------

@pytest.mark.parametrize("expression, expected", [
    ("'POST'", "POST"),
    ("`PATCH`", "PATCH"),
    ("`/api/${ID}`", "/api/7"),
    ("BASE + '/queue'", "/distributed/queue"),
    ("METHODS.delete", "DELETE"),
    ("FROZEN['put']", "PUT"),
    ("ALIAS", "POST"),
    ("LET_METHOD", None),
    ("`/api/${someVariable}`", None),
    ("METHODS.missing ?? 'GET'", "GET"),
])
def test_string_value(expression, expected):
    program, scopes = _program(f"""
        const ID = 7;
        const BASE = '/distributed';
        const METHODS = {{ delete: 'DELETE' }};
        const FROZEN = Object.freeze({{ put: 'PUT', ...METHODS }});
        const POST = 'POST';
        const ALIAS = POST;
        let LET_METHOD = 'POST';
        probe({expression});
    """)
    (call,) = _calls(program, "probe")
    assert string_value(call.arguments[0], scopes) == expected


def test_static_values_of_other_kinds():
    program, scopes = _program("""
        const A = 1;
        const B = A;
        const C = B; const D = C;
        probe(false, null, undefined, -1, !0, D, /re/, someGlobal);
    """)
    (call,) = _calls(program, "probe")
    values = [static_value(argument, scopes) for argument in call.arguments]
    assert values == [False, None, UNDEFINED, -1, True, 1, UNKNOWN, UNKNOWN]


def test_cyclic_const_bindings_do_not_loop():
    program, scopes = _program("const a = b; const b = a; probe(a);")
    (call,) = _calls(program, "probe")
    assert static_value(call.arguments[0], scopes) is UNKNOWN


# -- requests ------------------------------------------------------------------------------

@pytest.mark.parametrize("options, expected", [
    ("", "GET"),
    (", {}", "GET"),
    (", { method: 'post' }", "POST"),
    (", { method: `Put` }", "PUT"),
    (", { method: DELETE_METHOD }", "DELETE"),
    (", { method: letMethod }", None),
    (", { method }", "PATCH"),
    (", options", None),
    (", { ...options }", None),
    (", { ...options, method: 'DELETE' }", "DELETE"),
    (", { method: 'DELETE', ...options }", None),
    (", { ...BASE_OPTIONS }", "POST"),
    (", undefined", "GET"),
])
def test_fetch_method(options, expected):
    program, scopes = _program(f"""
        const DELETE_METHOD = 'DELETE';
        const BASE_OPTIONS = {{ method: 'POST' }};
        let letMethod = 'POST';
        function go(options) {{
            const method = 'PATCH';
            return fetch('/x'{options});
        }}
    """)
    (call,) = _calls(program, "fetch")
    assert request_method(call, FETCH_SIGNATURE, scopes) == expected


def test_fetch_through_globals_but_not_local_functions():
    program, scopes = _program("""
        window.fetch('/a'); globalThis.fetch('/b');
        function local(fetch) { return fetch('/c'); }
    """)
    index = RequestIndex(program, scopes)
    assert [call.arguments[0].value for call, _ in index.request_calls()] == ["/a", "/b"]


def test_wrapper_signatures():
    program, scopes = _program("""
        const BASE = '/distributed';
        const request = (endpoint, options = {}) =>
            fetch(`${BASE}${endpoint}`, { headers: { Accept: 'application/json' }, ...options });
        const send = (method, endpoint, body) => request(endpoint, { method, body });
        const postJSON = (endpoint, data) => request(endpoint, { method: 'POST', body: data });
        const byOption = (endpoint, { method = 'GET', ...rest } = {}) =>
            fetch(endpoint, { method, ...rest });
        const orDefault = (endpoint, options) =>
            fetch(endpoint, { method: options.method ?? 'PUT' });
        const verb = (endpoint, method = 'post') => fetch(endpoint, { method });
        verb('/z');
        send('DELETE', '/workers/1');
        postJSON('/queue', {});
        byOption('/x', { method: 'patch' });
        orDefault('/y', {});
    """)
    index = RequestIndex(program, scopes)
    functions = {function_name(f): f for f in _nodes(program, "ArrowFunctionExpression")}
    assert index.signature_of(functions["request"]) == RequestSignature(0, 1, None, True, "GET")
    assert index.signature_of(functions["send"]) == RequestSignature(1, None, 0, False, "GET")
    assert index.signature_of(functions["postJSON"]).method_is_fixed
    assert index.signature_of(functions["byOption"]) == RequestSignature(0, 1, None, True, "GET")
    assert index.signature_of(functions["orDefault"]) == RequestSignature(0, 1, None, True, "PUT")
    methods = {}
    for call in program.body[-5:]:
        call = call.expression
        signature = index.signature_for_call(call)
        methods[call.callee.name] = (request_method(call, signature, scopes),
                                     request_endpoint(call, signature, scopes))
    assert methods == {
        "send": ("DELETE", "/workers/1"), "postJSON": ("POST", "/queue"),
        "byOption": ("PATCH", "/x"), "orDefault": ("PUT", "/y"), "verb": ("POST", "/z"),
    }


def test_resolve_callee_through_this_objects_and_instances():
    program, scopes = _program("""
        class Client {
            request() {}
            static create() {}
            field = () => this.request();
            run() { return this.request(); }
        }
        const api = { get() {}, run() { return this.get(); } };
        const client = new Client();
        client.request(); api.get(); Client.create(); Client.request(); unknown.request();
    """)
    resolved = [
        resolve_callee(call, scopes) for call in walk(program) if call.type == "CallExpression"
    ]
    names = [function_name(function) if function else None for function in resolved]
    assert names == ["request", "request", "get", "request", "get", "create", None, None]


# -- retries -------------------------------------------------------------------------------

def _retried_lines(code: str):
    program, scopes = _program(code)
    return [
        (construct.kind, construct.line, [call.line for call in construct.calls])
        for construct in find_retries(RequestIndex(program, scopes))
    ]


def test_retry_loop_needs_catch_that_goes_round_and_exit_on_success():
    assert _retried_lines("""
        async function a() {
            for (let i = 0; i < 3; i++) {
                try { return await fetch('/a'); } catch (e) { await sleep(1); }
            }
        }
        async function perItem(urls) {
            for (const url of urls) { try { await fetch(url); } catch (e) { log(e); } }
        }
        async function noCatch(urls) {
            for (const url of urls) { const r = await fetch(url); if (r.ok) return r; }
        }
        async function givesUp() {
            while (true) {
                try { return await fetch('/b'); } catch (e) { if (x) throw e; else return null; }
            }
        }
        async function flag() {
            let ok = false;
            while (!ok) { try { await fetch('/c'); ok = true; } catch { continue; } }
        }
        async function labelled() {
            outer: for (;;) {
                for (const h of hosts) { try { await fetch(h); break outer; } catch {} }
            }
        }
    """) == [("loop", 3, [4]), ("loop", 20, [20]), ("loop", 24, [24])]


def test_recursive_retry_from_catch_and_rejection_handler():
    assert _retried_lines("""
        async function send(url, init, retries = 2) {
            try {
                return await fetch(url, init);
            } catch (error) {
                if (!retries) throw error;
                return send(url, init, retries - 1);
            }
        }
        const again = (url, attempt = 0) => fetch(url).catch(() =>
            new Promise((resolve) => setTimeout(() => resolve(again(url, attempt + 1)), 10)));
        function notARetry(url) { return fetch(url).then((r) => notARetry(r.url)); }
    """) == [("recursion", 7, [4]), ("recursion", 11, [10])]


def test_opt_outs_of_parameters_patterns_and_options():
    program, scopes = _program("""
        const a = (url, options = {}, { retries = 3, retry = true } = {}) => {};
        function b(url, init, retries = 2) {}
        const c = (url, options) => { const { maxAttempts = 3, ...init } = options; };
        const d = (url, options) => options.retry;
        const e = (url, options) => {};
    """)
    keys = list(DEFAULTS.retry_opt_out_keys)
    found = {}
    for function in [*_nodes(program, "ArrowFunctionExpression"),
                     *_nodes(program, "FunctionDeclaration")]:
        found[function_name(function)] = [
            (o.param_index, o.keys, o.positional, sorted(o.flag_keys))
            for o in find_opt_outs(function, keys, scopes)
        ]
    assert found == {
        "a": [(2, ("retry", "retries"), False, ["retry"])],
        "b": [(2, ("retries",), True, [])],
        "c": [(1, ("maxAttempts",), False, [])],
        "d": [(1, ("retry",), False, [])],
        "e": [],
    }


# -- the rule ------------------------------------------------------------------------------

RETRYING_REQUEST = """
const request = async (endpoint, options = {}, { retries = 3, retry = true } = {}) => {
    const maxAttempts = retry ? retries : 1;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
        try {
            return await fetch(endpoint, options);
        } catch (error) {
            if (attempt === maxAttempts - 1) throw error;
        }
    }
};
const POST = 'POST';
let method = 'POST';
"""

VALID = [
    "request('/a');",
    "request('/a', { method: 'GET' });",
    "request('/a', { method: 'POST' }, { retry: false });",
    "request('/a', { method: 'POST' }, { retries: 1 });",
    "request('/a', { method: 'POST' }, { retries: 0 });",
    "request('/a', { method: POST }, { retry: !isRead });",
    "request('/a', { method: method });",
    "request('/a', { method: someParameter });",
    "const pass = (endpoint, options) => request(endpoint, options);",
    "const wrap = (endpoint, opts, retryOptions) => request(endpoint, opts, retryOptions);",
    "request('/a', { method: 'POST' }, ...rest);",
    "async function once() { try { await fetch('/a', { method: 'POST' }); } catch (e) {} }",
]

INVALID = [
    "request('/a', { method: 'POST' }); // expect: INV701",
    "request('/a', { method: 'post' }, {}); // expect: INV701",
    "request('/a', { method: POST }, { retry: true }); // expect: INV701",
    "request('/a', { method: `DELETE` }, { retries: 3 }); // expect: INV701",
    "request('/a', { method: 'PATCH' }, undefined); // expect: INV701",
    """
    const pass = (endpoint, options, retryOptions) => request(endpoint, options, retryOptions);
    pass('/a', { method: 'PUT' }); // expect: INV701
    pass('/a', { method: 'PUT' }, { retry: false });
    """,
    """
    async function inline() {
        while (true) {
            try {
                await fetch('/a', { method: 'DELETE' }); // expect: INV701
                break;
            } catch {}
        }
    }
    """,
]


@pytest.mark.parametrize("code", VALID)
def test_valid(code):
    assert _findings(RETRYING_REQUEST + code) == []


@pytest.mark.parametrize("code", INVALID)
def test_invalid(code):
    assert_marks(RULE, RETRYING_REQUEST + textwrap.dedent(code), filename="example.js")


def test_message_names_method_endpoint_function_and_opt_out():
    (finding,) = _findings(RETRYING_REQUEST + "request('/distributed/queue', { method: 'POST' });")
    assert finding.message == (
        "POST '/distributed/queue' through retrying 'request' (defined at line 2) may run "
        "twice on a transient error; pass { retry: false }"
    )
    assert (finding.line, finding.column) == (14, 0)


def test_message_of_inline_retry_points_at_fetch():
    (finding,) = _findings("""
        for (;;) {
            try { await fetch('/jobs', { method: 'DELETE' }); break; } catch (e) { log(e); }
        }
    """)
    assert (finding.line, finding.column) == (3, 16)
    assert finding.message.startswith("DELETE '/jobs' is retried by the retry loop at line 2")


def test_mutating_methods_option():
    code = RETRYING_REQUEST + (
        "request('/a', { method: 'POST' }); request('/b', { method: 'PURGE' });")
    assert [f.message.split()[0] for f in _findings(code)] == ["POST"]
    only_purge = _findings(code, {"mutating-methods": ["purge"]})
    assert [f.message.split()[0] for f in only_purge] == ["PURGE"]


def test_retry_opt_out_keys_option():
    code = """
        const request = async (url, options, { attemptLimit = 5 } = {}) => {
            for (;;) { try { return await fetch(url, options); } catch { await sleep(1); } }
        };
        request('/a', { method: 'POST' }, { attemptLimit: 4 });
        request('/b', { method: 'POST' }, { attemptLimit: 1 });
    """
    assert ["cannot turn its retries off" in f.message for f in _findings(code)] == [True, True]
    (finding,) = _findings(code, {"retry-opt-out-keys": ["attemptLimit"]})
    assert finding.line == 5 and finding.message.endswith("pass { attemptLimit: 1 }")


def test_definition_line_of_object_property():
    program, _ = _program("""
        const api = {
            request: async (url) => fetch(url),
        };
    """)
    (function,) = _nodes(program, "ArrowFunctionExpression")
    assert (function_name(function), definition_line(function)) == ("request", 3)


def test_rule_examples_behave_as_documented():
    assert len(_findings(RetryingMutation.bad_example)) == 1
    assert _findings(RetryingMutation.good_example) == []


def test_parse_error_is_inv000_through_the_engine():
    text = "const request = async (url) => {\n  fetch(url, { method: 'POST' );\n"
    findings = run_rule(RULE, text, filename="broken.js", expect_inv000=True)
    assert [(f.code, f.line) for f in findings] == [("INV000", 2)]
    assert findings[0].message.startswith("syntax error: ")
