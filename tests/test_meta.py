"""Every rule is complete: explained, exemplified, documented in README.md, and wired into
every front end; the README's configuration reference matches the options the code has."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from conftest import EXAMPLES, ROOT
from marks import expected_marks
from lint_rules.cli import explain_text
from lint_rules.registry import (
    PARSE_ERROR_CODE, RULE_MODULES, all_codes, all_rules, all_settings, readers_of,
    rule_implementations,
)
from lint_rules.shared_settings import GeneralSettings

README = ROOT / "README.md"
RULES = all_rules()
CODES = [info.code for info in all_codes()]


# -- rule metadata and explain ------------------------------------------------------------

def test_codes_and_symbols_are_unique_and_well_formed():
    infos = all_codes()
    assert infos[0].code == PARSE_ERROR_CODE and infos[0].symbol == "parse-error"
    assert len({i.code for i in infos}) == len(infos)
    assert len({i.symbol for i in infos}) == len(infos)
    for info in infos:
        assert re.fullmatch(r"INV\d{3}", info.code), info.code
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", info.symbol), info.symbol
        assert info.summary.strip(), info.code


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_metadata(code):
    rule = RULES[code]
    assert rule.language in ("python", "js")
    assert len(rule.rationale()) >= 200, f"{code}: the module docstring is the rationale"
    assert rule.bad_example.strip() and rule.good_example.strip()
    assert rule.bad_example.strip() != rule.good_example.strip()


@pytest.mark.parametrize("code", CODES)
def test_explain_page(code):
    text = explain_text(code)
    assert text, code
    symbol = {info.code: info.symbol for info in all_codes()}[code]
    assert text == explain_text(symbol)
    if code == PARSE_ERROR_CODE:
        assert "parse" in text
        return
    if code not in RULES:  # the suppression audit's codes (INV001, INV002)
        assert text.startswith(f"{code} {symbol}: ")
        assert re.search(r"^Bad:\n(    \S.*\n)", text, re.M)
        assert re.search(r"^Good:\n(    \S.*\n)", text, re.M)
        return
    rule = RULES[code]
    assert text.startswith(f"{code} {rule.symbol}: {rule.summary}\n")
    assert rule.rationale() in text
    # One "Bad:" example, or one per language ("Bad (python):", "Bad (js):").
    assert re.search(r"^Bad(?: \(\w+\))?:\n(    \S.*\n)", text, re.M), \
        "Bad: needs a non-empty example"
    assert re.search(r"^Good(?: \(\w+\))?:\n(    \S.*\n)", text, re.M), \
        "Good: needs a non-empty example"
    for setting in rule.settings_class.declarations():  # its own keys and the shared ones
        assert f"\n  {setting.key} = {setting.default_toml()}\n" in text, setting.key
        assert setting.help.split()[0] in text


# -- examples -----------------------------------------------------------------------------

def _example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".py", ".js", ".mjs"))


def _rule_folder(code: str) -> Path:
    return EXAMPLES / ("js" if RULES[code].language == "js" else "python") / code.lower()


def test_example_marks_name_known_codes():
    for path in _example_files():
        for _line, code in expected_marks(path):
            assert code in CODES, f"{path}: unknown code {code}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_bad_and_good_examples(code):
    folder = _rule_folder(code)
    assert folder.is_dir(), f"{code}: no examples folder {folder.relative_to(ROOT)}"
    files = [p for p in _example_files() if folder in p.parents]
    bad = [p for p in files if any(c == code for _, c in expected_marks(p))]
    good = [p for p in files if p.read_text(encoding="utf-8").strip()
            and not any(c == code for _, c in expected_marks(p))]
    assert bad, f"{code}: no example file with an 'expect: {code}' mark"
    assert good, f"{code}: no must-not-flag example file"


# -- front ends -----------------------------------------------------------------------------

def test_pylint_message_ids():
    from lint_rules.pylint_plugin import family_checkers, pylint_msgid

    ids, symbols = [], []
    for checker in family_checkers():
        middle = {msgid[1:3] for msgid in checker.msgs}
        assert len(middle) == 1, f"{checker.name}: pylint needs one shared id part"
        for msgid, (template, symbol, _help) in checker.msgs.items():
            assert re.fullmatch(r"[CREWIF]\d{4}", msgid)
            assert template.endswith("%s")
            ids.append(msgid)
            symbols.append(symbol)
    assert len(ids) == len(set(ids))
    expected = {pylint_msgid(i.code): i.symbol for i in all_codes() if i.code != PARSE_ERROR_CODE}
    assert dict(zip(ids, symbols)) == expected


def test_entry_points_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["flake8.extension"] == {
        "INV": "lint_rules.flake8_plugin:InvariantLintChecker"
    }
    assert project["scripts"] == {"invariant-lint": "lint_rules.cli:main"}
    assert "pytest" in " ".join(project["optional-dependencies"]["test"])


def test_flake8_entry_point_installed():
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group="flake8.extension")}
    assert found.get("INV") == "lint_rules.flake8_plugin:InvariantLintChecker"


def test_pre_commit_hook():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: invariant-lint$", text, re.M)
    assert re.search(r"^  entry: invariant-lint check --force-exclude$", text, re.M)
    assert re.search(r"^  language: python$", text, re.M)
    assert re.search(r"^  types_or: \[python, javascript\]$", text, re.M)


def test_ci_script():
    script = ROOT / ".ci" / "run"
    assert script.stat().st_mode & 0o111, ".ci/run must be executable"
    text = script.read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    assert "python -m pytest" in text


# -- README ---------------------------------------------------------------------------------

def _readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_rules_table_lists_exactly_the_implemented_codes():
    rows = re.findall(r"^\| (INV\d{3}) \| `([a-z-]+)` \|", _readme(), re.M)
    assert rows == [(info.code, info.symbol) for info in all_codes()]


def test_readme_mentions_every_option():
    text = _readme()
    for key in all_settings():
        assert key in text, key


def render_config_reference() -> str:
    """The configuration block README.md must hold, generated from the declarations:
    the general keys, the shared keys (with the rules that read them), then each rule's
    own keys."""
    lines = ["[tool.invariant-lint]"]

    def add(setting, note: str = "") -> None:
        lines.extend(textwrap.wrap(setting.help + note, 86, initial_indent="# ",
                                   subsequent_indent="# "))
        lines.append(f"{setting.key} = {setting.default_toml()}")

    def heading(title: str) -> None:
        lines.append("")
        lines.append(f"# -- {title} " + "-" * (80 - len(title)))

    general = GeneralSettings.declarations()
    for setting in general:
        add(setting)
    general_keys = {s.key for s in general}
    shared = [s for s in all_settings().values() if s.shared and s.key not in general_keys]
    heading("shared by several rules")
    for setting in shared:
        add(setting, f" (read by {', '.join(readers_of(setting.key))})")
    for code, rule in RULES.items():
        own = [s for s in rule.settings_class.declarations() if not s.shared]
        if not own:
            continue
        heading(f"{code} {rule.symbol}")
        for setting in own:
            add(setting)
    return "```toml\n" + "\n".join(lines) + "\n```\n"


def test_readme_configuration_reference_is_current():
    expected = render_config_reference()
    assert expected in _readme(), (
        "README.md's configuration reference is out of date; replace it with:\n\n" + expected
    )


def test_readme_configuration_reference_is_the_defaults():
    """The block is valid TOML and loads to exactly the defaults, key by key."""
    from lint_rules.config import build_config

    block = render_config_reference().split("\n", 1)[1].rsplit("```", 1)[0]
    table = tomllib.loads(block)["tool"]["invariant-lint"]
    assert set(table) == set(all_settings())
    loaded, defaults = build_config(table).values, build_config(None).values
    for key in table:
        if hasattr(defaults[key], "pattern") and not hasattr(defaults[key], "matches"):
            assert loaded[key].pattern == defaults[key].pattern, key  # compiled regex
        else:
            assert loaded[key] == defaults[key], key


def test_readme_quick_start_commands():
    text = _readme()
    assert "pip install -e . && invariant-lint check examples/" in text
    assert "pip install -e '.[test]' && python -m pytest" in text


# -- registry -------------------------------------------------------------------------------

def _rule_module_files() -> list[str]:
    found = []
    for package in ("lint_rules", "js_rules"):
        for path in sorted((ROOT / package / "rules").glob("*.py")):
            if path.name != "__init__.py":
                found.append(f"{package}.rules.{path.stem}")
    return found


def test_every_module_of_a_rules_folder_is_registered():
    """A module left out of RULE_MODULES would never be loaded, and every test stay green."""
    assert sorted(RULE_MODULES) == sorted(_rule_module_files())
    registered_modules = {rule.__module__ for rule in rule_implementations()}
    assert registered_modules == set(RULE_MODULES), "each rule module registers a rule"


def test_settings_have_one_owner_and_valid_defaults():
    declared = all_settings()  # raises when two rules own one key
    for key, setting in declared.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", key), key
        assert setting.help.strip(), key
        setting.parse(setting.default)  # every default is a valid value of its type
        tomllib.loads(f"{key} = {setting.default_toml()}")  # and is written as valid TOML


def test_rule_checks_report_through_the_context_and_return_nothing():
    import inspect

    for rule in rule_implementations():
        method = rule.check_project if rule.project_wide else rule.check
        assert not inspect.isgeneratorfunction(method), f"{rule.__name__} yields findings"


@pytest.fixture
def isolated_registry(monkeypatch):
    """The registry as it is, restored after the test (for test-only rules)."""
    from lint_rules import registry

    all_rules()  # load the real rules first
    monkeypatch.setattr(registry, "_RULES", {c: dict(v) for c, v in registry._RULES.items()})
    return registry


def test_one_code_can_cover_two_languages(isolated_registry, tmp_path):
    """One code, one explain page, one settings class, two language implementations."""
    from lint_rules.cli import explain_text
    from lint_rules.config import build_config
    from lint_rules.engine import Engine
    from lint_rules.settings import Setting, Settings, Text
    from lint_rules.sources import load_source

    class WordSettings(Settings):
        word = Setting("demo-word", Text(), "banned", "the word that is reported")

    @isolated_registry.register
    class PythonWord(isolated_registry.Rule):
        code, symbol, summary, language = "INV990", "demo-word", "a banned word", "python"
        settings_class = WordSettings
        bad_example, good_example = "banned = 1\n", "allowed = 1\n"

        def check(self, ctx):
            for number, line in enumerate(ctx.text.splitlines(), 1):
                if ctx.settings.word in line:
                    ctx.report_at(number, line.index(ctx.settings.word), "found it")

    @isolated_registry.register
    class JsWord(PythonWord):
        language = "js"
        bad_example, good_example = "const banned = 1;\n", "const allowed = 1;\n"

    with pytest.raises(ValueError, match="subclasses"):
        isolated_registry.register(type("Stray", (isolated_registry.Rule,), {
            "code": "INV990", "symbol": "demo-word", "summary": "", "language": "css",
            "bad_example": "x", "check": PythonWord.check}))

    (tmp_path / "a.py").write_text("x = 'banned'\n", encoding="utf-8")
    (tmp_path / "a.js").write_text("const y = 'banned';\n", encoding="utf-8")
    engine = Engine(build_config({"demo-word": "banned"}), {"INV990", "INV000"})
    found = [(f.path.rsplit("/", 1)[-1], f.code) for name in ("a.py", "a.js")
             for f in engine.check_source(load_source(str(tmp_path / name)))]
    assert found == [("a.py", "INV990"), ("a.js", "INV990")]
    settings = {type(rule): rule.settings for rule in engine.rules}
    assert settings[PythonWord] is settings[JsWord]  # one settings object for the code
    page = explain_text("INV990")
    assert page.count("demo-word = \"banned\"") == 1
    assert "Bad (python):" in page and "Bad (js):" in page and "Good (js):" in page


def _imports_of_suite_modules() -> dict[str, set[str]]:
    """Suite module -> the suite modules it imports (module level or in functions)."""
    import ast

    modules = {}
    for package in ("lint_rules", "js_rules"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = package.split(".")
                base = (".".join(parts[:len(parts) - node.level + 1] + [node.module or ""])
                        if node.level else node.module)
                candidates = [base.rstrip("."), *(f"{base}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            found |= {c for c in candidates if c in modules and c != name}
        graph[name] = found
    return graph


def test_no_import_cycles():
    """Layers import downward only (failures <- languages <- sources <- engine <- runner)."""
    graph = _imports_of_suite_modules()
    state: dict[str, str] = {}

    def visit(name, trail):
        state[name] = "open"
        for imported in sorted(graph[name]):
            if state.get(imported) == "open":
                pytest.fail("import cycle: " + " -> ".join([*trail, imported]))
            if imported not in state:
                visit(imported, [*trail, imported])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
