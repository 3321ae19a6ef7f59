"""The per-file context: one analysis per file however many rules ask, reports located at
ESTree and astroid nodes alike."""

from __future__ import annotations

import pytest

from js_rules.analyses.bindings import ScopeIndex
from lint_rules.analyses.local_bindings import nodes_by_scope
from lint_rules.config import build_config
from lint_rules.engine import Engine
from lint_rules.sources import load_source

JS = """
const timer = setInterval(() => poll(), 1000);
document.addEventListener('keydown', () => close());
export const send = (payload) => fetch('/distributed/queue', {
    method: 'POST', body: JSON.stringify(payload) });
"""
PY = """
import json

def save(config, path, lock):
    with open(path, "w") as f:
        json.dump(config, f)
    save_config(load_config())
"""


def _count_constructions(monkeypatch, cls: type) -> list:
    """A list that grows by one each time ``cls`` is constructed."""
    built = []
    original = cls.__init__

    def counting_init(self, *args, **kwargs):
        built.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", counting_init)
    return built


def _counting_nodes_by_scope(monkeypatch) -> list:
    """The Python rules' ``nodes_by_scope``, replaced by one counting wrapper."""
    from lint_rules.rules import non_atomic_json_write, unlocked_config_rmw

    built = []

    def counting(tree):
        built.append(tree)
        return nodes_by_scope(tree)

    for module in (non_atomic_json_write, unlocked_config_rmw):
        monkeypatch.setattr(module, "nodes_by_scope", counting)
    return built


@pytest.mark.parametrize("filename, text, codes", [
    ("a.js", JS, {"INV701", "INV702", "INV711", "INV712"}),
    ("a.py", PY, {"INV201", "INV202"}),
], ids=["js-scopes", "python-scopes"])
def test_each_analysis_is_built_once_per_file(monkeypatch, tmp_path, filename, text, codes):
    from lint_rules import sources

    (tmp_path / filename).write_text(text, encoding="utf-8")
    requested = []
    original = sources.SourceFile.analysis

    def recording(self, wanted, *args):
        requested.append(wanted)
        return original(self, wanted, *args)

    monkeypatch.setattr(sources.SourceFile, "analysis", recording)
    if filename.endswith(".js"):
        kind, built = ScopeIndex, _count_constructions(monkeypatch, ScopeIndex)
    else:
        from lint_rules.rules import non_atomic_json_write

        built = _counting_nodes_by_scope(monkeypatch)
        kind = non_atomic_json_write.nodes_by_scope  # the wrapper both rules now call
    engine = Engine(build_config(None), codes | {"INV000"})
    source = load_source(str(tmp_path / filename))
    findings = engine.check_source(source) + engine.check_project([source])
    assert {f.code for f in findings} - {"INV000"}, "the rules found something"
    assert "INV000" not in {f.code for f in findings}
    assert requested.count(kind) >= 2, "several rules asked for the analysis"
    assert len([key for key in source._analyses if key[0] is kind]) == 1
    assert len(built) == 1, f"{kind.__name__} built {len(built)} times"


def test_reports_locate_estree_and_astroid_nodes(tmp_path):
    (tmp_path / "a.js").write_text(JS, encoding="utf-8")
    (tmp_path / "a.py").write_text(PY, encoding="utf-8")
    engine = Engine(build_config(None), {"INV712", "INV201", "INV000"})
    js = engine.check_project([load_source(str(tmp_path / "a.js"))])
    py = engine.check_source(load_source(str(tmp_path / "a.py")))
    assert [(f.code, f.line, f.column, f.end_line) for f in js] == [("INV712", 2, 14, 2)]
    assert [(f.code, f.line, f.column, f.end_line) for f in py] == [("INV201", 6, 8, 6)]


JS_COPIED = """
export async function fetchStatus(api, workerId) {
    const response = await api.fetchApi(`/worker/${workerId}/status`);
    if (!response.ok) throw new Error(`status ${response.status}`);
    const data = await response.json();
    return { online: data.online, queue: data.queue_remaining ?? 0 };
}
"""


def test_a_file_is_parsed_once_though_the_project_pass_reports_in_it(monkeypatch, tmp_path):
    # The project pass keys its findings by the file's definitions after the trees are let
    # go: they are kept, not read from a second parse.
    import js_rules.language
    from lint_rules.runner import check_paths

    for name in ("a.js", "b.js"):
        (tmp_path / name).write_text(JS_COPIED.replace("fetchStatus", name[0] + "Status"),
                                     encoding="utf-8")
    (tmp_path / ".git").mkdir()
    parsed, parse_js = [], js_rules.language.parse_js

    def counting(text, **options):
        parsed.append(text)
        return parse_js(text, **options)

    monkeypatch.setattr(js_rules.language, "parse_js", counting)
    engine = Engine(build_config(None), {"INV301", "INV000"})
    result = check_paths(engine, [str(tmp_path)], jobs=1)
    assert [(f.path.rsplit("/", 1)[-1], f.code, f.scope) for f in result.findings] == [
        ("a.js", "INV301", "aStatus"), ("b.js", "INV301", "bStatus")]
    assert len(parsed) == 2
