"""Every rule is complete: explained, exemplified, documented in README.md, and wired into
every front end; the README's configuration reference matches the options the code has."""

from __future__ import annotations

import json
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
from lint_rules.config import GENERAL_OPTIONS
from lint_rules.registry import PARSE_ERROR_CODE, all_codes, all_options, all_rules

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
    assert text == explain_text(RULES[code].symbol if code in RULES else "parse-error")
    if code == PARSE_ERROR_CODE:
        assert "parse" in text
        return
    rule = RULES[code]
    assert text.startswith(f"{code} {rule.symbol}: {rule.summary}\n")
    assert rule.rationale() in text
    assert re.search(r"^Bad:\n(    \S.*\n)", text, re.M), "Bad: needs a non-empty example"
    assert re.search(r"^Good:\n(    \S.*\n)", text, re.M), "Good: needs a non-empty example"
    for option in rule.options:
        assert f"  {option.name} = {option.default!r}\n" in text, option.name
        assert option.help.split()[0] in text


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
    expected = {pylint_msgid(c): RULES[c].symbol for c in RULES}
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
    assert re.search(r"^  entry: invariant-lint check$", text, re.M)
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
    for name in [*all_options(), *(option.name for option in GENERAL_OPTIONS)]:
        assert name in text, name


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # A literal string keeps a regular expression's backslashes readable.
        return f"'{value}'" if "\\" in value and "'" not in value else json.dumps(value)
    return "[" + ", ".join(_toml_value(item) for item in value) + "]"


def render_config_reference() -> str:
    """The configuration block README.md must hold, generated from the options."""
    lines = ["[tool.invariant-lint]"]

    def add(option) -> None:
        lines.extend(textwrap.wrap(option.help, 86, initial_indent="# ",
                                   subsequent_indent="# "))
        lines.append(f"{option.name} = {_toml_value(option.default)}")

    for option in GENERAL_OPTIONS:
        add(option)
    for code, rule in RULES.items():
        if not rule.options:
            continue
        lines.append("")
        lines.append(f"# -- {code} {rule.symbol} " + "-" * (78 - len(code + rule.symbol)))
        for option in rule.options:
            add(option)
    return "```toml\n" + "\n".join(lines) + "\n```\n"


def test_readme_configuration_reference_is_current():
    expected = render_config_reference()
    assert expected in _readme(), (
        "README.md's configuration reference is out of date; replace it with:\n\n" + expected
    )


def test_readme_configuration_reference_is_the_defaults():
    block = render_config_reference().split("\n", 1)[1].rsplit("```", 1)[0]
    table = tomllib.loads(block)["tool"]["invariant-lint"]
    defaults = {o.name: o.default for o in GENERAL_OPTIONS}
    defaults.update({name: option.default for name, (option, _code) in all_options().items()})
    assert table == defaults


def test_readme_quick_start_commands():
    text = _readme()
    assert "pip install -e . && invariant-lint check examples/" in text
    assert "pip install -e '.[test]' && python -m pytest" in text
