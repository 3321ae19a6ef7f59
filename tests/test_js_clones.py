"""INV301 duplicate-helper and INV302 duplicate-block in JavaScript: the JS normaliser on the
shared clone core.

Rule cases run through the rule harness (``run_project``: the engine with the clone codes
and INV000 over a fresh project).  The normaliser is also tested directly through the
core's entry point (``analyse_source`` with ``normalise_js``).
"""

from __future__ import annotations

import re
import tempfile
import textwrap
from pathlib import Path

from js_rules.analyses.clone_units import normalise_js
from lint_rules.analyses.clones.units import analyse_source
from rule_harness import run_project

CLONE_CODES = ("INV301", "INV302")

FETCH_STATUS = """\
    import { api } from "./api.js";

    export async function fetchWorkerStatus(workerId) {
        const response = await api.fetchApi(`/worker/${workerId}/status`);
        if (!response.ok) {
            throw new Error(`worker ${workerId}: status ${response.status}`);
        }
        const data = await response.json();
        return { online: Boolean(data.online), queue: data.queue_remaining ?? 0 };
    }
"""

CLOSE_HANDLER = """\
    export function open{name}(dialog, overlay, signal) {{
        dialog.querySelector(".close").addEventListener("{event}", () => {{
            dialog.classList.remove("open");
            overlay.hidden = true;
            document.body.classList.remove("modal-open");
            dialog.dispatchEvent(new CustomEvent("closed"));
        }}, {{ signal }});
        {extra}
    }}
"""
# What else each dialog's opener does: the openers differ, their close handlers do not.
OPENERS = {
    "Queue": ("click", "dialog.showModal();"),
    "Settings": ("pointerup", "overlay.classList.add(dialog.id);"),
    "Log": ("click", "window.scrollTo(0, dialog.offsetTop);"),
}


def _close_handler(name: str) -> str:
    event, extra = OPENERS[name]
    return CLOSE_HANDLER.format(name=name, event=event, extra=extra)


def _run(tmp_path, files: dict[str, str], settings: dict | None = None, codes=CLONE_CODES):
    """(path, line, code, message) of the findings of ``codes`` over a fresh project
    holding ``files``; other places are named relative to the project."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    found = run_project(codes, root, files, settings=settings)
    return sorted((Path(f.path).relative_to(root).as_posix(), f.line, f.code,
                   f.message.replace(f"{root.as_posix()}/", "")) for f in found)


def _units(text: str, path: str = "m.js"):
    analysis = analyse_source(path, textwrap.dedent(text), 0, normalise_js)
    return {unit.qualname: unit for unit in analysis.units}


# -- what a unit is -------------------------------------------------------------------------

def test_units_are_named_functions_methods_and_properties_not_callbacks():
    units = _units("""\
        function declared(a) { return a + 1; }
        const arrow = (a) => a * 2;
        obj.assigned = function () { return this.x + 1; };
        const api = { method() { return 1; }, field: async (u) => u };
        class Panel {
            constructor() { this.reset = function () { this.n = 0; }; }
            show() { this.el.hidden = false; }
            static create() { return new Panel(); }
            handler = () => { this.show(); };
        }
        el.addEventListener("click", () => { run(); });
        promise.then(function named(r) { return r.json(); });
        export default function () { return 2; }
    """)
    assert sorted(units) == [
        "Panel.constructor", "Panel.create", "Panel.handler", "Panel.reset", "Panel.show",
        "api.field", "api.method", "arrow", "declared", "obj.assigned",
    ]
    assert (units["Panel.show"].line, units["Panel.show"].column) == (7, 4)
    # A finding on a declaration ends at its name, as Python's ``def name``.
    assert units["declared"].end_column == len("function declared")


def test_callback_bodies_are_statement_lists_owned_by_their_function():
    analysis = analyse_source("m.js", textwrap.dedent("""\
        export function wire(el) {
            el.addEventListener("click", (event) => {
                event.preventDefault();
                send(event.target);
            });
        }
    """), 0, normalise_js)
    wire = analysis.units[0]
    lines = [[block.statements.lines[i] for i in range(block.start, block.end)]
             for block in analysis.blocks]
    assert lines == [[2], [3, 4]]
    assert all(block.unit == wire.index for block in analysis.blocks)


def test_trivial_and_literal_data_bodies_are_flagged_for_the_core():
    units = _units("""\
        class Dot {
            get color() { return this._color; }
            set color(v) { this._color = v; }
            stub() { throw new Error("not implemented"); }
            widgets() { return { seed: ["INT", { default: 0 }], mode: ["fixed", "random"] }; }
            forward(u) { return api.get(u); }
        }
    """)
    assert units["Dot.color"].trivial
    assert units["Dot.stub"].trivial
    assert units["Dot.widgets"].literal_data and not units["Dot.widgets"].trivial
    assert units["Dot.forward"].forwarding
    assert units["Dot.widgets"].class_line == 1


def test_a_module_analysis_holds_no_syntax_tree():
    # What the project index keeps of a JS file: numbers, tuples and arrays, no JSNode.
    from js_rules.parser import JSNode

    analysis = analyse_source("m.js", textwrap.dedent(FETCH_STATUS + CLOSE_HANDLER.format(
        name="Queue", event="click", extra="")), 18, normalise_js)
    seen, stack, found = set(), [analysis], []
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, (str, int, float, bytes)) or value is None:
            continue
        seen.add(id(value))
        found.append(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend([*value.keys(), *value.values()])
        elif hasattr(value, "__slots__") or hasattr(value, "__dict__"):
            names = getattr(type(value), "__slots__", ()) or vars(value)
            stack.extend(getattr(value, name) for name in names if hasattr(value, name))
    assert not [value for value in found if isinstance(value, JSNode)]
    assert {type(value).__name__ for value in found} >= {"FunctionUnit", "Block",
                                                         "ModuleStatements"}


# -- INV301 ---------------------------------------------------------------------------------

def test_exact_and_renamed_copies_in_three_files_name_each_other(tmp_path):
    renamed = (FETCH_STATUS.replace("fetchWorkerStatus(workerId)", "loadStatus(id)")
               .replace("workerId", "id").replace("response", "res").replace("data", "body"))
    found = _run(tmp_path, {"web/a.js": FETCH_STATUS, "web/b.js": FETCH_STATUS,
                            "web/c.js": renamed})
    assert [(path, line, code) for path, line, code, _message in found] == [
        ("web/a.js", 3, "INV301"), ("web/b.js", 3, "INV301"), ("web/c.js", 3, "INV301")]
    message = found[0][3]
    assert message == (
        "'fetchWorkerStatus' duplicates 'fetchWorkerStatus' at web/b.js:3 (exact) and "
        "'loadStatus' at web/c.js:3 (renamed: workerId -> id, response -> res, "
        "data -> body); keep one implementation in a shared module and import it")


def test_near_copies_are_reported_with_their_similarity(tmp_path):
    near = FETCH_STATUS.replace(
        "    const data = await response.json();\n",
        "    console.info(`worker ${workerId} answered`);\n"
        "    const data = await response.json();\n")
    found = _run(tmp_path, {"web/a.js": FETCH_STATUS, "web/b.js": near}, codes="INV301")
    assert len(found) == 2
    assert re.search(r"\(near, similarity 0\.\d\d\)", found[0][3]), found[0][3]


def test_copied_class_is_one_finding_naming_its_methods(tmp_path):
    panel = """\
        export class {name} {{
            setStatus(text, level) {{
                this.label.textContent = text;
                this.label.classList.remove("ok", "warn", "error");
                this.label.classList.add(level);
                this.element.title = `${{level}}: ${{text}}`;
            }}

            setLoading(loading) {{
                this.button.disabled = loading;
                this.element.classList.toggle("loading", loading);
                this.element.setAttribute("aria-busy", String(loading));
            }}
        }}
    """
    found = _run(tmp_path, {"a.js": panel.format(name="QueuePanel"),
                            "b.js": panel.format(name="LogPanel")}, codes="INV301")
    assert [(path, line) for path, line, _code, _message in found] == [("a.js", 1), ("b.js", 1)]
    assert found[0][3].startswith(
        "class 'QueuePanel' copies class 'LogPanel' at b.js:1 (setStatus ~ setStatus: exact; "
        "setLoading ~ setLoading: exact)")


def test_callee_only_differences_in_tiny_bodies_are_not_copies(tmp_path):
    found = _run(tmp_path, {"a.js": """\
        export function pauseWorker(worker) {
            worker.classList.add("paused");
            return api.pauseWorker(worker.dataset.id);
        }

        export function resumeWorker(worker) {
            worker.classList.remove("paused");
            return api.resumeWorker(worker.dataset.id);
        }
    """})
    assert found == []


def test_javascript_and_python_are_never_compared(tmp_path):
    # The same body in both languages (a name, a call, a return): compared within each
    # language only, so one copy per language is no finding.
    found = _run(tmp_path, {
        "web/status.js": """\
            function describe(worker, names) {
                const label = names.get(worker.id);
                const state = worker.online ? "online" : "offline";
                return format(label, state, worker.queue, worker.host);
            }
        """,
        "status.py": """\
            def describe(worker, names):
                label = names.get(worker.id)
                state = "online" if worker.online else "offline"
                return format(label, state, worker.queue, worker.host)
        """,
    })
    assert found == []


def test_js_test_files_and_clone_exclude_are_left_out(tmp_path):
    files = {"web/a.js": FETCH_STATUS, "web/a.test.js": FETCH_STATUS,
             "web/vendor/lib.js": FETCH_STATUS}
    found = _run(tmp_path, files, settings={"clone-exclude": ["web/vendor"]})
    assert found == []


# -- INV302 ---------------------------------------------------------------------------------

def test_pasted_handler_bodies_in_several_dialogs(tmp_path):
    found = _run(tmp_path, {f"web/{name.lower()}.js": _close_handler(name) for name in OPENERS})
    assert [(path, line, code) for path, line, code, _message in found] == [
        ("web/log.js", 3, "INV302"), ("web/queue.js", 3, "INV302"),
        ("web/settings.js", 3, "INV302")]
    assert found[0][3] == (
        "4 statements (lines 3-6) repeated at web/queue.js:3-6 and web/settings.js:3-6; "
        "move them into one helper and call it from each place")


def test_handlers_closing_over_other_names_still_match(tmp_path):
    # The enclosing function's parameter has another name in each copy.
    other = _close_handler("Log").replace("dialog", "modal")
    found = _run(tmp_path, {"a.js": _close_handler("Queue"), "b.js": other})
    assert [(path, line) for path, line, _code, _message in found] == [("a.js", 3), ("b.js", 3)]


def test_runs_of_trivial_statements_are_not_copies(tmp_path):
    reset = """\
        export function {name}(state, el) {{
            state.items = [];
            state.pending = new Map();
            state.total = 0;
            state.label = "";
            state.error = null;
            el.{call}();
        }}
    """
    found = _run(tmp_path, {"a.js": reset.format(name="clearQueue", call="remove"),
                            "b.js": reset.format(name="clearLog", call="replaceChildren")},
                 codes="INV302")
    assert found == []


# -- bad input ------------------------------------------------------------------------------

def test_a_syntax_error_is_reported_once_and_the_other_files_still_compared(tmp_path):
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    found = run_project(CLONE_CODES, root, {
        "a.js": FETCH_STATUS, "b.js": FETCH_STATUS, "broken.js": "function (\n"},
        expect_inv000=True)
    assert sorted((Path(f.path).name, f.code) for f in found) == [
        ("a.js", "INV301"), ("b.js", "INV301"), ("broken.js", "INV000")]


def test_empty_and_comment_only_files(tmp_path):
    assert _run(tmp_path, {"empty.js": "", "comments.js": "// nothing\n/* here */\n",
                           "a.js": FETCH_STATUS}) == []
    assert analyse_source("empty.js", "", 0, normalise_js).units == []


def _nested(depth: int) -> str:
    return "function deep(x) {\n" + "if (x) {\n" * depth + "x();\n" + "}\n" * depth + "}\n"


def test_deep_nesting_is_walked_without_recursion():
    # As deep as esprima2 parses: the normaliser's walk is iterative.
    analysis = analyse_source("deep.js", _nested(60), 0, normalise_js)
    assert [unit.qualname for unit in analysis.units] == ["deep"]
    assert len(analysis.blocks) == 61


def test_nesting_too_deep_to_parse_is_one_parse_error(tmp_path):
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    found = run_project(CLONE_CODES, root, {"deep.js": _nested(400), "a.js": FETCH_STATUS},
                        expect_inv000=True)
    assert [(Path(f.path).name, f.code, f.message) for f in found] == [
        ("deep.js", "INV000", "too deeply nested to parse")]


def test_a_per_file_front_end_sees_the_twin_in_another_file(tmp_path):
    # An editor (the language server, engine.check_file) checks one buffer against the
    # rest of its project; the buffer's text stands for the file on disk.
    from lint_rules.engine import check_file, engine_for

    (tmp_path / "pyproject.toml").write_text("[tool.invariant-lint]\n", encoding="utf-8")
    (tmp_path / "a.js").write_text(textwrap.dedent(FETCH_STATUS), encoding="utf-8")
    (tmp_path / "b.js").write_text("export const nothing = 1;\n", encoding="utf-8")
    path = str(tmp_path / "b.js")
    buffer = textwrap.dedent(FETCH_STATUS).replace("workerId", "wid")
    everything = check_file(engine_for(path), path, buffer)
    assert "INV000" not in {f.code for f in everything}
    found = [f for f in everything if f.code == "INV301"]
    assert [(f.line, f.message.split(";")[0]) for f in found] == [
        (3, f"'fetchWorkerStatus' duplicates 'fetchWorkerStatus' at {tmp_path / 'a.js'}:3 "
            "(renamed: wid -> workerId)")]
