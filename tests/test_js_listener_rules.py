"""INV702 missing-idempotency-key, INV711 unremoved-listener and INV712 uncleared-interval,
and the JS analyses behind them (headers, DOM creation, listener pairing, teardown, timers).

Rule cases are written ESLint-style: each ``VALID`` source gives no finding of the rule,
each ``INVALID`` source gives findings on exactly the lines marked ``// expect: CODE``.
Every case runs through ``tests/rule_harness.py``: the rule's code plus INV000, so a rule
that crashes fails the case instead of looking clean.  INV712 is project-wide; a single
file is a project of one (``run_rule``), the cross-file cases use ``run_project``.
"""

from __future__ import annotations

import textwrap
from collections import Counter

import pytest

from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.dom import DomIndex
from js_rules.analyses.headers import endpoint_matches, sends_header
from js_rules.parser import parse_js, walk
from js_rules.analyses.references import reference_key
from js_rules.rules.missing_idempotency_key import MissingIdempotencyKey
from js_rules.rules.uncleared_interval import UnclearedInterval
from js_rules.rules.unremoved_listener import UnremovedListener
from js_rules.analyses.timers import interval_sites
from js_rules.analyses.values import UNKNOWN
from lint_rules.config import build_config
from lint_rules.engine import Engine, check_file
from lint_rules.registry import PARSE_ERROR_CODE
from rule_harness import assert_marks, run_project, run_rule


def _findings(rule_code: str, code: str, settings: dict | None = None):
    """Findings of ``rule_code`` (and INV000) for ``code`` in one JS file."""
    return run_rule(rule_code, code, settings=settings, filename="case.js")


def _program(code: str):
    program = parse_js(textwrap.dedent(code))
    return program, ScopeIndex(program)


def _calls(program, name: str):
    return [
        node for node in walk(program)
        if node.type == "CallExpression" and node.callee.type == "Identifier"
        and node.callee.name == name
    ]


# == INV702 missing-idempotency-key ========================================================

POST_QUEUE = "fetch('/distributed/queue', { method: 'POST', headers: "

INV702_VALID = [
    # the plan's queueDistributed, with the conditional spread
    """
    const request = (endpoint, options = {}) => fetch(endpoint, options);
    export const queueDistributed = (payload) =>
        request('/distributed/queue', {
            method: 'POST',
            headers: {
                'Content-Type': 'application/json',
                ...(payload.trace_execution_id
                    ? { 'X-Idempotency-Key': payload.trace_execution_id }
                    : {}),
            },
            body: JSON.stringify(payload),
        }, { retry: false });
    """,
    # other endpoints, reads of the queue, and near-miss paths
    "fetch('/distributed/launch_worker', { method: 'POST' });",
    "fetch('/distributed/queue');",
    "fetch('/distributed/queue', { method: 'GET' });",
    "fetch('/distributed/queue/clear', { method: 'POST' });",
    "fetch('/distributed/queued', { method: 'POST' });",
    # the header in every accepted shape
    "fetch('/distributed/queue', { method: 'POST', headers: { 'x-idempotency-key': k } });",
    "fetch('/distributed/queue', { method: 'POST', headers: { ['X-Idempotency-Key']: k } });",
    "const H = 'X-Idempotency-Key'; " + POST_QUEUE + "{ [H]: k } });",
    POST_QUEUE + "{ ...(k && { 'X-Idempotency-Key': k }) } });",
    POST_QUEUE + "new Headers({ 'X-Idempotency-Key': k }) });",
    POST_QUEUE + "new Headers([['X-Idempotency-Key', k]]) });",
    """
    const headers = new Headers();
    headers.set('X-Idempotency-Key', k);
    fetch('/distributed/queue', { method: 'POST', headers });
    """,
    """
    const headers = { 'Content-Type': 'application/json' };
    headers['X-Idempotency-Key'] = k;
    fetch('/distributed/queue', { method: 'POST', headers });
    """,
    "const BASE = { 'X-Idempotency-Key': k }; " + POST_QUEUE + "{ ...BASE } });",
    POST_QUEUE + "k ? { 'X-Idempotency-Key': k } : {} });",
    # headers we cannot see are not reported
    "function q(headers) { return fetch('/distributed/queue', { method: 'POST', headers }); }",
    "fetch('/distributed/queue', { method: 'POST', headers: makeHeaders() });",
    "fetch('/distributed/queue', { method: 'POST', headers: { ...extra } });",
    "function q(options) { return fetch('/distributed/queue', { method: 'POST', ...options }); }",
    # a method that cannot be known
    "function q(method) { return fetch('/distributed/queue', { method }); }",
    # a helper that always adds the header
    """
    const submit = (url, payload) => fetch(url, {
        method: 'POST',
        headers: { 'X-Idempotency-Key': payload.id },
        body: JSON.stringify(payload),
    });
    submit('/distributed/queue', job);
    """,
    # an endpoint whose static tail is not the queue
    "fetch(`/distributed/queue/${id}`, { method: 'DELETE' });",
]

INV702_INVALID = [
    """
    const request = (endpoint, options = {}) => fetch(endpoint, options);
    request('/distributed/queue', { // expect: INV702
        method: 'POST',
        body: JSON.stringify(payload),
    });
    """,
    "fetch('/distributed/queue', { method: 'post' }); // expect: INV702",
    "fetch(`${origin}/distributed/queue`, { method: 'PUT', headers: {} }); // expect: INV702",
    "fetch(origin + '/distributed/queue?x=1', { method: 'POST' }); // expect: INV702",
    "fetch('https://host:8188/distributed/queue/', { method: 'DELETE' }); // expect: INV702",
    "const Q = '/distributed/queue';\n"
    "fetch(Q, { method: 'PATCH', headers: null }); // expect: INV702",
    """
    const headers = new Headers({ 'Content-Type': 'application/json' });
    headers.append('Accept', 'application/json');
    fetch('/distributed/queue', { method: 'POST', headers }); // expect: INV702
    """,
    """
    const JSON_HEADERS = { 'Content-Type': 'application/json' };
    fetch('/distributed/queue', { method: 'POST', headers: { ...JSON_HEADERS } }); // expect: INV702
    """,
    # a helper that fixes the method: the finding is at the helper's caller
    """
    const post = (url, body) => fetch(url, { method: 'POST', body });
    post('/distributed/queue', job); // expect: INV702
    """,
    # a helper that fixes the endpoint: the finding is at the fetch inside it
    """
    const q = (j) => fetch('/distributed/queue', { method: 'POST', body: j }); // expect: INV702
    q(job);
    """,
]


def test_inv702_options():
    code = """
        fetch('/distributed/queue', { method: 'POST', headers: { 'X-Request-Id': id } });
        fetch('/api/jobs', { method: 'POST', headers: { 'X-Idempotency-Key': id } });
        fetch('/api/jobs', { method: 'PURGE' });
    """
    found = _findings("INV702", code)
    assert [f.line for f in found] == [2]
    found = _findings("INV702", code, {
        "idempotent-endpoints": ["/api/jobs"], "idempotency-header": "x-request-id",
        "mutating-methods": ["PURGE"],
    })
    assert [f.line for f in found] == [4]


def test_inv702_message_and_position():
    (finding,) = _findings("INV702", "x;\n  fetch('/distributed/queue', { method: 'POST' });\n")
    assert (finding.line, finding.column) == (2, 2)
    assert finding.message.startswith(
        "POST '/distributed/queue' is sent without the 'X-Idempotency-Key' header")


@pytest.mark.parametrize("url, expected", [
    ("'/distributed/queue'", "/distributed/queue"),
    ("'/distributed/queue/'", "/distributed/queue"),
    ("'/distributed/queue?a=1#x'", "/distributed/queue"),
    ("'http://h:1/distributed/queue'", "/distributed/queue"),
    ("`${base}/distributed/queue`", "/distributed/queue"),
    ("`${base}/distributed${SUB}`", "/distributed/queue"),
    ("base + '/distributed/queue'", "/distributed/queue"),
    ("'distributed/queue'", None),
    ("'/x/distributed/queue'", None),
    ("`${base}/distributed/queue/${id}`", None),
    ("`${base}`", None),
    ("url", None),
])
def test_endpoint_matches(url, expected):
    program, scopes = _program(f"const SUB = '/queue'; probe({url});")
    (call,) = _calls(program, "probe")
    assert endpoint_matches(call.arguments[0], ["/distributed/queue"], scopes) == expected


@pytest.mark.parametrize("headers, expected", [
    ("{ 'X-Idempotency-Key': 1 }", True),
    ("{ a: 1 }", False),
    ("{ a: 1, ...other }", UNKNOWN),
    ("{ ...(c ? { 'x-idempotency-key': 1 } : {}) }", True),
    ("new Headers()", False),
    ("param", UNKNOWN),
    ("undefined", False),
])
def test_sends_header(headers, expected):
    program, scopes = _program(f"function f(param) {{ probe({headers}); }}")
    (call,) = _calls(program, "probe")
    assert sends_header(call.arguments[0], "X-Idempotency-Key", scopes) is expected


@pytest.mark.parametrize("rule", [MissingIdempotencyKey, UnremovedListener, UnclearedInterval],
                         ids=lambda rule: rule.code)
def test_rule_examples(rule):
    assert len(_findings(rule.code, rule.bad_example)) == 1
    assert _findings(rule.code, rule.good_example) == []


# == INV711 unremoved-listener =============================================================

INV711_VALID = [
    # added once per page: the module's top level, a top-level loop, an IIFE
    "document.addEventListener('keydown', (e) => go(e));",
    "for (const e of ['a', 'b']) window.addEventListener(e, () => fit());",
    "(() => { window.addEventListener('resize', () => fit()); })();",
    # a function only the top level calls, and a singleton's constructor
    "function wire() { window.addEventListener('blur', () => 1); }\nwire();",
    "class Bar { constructor() { api.addEventListener('status', () => this.x()); } x() {} }\n"
    "const bar = new Bar();",
    # ComfyUI's once-per-page extension hooks (the run-once-hooks option)
    "app.registerExtension({ setup() { api.addEventListener('x', () => 1); } });",
    "const ext = { async init() { document.addEventListener('paste', () => 1); } };\n"
    "app.registerExtension(ext);",
    # a handed-in element with no teardown: it may die with the handler
    "function f(el) { el.addEventListener('click', () => 1); }",
    # { once: true }, also through a const
    "document.addEventListener('click', () => hide(), { once: true });",
    "const ONCE = { once: true }; window.addEventListener('blur', () => hide(), ONCE);",
    # an AbortController aborted on the only teardown path
    """
    function open() {
        const controller = new AbortController();
        const panel = document.createElement('div');
        document.addEventListener('keydown', (e) => e, { signal: controller.signal });
        panel.addEventListener('click', () => { controller.abort(); panel.remove(); });
    }
    """,
    # a signal from elsewhere, or one that aborts itself
    "function f(signal) { window.addEventListener('resize', () => 1, { signal }); }",
    "document.addEventListener('x', () => 1, { signal: AbortSignal.timeout(1000) });",
    # elements created here, however reached
    "const el = document.createElement('div'); el.addEventListener('click', () => go());",
    "document.createElement('button').addEventListener('click', () => go());",
    "const row = tpl.content.cloneNode(true);\n"
    "row.querySelector('b').addEventListener('click', () => 1);",
    "const s = new WebSocket(url); s.addEventListener('message', (e) => show(e.data));",
    """
    function build() {
        const t = document.createElement('template');
        return t.content.firstElementChild;
    }
    const card = build();
    card.addEventListener('click', () => 1);
    """,
    """
    const card = document.createElement('div');
    card.querySelectorAll('button').forEach((b) => b.addEventListener('click', () => 1));
    for (const input of card.querySelectorAll('input')) input.addEventListener('change', () => 1);
    """,
    """
    class Card {
        constructor() { this.el = document.createElement('div'); }
        render() { this.el.addEventListener('click', () => this.pick()); }
        pick() {}
    }
    """,
    """
    class Card {
        el = document.createElement('div');
        render() { this.el.addEventListener('click', () => this.pick()); }
        pick() {}
    }
    """,
    # an element the code removes itself is discarded with its listeners
    """
    function show() {
        const overlay = document.querySelector('#overlay');
        overlay.addEventListener('click', () => overlay.remove());
    }
    """,
    # removed on every teardown path, directly or through a call
    """
    function show() {
        const modal = document.createElement('div');
        const onKey = (e) => { if (e.key === 'Escape') close(); };
        function close() { document.removeEventListener('keydown', onKey); modal.remove(); }
        document.addEventListener('keydown', onKey);
        modal.addEventListener('click', close);
    }
    """,
    """
    class Panel {
        mount() { window.addEventListener('resize', this.onResize); }
        destroy() { this.detach(); }
        detach() { window.removeEventListener('resize', this.onResize); }
        onResize() {}
    }
    """,
    # the same capture flag, written two ways
    """
    function f() {
        const h = () => 1;
        document.addEventListener('scroll', h, true);
        document.removeEventListener('scroll', h, { capture: true });
    }
    """,
    # an object listening to itself
    """
    class WorkerBadge extends HTMLElement {
        connectedCallback() { this.addEventListener('click', () => this.toggle()); }
        toggle() {}
    }
    """,
    # deleting a row of a list the function built is not closing the list
    """
    function renderList(items) {
        const panel = document.createElement('div');
        const onResize = () => fit(panel);
        document.body.append(panel);
        window.addEventListener('resize', onResize);
        for (const item of items) {
            const row = document.createElement('div');
            row.textContent = item.name;
            panel.append(row);
            row.addEventListener('click', () => row.remove());
        }
        panel.querySelector('.close').addEventListener('click', () => {
            window.removeEventListener('resize', onResize);
            panel.remove();
        });
    }
    """,
    # no teardown: a module-level function or a method is added once per target
    "function onUnload() {} window.addEventListener('beforeunload', onUnload);",
    "const o = { install() { document.addEventListener('keydown', this.handle); }, handle() {} };",
    # a handler the caller passes in is the caller's business
    "export function on(event, handler) { window.addEventListener(event, handler); }",
    # a closure per call that is removed somewhere
    """
    function drag() {
        const move = (e) => e;
        document.addEventListener('pointermove', move);
        const up = () => document.removeEventListener('pointermove', move);
        document.addEventListener('pointerup', up, { once: true });
    }
    """,
    # a teardown-named sibling that removes it, with a custom name
    """
    export function createTooltip() {
        let handler = null;
        function show() { handler = () => hide(); window.addEventListener('scroll', handler); }
        function hide() { window.removeEventListener('scroll', handler); }
        return { show, hide };
    }
    """,
]

INV711_INVALID = [
    # in an exported function: it runs whenever an importer calls it
    "export function open() {\n"
    "  document.addEventListener('keydown', (e) => go(e)); // expect: INV711\n}",
    "export function open() {\n"
    "  window.addEventListener('resize', function () { fit(); }); // expect: INV711\n}",
    "export class A { open() {\n"
    "  document.body.addEventListener('drop', this.onDrop.bind(this)); // expect: INV711\n} }",
    "export function f() {\n"
    "  document.getElementById('x').addEventListener('click', () => 1); // expect: INV711\n}",
    "export function f() { const el = document.createElement('a');\n"
    "el.parentElement.addEventListener('x', () => 1); } // expect: INV711",
    # a handed-in element, in a component that has a teardown: the element outlives it
    "export class A {\n"
    "  mount(el) { el.addEventListener('click', () => 1); } // expect: INV711\n"
    "  destroy() {}\n}",
    # run-once code, but the handler adds listeners each time it runs
    "button.addEventListener('click', () => {\n"
    "  document.addEventListener('keyup', () => go()); // expect: INV711\n});",
    # a singleton's class that is also exported: importers may make more of them
    "class Bar { constructor() {\n"
    "  api.addEventListener('status', () => this.x()); // expect: INV711\n"
    "} x() {} }\nconst bar = new Bar();\nexport { Bar };",
    # a function called from once-run code and also passed as a value
    "function wire() { window.addEventListener('blur', () => 1); } // expect: INV711\n"
    "wire(); button.onclick = wire;",
    # the plan's log modal: Escape removes it, the backdrop does not
    """
    function showLogModal() {
        const modal = document.createElement('div');
        const handleEscape = (e) => {
            if (e.key !== 'Escape') return;
            modal.remove();
            document.removeEventListener('keydown', handleEscape);
        };
        document.addEventListener('keydown', handleEscape); // expect: INV711
        modal.querySelector('.backdrop').addEventListener('click', () => modal.remove());
    }
    """,
    # a teardown method that forgets it
    """
    class Panel {
        mount() { window.addEventListener('resize', this.onResize); } // expect: INV711
        unmount() { this.el = null; }
        onResize() {}
    }
    """,
    # removed with a different handler, target, event or capture flag
    """
    class Panel {
        mount() {
            window.addEventListener('resize', this.onResize); // expect: INV711
            window.addEventListener('scroll', this.onScroll); // expect: INV711
            document.addEventListener('keyup', this.onKey); // expect: INV711
            document.addEventListener('wheel', this.onWheel, true); // expect: INV711
        }
        destroy() {
            window.removeEventListener('resize', this.onScroll);
            document.removeEventListener('scroll', this.onScroll);
            document.removeEventListener('keydown', this.onKey);
            document.removeEventListener('wheel', this.onWheel);
        }
    }
    """,
    # a closure made per call and never removed
    """
    function watch(dialog) {
        const onKey = () => dialog.close();
        document.addEventListener('keydown', onKey); // expect: INV711
    }
    """,
    # an AbortController that one teardown path does not abort
    """
    function open() {
        const controller = new AbortController();
        const menu = document.createElement('div');
        const close = () => { controller.abort(); menu.remove(); };
        const options = { signal: controller.signal };
        document.addEventListener('click', () => close(), options); // expect: INV711
        menu.addEventListener('dblclick', () => menu.remove());
    }
    """,
]


def _cases(rule_code: str, codes: list[str]) -> list:
    return [pytest.param(rule_code, code, id=f"{rule_code}-{n}") for n, code in enumerate(codes)]


# ESLint-style valid/invalid cases of the per-file rules; INV712 (project-wide) follows.
PER_FILE_VALID = _cases("INV702", INV702_VALID) + _cases("INV711", INV711_VALID)
PER_FILE_INVALID = _cases("INV702", INV702_INVALID) + _cases("INV711", INV711_INVALID)


@pytest.mark.parametrize("rule_code, code", PER_FILE_VALID)
def test_per_file_valid(rule_code, code):
    assert _findings(rule_code, code) == []


@pytest.mark.parametrize("rule_code, code", PER_FILE_INVALID)
def test_per_file_invalid(rule_code, code):
    assert_marks(rule_code, code, filename="case.js")


def test_inv711_message_names_target_event_handler_and_path():
    code = """
        function showLogModal() {
            const modal = document.createElement('div');
            const handleEscape = (e) => {
                if (e.key !== 'Escape') return;
                modal.remove();
                document.removeEventListener('keydown', handleEscape);
            };
            document.addEventListener('keydown', handleEscape);
            modal.querySelector('.backdrop').addEventListener('click', () => modal.remove());
        }
    """
    (finding,) = _findings("INV711", code)
    assert (finding.line, finding.column) == (9, 4)
    assert finding.message.startswith(
        "'keydown' listener 'handleEscape' on document is not removed on every teardown "
        "path: the 'click' handler at line 10 (removes 'modal') never reaches "
        "document.removeEventListener('keydown', handleEscape) (it runs only at line 7)")


def test_inv711_inline_message():
    (finding,) = _findings(
        "INV711", "export function f() { window.addEventListener('resize', () => fit()); }")
    assert finding.message.startswith(
        "inline arrow function added as 'resize' listener on window can never be removed")


def test_inv711_teardown_names_option():
    code = """
        class Panel {
            mount() { window.addEventListener('resize', this.onResize); }
            shutdown() {}
            onResize() {}
        }
    """
    assert _findings("INV711", code) == []
    found = _findings("INV711", code, {"teardown-names": ["shut*"]})
    assert [f.line for f in found] == [3]
    assert "'shutdown' (line 4)" in found[0].message


@pytest.mark.parametrize("expression, created", [
    ("document.createElement('div')", True),
    ("made", True),
    ("made.querySelector('.x')", True),
    ("made.children[0]", True),
    ("made.parentElement", False),
    ("made.closest('.x')", False),
    ("document.body", False),
    ("document.querySelector('.x')", False),
    ("window.matchMedia('x')", False),
    ("param", False),
    ("maybe", False),
    ("Object.assign(document.createElement('a'), { href })", True),
    ("new Image()", True),
])
def test_is_created(expression, created):
    program, scopes = _program(f"""
        const made = document.createElement('div');
        let maybe = null;
        maybe = document.getElementById('x');
        function f(param) {{ probe({expression}); }}
    """)
    (call,) = _calls(program, "probe")
    assert DomIndex(program, scopes).is_created(call.arguments[0]) is created


def test_reference_keys_follow_bindings_and_this():
    program, scopes = _program("""
        const a = 1;
        class C { m() { probe(this.x, a, window.y); } n() { probe(this.x, a, window.y); } }
        function g(a) { probe(this.x, a, window.y); }
    """)
    first, second, third = [
        [reference_key(argument, scopes) for argument in call.arguments]
        for call in _calls(program, "probe")
    ]
    assert first == second
    assert first[2] == third[2]
    assert first[0] != third[0] and first[1] != third[1]


# == INV712 uncleared-interval =============================================================

INV712_VALID = [
    "const t = setInterval(tick, 1000); stop = () => clearInterval(t);",
    "const t = setInterval(() => { if (done()) clearInterval(t); }, 100);",
    "let t; function start() { t = window.setInterval(tick, 5); }\n"
    "function stop() { clearTimeout(t); }",
    "this.poll = setInterval(tick, 5); clearInterval(this.poll);",
    "obj.poll = setInterval(tick, 5); function stop(other) { clearInterval(other.poll); }",
    "const s = { timer: setInterval(tick, 5) }; clearInterval(s.timer);",
    "const s = { timer: setInterval(tick, 5) }; const { timer } = s; clearInterval(timer);",
    "this.t = this.t || setInterval(tick, 5); const id = this.t; clearInterval(id);",
    "const id = setInterval(tick, 5); widget.clock = id; clearInterval(widget.clock);",
    # handed on: the receiver decides
    "export const every = (ms, fn) => setInterval(fn, ms);",
    "function start() { return setInterval(tick, 5); }",
    "timers.push(setInterval(tick, 5));",
    "const id = setInterval(tick, 5); register(id);",
    # a local function named setInterval is not the timer
    "function setInterval(f) { return f; } setInterval(tick);",
]

INV712_INVALID = [
    "setInterval(tick, 1000); // expect: INV712",
    "window.setInterval(tick, 1000); // expect: INV712",
    "void setInterval(tick, 1000); // expect: INV712",
    "const t = setInterval(tick, 1000); // expect: INV712",
    "let t = setInterval(tick, 1000); if (t !== null) started = true; // expect: INV712",
    "this.refresh = setInterval(tick, 1000); // expect: INV712",
    "const s = { pollTimer: setInterval(tick, 1000) }; // expect: INV712",
    # clearing another variable of the same name does not count
    """
    function a() { const t = setInterval(tick, 1); } // expect: INV712
    function b() { const t = 1; clearInterval(t); }
    """,
    # clearing a different property does not count
    "this.refreshTimer = setInterval(tick, 1); clearInterval(this.otherTimer); // expect: INV712",
]


@pytest.mark.parametrize("code", INV712_VALID)
def test_inv712_valid(code):
    assert _findings("INV712", code) == []


@pytest.mark.parametrize("code", INV712_INVALID)
def test_inv712_invalid(code):
    assert_marks("INV712", code, filename="case.js")


def test_inv712_property_cleared_in_another_file(tmp_path):
    files = {
        "extension.js": """
            export function startLogAutoRefresh(extension) {
                extension.logAutoRefreshInterval = setInterval(() => extension.refresh(), 2000);
            }
        """,
        "ui.js": """
            export class UI {
                close() { clearInterval(this.logAutoRefreshInterval); }
            }
        """,
    }
    assert run_project("INV712", tmp_path, files) == []
    # The same interval with nothing clearing it, checked alone.
    (tmp_path / "ui.js").unlink()
    (finding,) = run_project("INV712", tmp_path, {})
    assert finding.path.endswith("extension.js") and (finding.line, finding.column) == (3, 39)
    assert "'logAutoRefreshInterval'" in finding.message


def test_inv712_exported_variable_cleared_by_importer(tmp_path):
    files = {
        "timer.js": "export let pollTimer = setInterval(() => 1, 10);\n",
        "stop.js": "import { pollTimer } from './timer.js';\nclearInterval(pollTimer);\n",
    }
    assert run_project("INV712", tmp_path, files) == []


def test_inv712_skips_files_that_do_not_parse(tmp_path):
    files = {
        "broken.js": "clearInterval(this.poll\n",
        "ok.js": "this.poll = setInterval(tick, 5);\n",
    }
    found = run_project("INV712", tmp_path, files, expect_inv000=True)
    # The broken file is skipped (its clearInterval is not seen), and its parse failure,
    # met by the project-wide rule, is reported once as INV000: a syntax error, no crash.
    codes = sorted((f.path.rsplit("/", 1)[-1], f.line, f.code) for f in found)
    assert codes == [("broken.js", 2, PARSE_ERROR_CODE), ("ok.js", 1, "INV712")]
    (failure,) = [f for f in found if f.code == PARSE_ERROR_CODE]
    assert failure.message.startswith("syntax error: ")


@pytest.mark.parametrize("files, expected", [
    ({"a.js": "this.poll = setInterval(tick, 5);\n", "b.js": "clearInterval(other.poll);\n"},
     []),
    ({"a.js": "this.poll = setInterval(tick, 5);\n", "b.js": "clearInterval(other.timer);\n"},
     [(1, "INV712")]),
], ids=["cleared-in-b", "not-cleared"])
def test_inv712_per_file_front_end_sees_the_project(tmp_path, files, expected):
    # check_file, as the flake8 plugin calls it: one file, the project indexed behind it.
    # The engine runs INV712 and INV000 and nothing is filtered, so a crash shows.
    for name, code in files.items():
        (tmp_path / name).write_text(code)
    engine = Engine(build_config(None), {"INV712", PARSE_ERROR_CODE})
    found = check_file(engine, str(tmp_path / "a.js"))
    assert [(f.line, f.code) for f in found] == expected


def test_interval_sites_kinds():
    program, scopes = _program("""
        setInterval(a, 1);
        const v = setInterval(a, 1);
        o.p = setInterval(a, 1);
        f(setInterval(a, 1));
    """)
    sites = interval_sites(scopes)
    assert [(s.kind, s.name) for s in sites] == [
        ("discarded", None), ("variable", "v"), ("property", "p"), ("escaped", None)]


def test_large_and_deep_files_do_not_blow_up():
    listeners = "\n".join(
        f"    const h{i} = () => {i}; document.addEventListener('e{i}', h{i});"
        f" el{i}.remove(); const el{i} = document.createElement('div');"
        for i in range(400))
    chain = "a" + ".b" * 3000
    sums = " + ".join(["'/distributed'"] * 800)
    code = (f"function big() {{\n{listeners}\n}}\n"
            f"x = {chain};\nfetch({sums} + '/queue', {{ method: 'POST' }});\n"
            f"setInterval(() => {chain}, 1);\n")
    found = run_rule({"INV701", "INV702", "INV711", "INV712"}, code, filename="big.js")
    assert Counter(f.code for f in found) == {"INV702": 1, "INV711": 400, "INV712": 1}
