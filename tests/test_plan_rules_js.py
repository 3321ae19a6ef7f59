"""INV703 raw-fetch and INV713 inline-style, opt-in rules, and the map from the plan's
tasks to the checks that keep them.

Rule cases are written ESLint-style: each ``VALID`` source gives no finding of the rule,
each ``INVALID`` source gives findings on exactly the lines marked ``// expect: CODE``,
through ``tests/rule_harness.py`` (the rule's code plus INV000, so a crash fails the case).
Opt-in selection is tested through the engine, the CLI and real flake8 and pylint runs (a
test-only opt-in Python rule is registered in those processes); the companion checks the
map names run as real flake8 and pylint invocations on small examples.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from helpers import ROOT, run_cli, run_json, run_module, write_tree
from js_rules.analyses.bindings import ScopeIndex
from js_rules.analyses.inline_styles import StyleWrites, css_name, declared_properties
from js_rules.analyses.raw_requests import fetch_target, raw_requests
from js_rules.parser import parse_js
from lint_rules import plan_map
from lint_rules.cli import explain_text
from lint_rules.config import build_config
from lint_rules.engine import enabled_codes
from lint_rules.registry import (
    all_codes, all_rules, matching_codes, opt_in_codes, unknown_code_patterns,
)
from lint_rules.suppressions import SUPPRESSION_CODES
from rule_harness import assert_marks, run_project, run_rule

RAW_FETCH, INLINE_STYLE = "INV703", "INV713"


def _program(code: str):
    program = parse_js(textwrap.dedent(code))
    return program, ScopeIndex(program)


# == INV703 raw-fetch ========================================================================

INV703_VALID = [
    # calls of the client
    "export const refresh = (extension, url) => extension.api.probeWorker(url, 2000);",
    "import { api } from '../../scripts/api.js';\nexport const q = () => api.fetchApi('/queue');",
    # the module's own assets
    "export const css = () => fetch(new URL('./panel.css', import.meta.url));",
    "const url = new URL('./modal.html', import.meta.url);\n"
    "export const t = () => fetch(url.href);",
    "export const t = () => fetch(new URL('./a.json', import.meta.url).toString());",
    "export const t = () => fetch(import.meta.resolve('./a.json'));",
    """
    const iconUrl = (name) => new URL(`./icons/${name}.svg`, import.meta.url);
    export const icon = async (name) => fetch(iconUrl(name));
    """,
    """
    function assetUrl(name, active) {
        if (active) return new URL(`./${name}-active.ico`, import.meta.url);
        return new URL(`./${name}.ico`, import.meta.url);
    }
    export const probe = async () => fetch(assetUrl('favicon', true), { method: 'HEAD' });
    """,
    # an image the page already shows, read back as a blob
    "export const blob = async (img) => (await fetch(img.src)).blob();",
    "export const blob = async (video) => (await fetch(video?.currentSrc)).blob();",
    # a fixed third-party service
    "export const model = (hash) => fetch('https://civitai.com/api/v1/models/' + hash);",
    "export const model = (h) => fetch(`https://civitai.com/api/v1/model-versions/by-hash/${h}`);",
    "const BASE = 'http://example.org/api';\nexport const m = () => fetch(`${BASE}/x`);",
    # names bound in the file are not the platform's
    "function fetch(x) { return x; }\nexport const y = () => fetch('/queue');",
    "export function f(fetch) { return fetch('/queue'); }",
    "export class Store { fetch(id) { return id; } load(id) { return this.fetch(id); } }",
    "export function f(window) { return window.fetch('/queue'); }",
    "export function f(navigator) { navigator.sendBeacon('/x', '{}'); }",
    "const XMLHttpRequest = class {};\nexport const r = () => new XMLHttpRequest();",
    # not calls
    "export const f = typeof fetch === 'function';",
    "export const sendBeacon = 'navigator.sendBeacon(url)';",
    # the plan's exception, suppressed with its reason
    """
    export async function checkMasterStatus() {
        // invariant-lint-disable-next-line INV703 -- same-origin status probe
        return (await fetch('/prompt')).ok;
    }
    """,
    "export const p = () => fetch('/prompt'); // invariant-lint-disable-line INV703 -- probe",
    "",
]

INV703_INVALID = [
    """
    export async function checkWorker(url, signal) {
        const response = await fetch(`${url}/prompt`, { signal }); // expect: INV703
        return response.ok;
    }
    """,
    """
    export const a = () => window.fetch('/distributed/config'); // expect: INV703
    export const b = () => globalThis.fetch('/distributed/config'); // expect: INV703
    export const c = () => self.fetch?.('/distributed/config'); // expect: INV703
    """,
    """
    export function upload(file) {
        const request = new XMLHttpRequest(); // expect: INV703
        const other = new window.XMLHttpRequest(); // expect: INV703
        request.open('POST', '/upload/image');
        return [request, other];
    }
    """,
    """
    export function closed() {
        navigator.sendBeacon('/distributed/ui_closed', '{}'); // expect: INV703
        window.navigator.sendBeacon('/distributed/ui_closed', '{}'); // expect: INV703
    }
    """,
    # a polyfill's fetch is still a raw request
    """
    import fetch from 'node-fetch';
    export const get = () => fetch('/queue'); // expect: INV703
    """,
    # the module-relative URL must really be relative to import.meta.url
    """
    export const a = () => fetch(new URL('./a.json', location.href)); // expect: INV703
    let url = new URL('./a.json', import.meta.url);
    export const b = () => fetch(url); // expect: INV703
    """,
    # an http:// address built at run time is this project's worker
    """
    export const probe = (w) => fetch(`http://${w.host}:${w.port}/prompt`); // expect: INV703
    """,
    # the wrong suppression code does not silence it
    """
    // invariant-lint-disable-next-line INV701 -- not this one
    export const p = () => fetch('/prompt'); // expect: INV703
    """,
]


@pytest.fixture
def client_project(tmp_path):
    """A project that has an API client module (INV703 reports only in such projects)."""
    return write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n",
                                 "web/apiClient.js": "export const get = (u) => fetch(u);\n"})


@pytest.mark.parametrize("code", INV703_VALID)
def test_inv703_valid(code, client_project):
    assert run_rule(RAW_FETCH, code, filename="web/case.js", directory=client_project) == []


@pytest.mark.parametrize("code", INV703_INVALID)
def test_inv703_invalid(code, client_project):
    assert_marks(RAW_FETCH, code, filename="web/case.js", directory=client_project)


def test_inv703_message_names_the_nearest_client_module(tmp_path):
    write_tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "web/apiClient.js": "export const api = { get: (u) => fetch(u) };\n",
        "legacy/apiClient.js": "export const old = (u) => fetch(u);\n",
    })
    (finding,) = run_rule(RAW_FETCH, "export const s = () => fetch('/prompt');\n",
                          filename="web/ui/status.js", directory=tmp_path)
    assert (finding.line, finding.column) == (1, 23)
    # The client is named on the finding's own base (absolute here).
    assert finding.message == (
        f"raw fetch() outside the API client: add it to the API client "
        f"{tmp_path.as_posix()}/web/apiClient.js and "
        "call that, so timeouts, retries and error handling stay in one place")


def test_inv703_is_silent_in_a_project_without_a_client_module(tmp_path):
    write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n"})
    code = "export const r = () => new XMLHttpRequest(); // expect: INV703\n"
    assert run_rule(RAW_FETCH, code, filename="web/upload.js", directory=tmp_path) == []
    # Once the project has one (or client-modules points at it), the request is reported.
    write_tree(tmp_path, {"web/net/client.js": "export const get = (u) => fetch(u);\n"})
    assert_marks(RAW_FETCH, code, filename="web/upload.js", directory=tmp_path,
                 settings={"client-modules": ["web/net/client.js"]})


def test_inv703_client_modules_are_not_checked_and_are_configurable(tmp_path):
    code = "export const get = (u) => fetch(u);\n"
    assert run_rule(RAW_FETCH, code, filename="web/apiClient.js") == []
    settings = {"client-modules": ["web/api/*.js"]}
    findings = run_project(RAW_FETCH, tmp_path, {"web/api/client.js": code,
                                                 "web/apiClient.js": code,
                                                 "web/other.js": code}, settings=settings)
    assert [f.path.rsplit("/", 2)[-2:] for f in findings] == [
        ["web", "apiClient.js"], ["web", "other.js"]]
    assert all(f"add it to the API client {tmp_path.as_posix()}/web/api/client.js" in f.message
               for f in findings)


def test_inv703_flag_external_urls(client_project):
    code = "export const m = () => fetch('https://civitai.com/api/v1/models'); // expect: INV703\n"
    assert run_rule(RAW_FETCH, code, filename="case.js", directory=client_project) == []
    assert_marks(RAW_FETCH, code, filename="case.js", settings={"flag-external-urls": True},
                 directory=client_project)


def test_raw_requests_analysis_names_the_api_and_the_target():
    program, scopes = _program("""
        fetch(new URL('./a.css', import.meta.url));
        fetch(img.src);
        fetch('https://example.org/x');
        fetch('/queue');
        new XMLHttpRequest();
        navigator.sendBeacon('/b');
    """)
    found = [(r.node.line, r.api, fetch_target(r, scopes)) for r in raw_requests(scopes)]
    assert found == [
        (2, "fetch()", "module asset"), (3, "fetch()", "element source"),
        (4, "fetch()", "external"), (5, "fetch()", None),
        (6, "XMLHttpRequest", None), (7, "navigator.sendBeacon()", None),
    ]


# Bad input: a syntax error is INV000 and nothing else; odd text is checked as usual.
BAD_INPUT = [
    (RAW_FETCH, "fetch('/a'", True),
    (RAW_FETCH, "\ufefffetch('/a'); // expect: INV703\n", False),  # a byte order mark
    (RAW_FETCH, "const s = 'é ü ✓'; fetch(s); // expect: INV703\n", False),
    (RAW_FETCH, "// only a comment with fetch in it\n", False),
    (INLINE_STYLE, "el.style.display = ", True),
    (INLINE_STYLE, "\ufeffel.style.display = 'none'; // expect: INV713\n", False),
    (INLINE_STYLE, "el.innerHTML = '<b style=\"x: ü\">✓</b>'; // expect: INV713\n", False),
    (INLINE_STYLE, "/* style */\n", False),
]


@pytest.mark.parametrize("code, text, expect_inv000", BAD_INPUT)
def test_bad_input(code, text, expect_inv000, client_project):
    findings = run_rule(code, text, filename="odd.js", expect_inv000=expect_inv000,
                        settings={"select": ["INV", INLINE_STYLE]}, directory=client_project)
    if expect_inv000:
        assert [f.code for f in findings] == ["INV000"]
    else:
        assert {(f.line, f.code) for f in findings} == {
            (number, code) for number, line in enumerate(text.splitlines(), 1)
            if f"expect: {code}" in line}


def test_inv703_undecodable_file(tmp_path):
    path = tmp_path / "latin1.js"
    path.write_bytes(b"fetch('/caf\xe9');\n")
    proc, document = run_json("--select", f"{RAW_FETCH},INV000", str(path))
    assert proc.returncode == 1
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(1, "INV000")]


# == INV713 inline-style ======================================================================

ON = {"select": ["INV", INLINE_STYLE]}

INV713_VALID = [
    "dot.classList.add('worker-status--online');\ndot.classList.toggle('is-hidden', !ok);",
    "bar.style.setProperty('--progress', `${pct}%`);",
    "bar.style.setProperty(`--segment-${i}`, String(done));",
    "const s = bar.style;\ns.setProperty('--x', 1);",
    "if (el.style.display === 'none') show(el);\nconst w = el.style.width;",
    "const hidden = getComputedStyle(el).visibility === 'hidden';",
    "el.style.removeProperty('display');",
    "el.style.setProperty(name, value);",  # the name cannot be known: may be custom
    "el.setAttribute('class', 'log-modal');\nel.setAttribute(name, value);",
    "el.innerHTML = `<div class=\"log-modal\">${title}</div>`;",
    "el.textContent = 'style=\"color: red\"';",
    "const svg = text.replace('<svg ', `<svg style=\"background: ${bg}\" `);",
    "el.innerHTML = `<p>Set the style = compact option</p>`;",
    "el.innerHTML = '<div data-style=\"x\"></div>';",
    "options.styles = { color: 'red' };\nconst style = { display: 'none' };",
    "ctx.fillStyle = '#fff';\nctx.strokeStyle = 'red';",
    "$el('div', { className: 'panel', textContent: 'x' });",
    "other('div', { style: { color: 'red' } });",  # not a configured factory
    "",
]

INV713_INVALID = [
    """
    dot.style.display = 'none'; // expect: INV713
    dot.style.backgroundColor = ok ? '#3ca03c' : '#c04c4c'; // expect: INV713
    dot.style['border-radius'] = '50%'; // expect: INV713
    dot.style.opacity = 0.6; // expect: INV713
    panel?.style.setProperty('opacity', '1'); // expect: INV713
    el.style.width += '1px'; // expect: INV713
    el.style.display ||= 'block'; // expect: INV713
    """,
    """
    el.style.cssText = 'opacity: 0.5'; // expect: INV713
    el.style = 'color: red'; // expect: INV713
    el.setAttribute('style', 'border: 0; padding: 4px'); // expect: INV713
    el.setAttribute('STYLE', css); // expect: INV713
    Object.assign(el.style, { display: 'flex', gap: '4px' }); // expect: INV713
    const s = el.style;
    s.color = 'red'; // expect: INV713
    s.setProperty('margin-top', '8px'); // expect: INV713
    """,
    """
    el.innerHTML = `<div class="a" style="color: red">${x}</div>`; // expect: INV713
    el.outerHTML = '<span style="margin: 0"></span>'; // expect: INV713
    list.insertAdjacentHTML('beforeend', `<li style='color: ${c}'>${t}</li>`); // expect: INV713
    row.innerHTML += "<td style=\\"width: 10px\\">x</td>"; // expect: INV713
    """,
    # the HTML reaches innerHTML through variables, nested templates and fragments
    """
    let html = '<ul>';
    for (const item of items) {
        html += `<li style="color: ${item.color}">${item.text}</li>`; // expect: INV713
    }
    const header = '<h3 style="margin: 0">Log</h3>'; // expect: INV713
    list.innerHTML = header + html + '</ul>';
    table.innerHTML = rows.map((r) =>
        `<tr ${r.off ? 'style="opacity: .5"' : ''}>${r.n}</tr>`).join(''); // expect: INV713
    """,
    """
    const badge = (n) => $el('span', {
        textContent: String(n),
        style: { fontSize: '10px' }, // expect: INV713
    });
    const row = $el('div', { style: 'display: flex' }); // expect: INV713
    """,
]


@pytest.mark.parametrize("code", INV713_VALID)
def test_inv713_valid(code):
    assert run_rule(INLINE_STYLE, code, filename="web/case.js", settings=ON) == []


@pytest.mark.parametrize("code", INV713_INVALID)
def test_inv713_invalid(code):
    assert_marks(INLINE_STYLE, code, filename="web/case.js", settings=ON)


def _messages(code: str, settings=None) -> list[tuple[int, int, str]]:
    findings = run_rule(INLINE_STYLE, code, filename="web/case.js", settings=settings or ON)
    return [(f.line, f.column, f.message) for f in findings]


def test_inv713_messages_name_the_property_and_suggest_a_class():
    assert _messages("""\
        dot.style.display = hidden ? 'none' : '';
        dot.style.backgroundColor = '#3ca03c';
        bar.style.width = `${pct}%`;
        el.setAttribute('style', 'border: 0; padding: 4px');
        el.innerHTML = '<b style="margin: 0">x</b>';
        """) == [
        (1, 0, "inline style 'display' set in code (style.display = ...): toggle a class "
               "instead (classList.toggle('is-hidden', hidden)) and keep the display rule in "
               "the stylesheet"),
        (2, 0, "inline style 'background-color: #3ca03c' set in code (style.backgroundColor "
               "= ...): move it into a CSS class rule and add the class (classList.add(...) "
               "or class=\"...\")"),
        (3, 0, "inline style 'width' set in code (style.width = ...): the value is computed: "
               "pass it as a custom property (style.setProperty('--width', ...)) and use "
               "var(--width) in a class rule"),
        (4, 0, "inline style 'border, padding' set in code (setAttribute('style', ...)): move "
               "it into a CSS class rule and add the class (classList.add(...) or "
               "class=\"...\")"),
        (5, 19, "inline style 'margin: 0' set in code (style attribute in HTML assigned to "
                "innerHTML): move it into a CSS class rule and add the class "
                "(classList.add(...) or class=\"...\")"),
    ]


def test_inv713_reports_a_style_attribute_on_its_own_line_of_the_template():
    found = _messages("""\
        modal.innerHTML = `
            <div class="log-modal__backdrop"></div>
            <div class="log-modal__body"
                 style="max-height: 80vh">
                <h3 class="${titleClass}" style="margin: 0">Worker ${id}</h3>
            </div>`;
        """)
    assert [(line, column) for line, column, _ in found] == [(4, 9), (5, 34)]


def test_inv713_custom_properties_are_an_option():
    code = "bar.style.setProperty('--progress', `${pct}%`);\n"
    assert _messages(code) == []
    assert _messages(code, {**ON, "flag-custom-properties": True}) == [
        (1, 0, "inline style '--progress' set in code (style.setProperty('--progress', ...)): "
               "read the custom property from a class rule in the stylesheet")]


def test_inv713_inline_style_paths_limit_where_it_applies(tmp_path):
    code = "export const hide = (el) => { el.style.display = 'none'; };\n"
    findings = run_project(INLINE_STYLE, tmp_path, {
        "web/workerLifecycle.js": code, "web/ui/logModal.js": code, "web/ui.js": code,
    }, settings={**ON, "inline-style-paths": ["web/workerLifecycle.js", "web/ui/*.js"]})
    assert sorted(f.path.split("web/", 1)[1] for f in findings) == [
        "ui/logModal.js", "workerLifecycle.js"]


def test_inv713_style_factories_are_an_option():
    code = "const a = h('div', { style: { color: 'red' } });\n"
    assert _messages(code) == []
    assert [m for _, _, m in _messages(code, {**ON, "style-factories": ["h"]})] == [
        "inline style 'color: red' set in code (style option of h(...)): move it into a CSS "
        "class rule and add the class (classList.add(...) or class=\"...\")"]


def test_style_writes_analysis():
    program, scopes = _program("""
        el.style.webkitTransform = 'none';
        el.style.cssFloat = 'left';
        el.style.cssText = 'display: none; --gap: 4px';
        el.style.setProperty('--x', 1);
    """)
    writes = StyleWrites(program, scopes).writes
    assert [(w.line, w.properties, w.value, w.custom_only) for w in writes] == [
        (2, ("-webkit-transform",), "none", False), (3, ("float",), "left", False),
        (4, ("display", "--gap"), None, False), (5, ("--x",), "1", True)]
    assert css_name("backgroundColor") == "background-color"
    assert css_name("msTransform") == "-ms-transform"
    assert css_name("--Gap") == "--Gap"
    assert declared_properties("color: red; ; bad; --x: 1") == ("color", "--x")


# == opt-in rules =============================================================================

def test_the_registry_knows_inv713_is_opt_in():
    assert opt_in_codes() == {INLINE_STYLE}
    assert [info.code for info in all_codes() if info.opt_in] == [INLINE_STYLE]
    assert all_rules()[INLINE_STYLE].opt_in and not all_rules()[RAW_FETCH].opt_in


@pytest.mark.parametrize("select, ignore, enabled", [
    (["INV"], [], False),
    (["ALL"], [], False),
    (["INV7"], [], False),
    (["INV71"], [], False),
    (["INV713"], [], True),
    (["inv713"], [], True),
    (["INV", "INV713"], [], True),
    (["INV713"], ["INV713"], False),
    (["INV713"], ["INV7"], False),  # ignore wins, by prefix too
    (["INV713"], ["ALL"], False),
])
def test_opt_in_selection_through_the_configuration(select, ignore, enabled):
    codes = enabled_codes(build_config({"select": select, "ignore": ignore}))
    assert (INLINE_STYLE in codes) is enabled
    if select == ["INV"]:
        assert RAW_FETCH in codes and "INV712" in codes


def test_matching_codes_exact_only():
    known = ["INV701", "INV713", "INV999"]
    assert matching_codes(["INV7"], known, exact_only={"INV713"}) == {"INV701"}
    assert matching_codes(["ALL", "INV713"], known, exact_only={"INV713"}) == set(known)
    assert unknown_code_patterns(["INV713", "INV71"]) == []  # still known names


OPT_IN_TREE = {"web/status.js": "export const hide = (el) => { el.style.display = 'none'; };\n"}


@pytest.mark.parametrize("config, args, reported", [
    ("", [], False),
    ('select = ["INV"]', [], False),
    ('select = ["INV", "INV713"]', [], True),
    ('select = ["INV713"]', [], True),
    ("", ["--select", "INV713"], True),
    ("", ["--select", "INV,INV713"], True),
    ("", ["--select", "ALL"], False),
    ("", ["--select", "INV7"], False),
    ('select = ["INV", "INV713"]', ["--select", "INV"], False),  # --select replaces select
    ('select = ["INV", "INV713"]', ["--ignore", "INV713"], False),
    ('select = ["INV", "INV713"]\nignore = ["INV71"]', [], False),
    ("", ["--select", "INV713", "--ignore", "INV7"], False),
])
def test_opt_in_selection_through_the_cli(tmp_path, config, args, reported):
    write_tree(tmp_path, {**OPT_IN_TREE,
                          "pyproject.toml": f"[tool.invariant-lint]\n{config}\n"})
    proc, document = run_json(*args, ".", cwd=tmp_path)
    assert proc.returncode == (1 if reported else 0), proc.stderr
    assert [f["code"] for f in document["findings"]] == ([INLINE_STYLE] if reported else [])


def test_rules_and_explain_say_how_to_enable_an_opt_in_rule():
    listing = run_cli("rules").stdout
    (row,) = [line for line in listing.splitlines() if line.startswith(INLINE_STYLE)]
    assert row.endswith("[opt-in: select INV713 exactly]")
    (row,) = [line for line in listing.splitlines() if line.startswith(RAW_FETCH)]
    assert "opt-in" not in row
    page = explain_text(INLINE_STYLE)
    assert ("This rule is opt-in: a prefix or ALL does not enable it; name INV713 exactly, "
            "in the\nconfiguration (select = [\"INV\", \"INV713\"]) or on the command line "
            "(--select INV,INV713).") in page
    assert "opt-in" not in explain_text(RAW_FETCH).split("Options", 1)[0].lower()
    assert "// invariant-lint-disable-next-line INV703 -- same-origin status probe" \
        in explain_text(RAW_FETCH)


# An opt-in Python rule that exists only in the processes of these tests: flake8 and pylint
# run for real, with the plugin of this worktree, and this rule registered next to the others.
DEMO_RULE = '''
from lint_rules.registry import Rule, register


@register
class DemoOptIn(Rule):
    """A test-only opt-in rule: reports every line that holds the word 'banned'.  It exists
    so the front ends' selection of opt-in rules can be run for real."""

    code, symbol, language = "INV991", "demo-opt-in", "python"
    summary = "a banned word (test-only opt-in rule)"
    opt_in = True
    bad_example, good_example = "banned = 1\\n", "allowed = 1\\n"

    def check(self, ctx):
        for number, line in enumerate(ctx.text.splitlines(), 1):
            if "banned" in line:
                ctx.report_at(number, line.index("banned"), "found a banned word")
'''
DEMO_FILE = "banned = 1\n"


def _front_end(tool: str, tmp_path, config: str, *args: str):
    """``tool`` (flake8 or pylint) run in a process where the demo rule is registered."""
    write_tree(tmp_path, {"demo_opt_in_rule.py": DEMO_RULE, "pkg/__init__.py": "",
                          "pkg/words.py": DEMO_FILE,
                          "pyproject.toml": f"[tool.invariant-lint]\n{config}\n"})
    if tool == "flake8":
        runner = "from flake8.main.cli import main; raise SystemExit(main(sys.argv[1:]))"
        argv = ["--jobs=1", "--format=%(row)d:%(code)s", *args, "pkg/words.py"]
    else:
        runner = "from pylint import run_pylint; run_pylint(sys.argv[1:])"
        argv = ["--load-plugins=lint_rules.pylint_plugin", "--output-format=json",
                "--score=n", "--persistent=n", *args, "pkg/words.py"]
    code = f"import sys; import demo_opt_in_rule; {runner}"
    pythonpath = os.pathsep.join([str(ROOT), str(tmp_path)])
    proc = subprocess.run([sys.executable, "-c", code, *argv], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": pythonpath})
    assert "Traceback" not in proc.stderr, proc.stderr
    if tool == "flake8":
        return [line for line in proc.stdout.splitlines() if "INV991" in line]
    return [f"{m['line']}:{m['symbol']}" for m in json.loads(proc.stdout or "[]")
            if m["symbol"] == "demo-opt-in"]


@pytest.mark.parametrize("config, args, reported", [
    ("", ["--select=INV"], False),
    ("", ["--select=INV991"], True),
    ("", ["--select=INV", "--extend-select=INV991"], True),
    ('select = ["INV", "INV991"]', ["--select=INV"], True),
    ('select = ["INV", "INV991"]', ["--select=INV", "--extend-ignore=INV991"], False),
    ('ignore = ["INV991"]', ["--select=INV991"], False),  # the configuration's ignore wins
])
def test_opt_in_selection_through_flake8(tmp_path, config, args, reported):
    assert _front_end("flake8", tmp_path, config, *args) == (["1:INV991"] if reported else [])


@pytest.mark.parametrize("config, args, reported", [
    ("", [], False),
    ("", ["--disable=all", "--enable=demo-opt-in"], True),
    ("", ["--disable=all", "--enable=W9991"], True),
    ('select = ["INV", "INV991"]', [], True),
    ('select = ["INV", "INV991"]', ["--disable=demo-opt-in"], False),
    ('ignore = ["INV991"]', ["--disable=all", "--enable=demo-opt-in"], False),
])
def test_opt_in_selection_through_pylint(tmp_path, config, args, reported):
    assert _front_end("pylint", tmp_path, config, *args) == (
        ["1:demo-opt-in"] if reported else [])


# == the map from plan tasks to checks ========================================================

PLAN_TASK_NUMBERS = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "4.1", "4.2", "4.3", "4.4",
                     "4.5", "4.6", "5.1", "5.2", "6.1", "6.2", "6.3", "6.4", "notes"]


def test_the_map_lists_every_task_of_the_plan_with_a_check():
    assert [task.task for task in plan_map.PLAN_TASKS] == PLAN_TASK_NUMBERS
    for task in plan_map.PLAN_TASKS:
        assert task.checks, task.task
        for check in task.checks:
            assert check.kind in (plan_map.RULE, plan_map.COMPANION, plan_map.UNCHECKED)
            assert check.keeps.strip()
            if check.kind != plan_map.RULE:
                assert check.enable.strip(), (task.task, check)  # how to enable it, or why


def test_the_map_names_every_rule_of_the_suite_by_its_symbol():
    # The suppression audit (INV001, INV002) keeps the suppressions honest, no plan task.
    symbols = {info.code: info.symbol for info in all_codes()
               if info.code not in SUPPRESSION_CODES}
    named = {check.code: check.symbol for task in plan_map.PLAN_TASKS
             for check in task.checks if check.kind == plan_map.RULE}
    assert set(symbols) <= set(named), "every rule keeps some task of the plan"
    for code, symbol in named.items():
        assert symbols.get(code) == symbol, code


def test_readme_holds_the_map():
    assert plan_map.plan_markdown() in (ROOT / "README.md").read_text(encoding="utf-8"), (
        "README.md's plan section is out of date; replace its table with:\n\n"
        + plan_map.plan_markdown())


def test_rules_plan_prints_the_map():
    proc = run_cli("rules", "--plan")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == plan_map.plan_listing()
    assert proc.stdout.startswith("Task 1.1: Fix lock contention in USDU requeue path\n"
                                  "  INV101 await-under-lock\n")
    assert "  pylint W0404 reimported\n" in proc.stdout
    assert "  flake8 F401\n" in proc.stdout


# Each companion check the map names, on a small example that must make it fire: files,
# the command, and the text its output must hold.
COMPANION_EXAMPLES = {
    ("flake8", "F401"): (
        {"worker_routes.py": "from .detection import is_local_worker, get_comms_channel\n"
                             "\n\ndef route():\n    return is_local_worker\n"},
        ["flake8", "--isolated", "--select=F401", "worker_routes.py"],
        "F401 '.detection.get_comms_channel' imported but unused"),
    ("pylint", "W0404"): (
        {"job_routes.py": '"""Routes."""\nimport server\nimport server as _server\n\n\n'
                          'def handler():\n    """Use both."""\n'
                          '    return server.instance, _server.instance\n',
         "server.py": '"""ComfyUI\'s server module."""\ninstance = None\n'},
        ["pylint", "--disable=all", "--enable=reimported", "--score=n", "job_routes.py"],
        "W0404: Reimport 'server' (imported line 2) (reimported)"),
    ("pylint", "C0302"): (
        {"usdu_managment.py": '"""A god module."""\n'
                              + "".join(f"VALUE_{n} = {n}\n" for n in range(351)),
         "pyproject.toml": "[tool.pylint.format]\nmax-module-lines = 350\n"},
        ["pylint", "--disable=all", "--enable=too-many-lines", "--score=n",
         "usdu_managment.py"],
        "C0302: Too many lines in module (352/350) (too-many-lines)"),
    ("pylint", "E0611"): (
        {"pkg/__init__.py": "", "pkg/utils/__init__.py": "",
         "pkg/utils/cloudflare/__init__.py": '"""The tunnel package."""\n',
         "pkg/utils/cloudflare/tunnel.py": '"""Tunnel."""\n\n\nclass CloudflareTunnelManager:'
                                           '\n    """Manager."""\n',
         "pkg/tunnel_routes.py": '"""Routes."""\n'
                                 "from .utils.cloudflare import CloudflareTunnelManager\n"
                                 "\nMANAGER = CloudflareTunnelManager\n"},
        ["pylint", "--disable=all", "--enable=no-name-in-module", "--score=n",
         "pkg/tunnel_routes.py"],
        "E0611: No name 'CloudflareTunnelManager' in module 'pkg.utils.cloudflare' "
        "(no-name-in-module)"),
}


def test_every_companion_of_the_map_has_an_example():
    assert {(c.tool, c.code) for c in plan_map.companions()} == set(COMPANION_EXAMPLES)


@pytest.mark.parametrize("tool, code", sorted(COMPANION_EXAMPLES))
def test_companion_check_fires(tmp_path, tool, code):
    files, command, expected = COMPANION_EXAMPLES[(tool, code)]
    write_tree(tmp_path, files)
    proc = run_module(*command, cwd=tmp_path)
    assert proc.returncode != 0, (proc.stdout, proc.stderr)
    assert expected in proc.stdout, (proc.stdout, proc.stderr)
    (check,) = [c for c in plan_map.companions() if (c.tool, c.code) == (tool, code)]
    assert code in plan_map.plan_markdown() and check.enable
