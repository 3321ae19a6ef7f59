"""The rule-test harness cannot pass on a crash: a rule that raises fails the test."""

from __future__ import annotations

import pytest

from lint_rules.registry import all_rules
from rule_harness import assert_marks, run_rule


def _raise(*_args, **_kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize("code, text", [
    ("INV711", "const el = document.createElement('div');\n"
               "el.addEventListener('click', () => el.remove());\n"),
    ("INV201", "import json\nx = json.dumps({})\n"),
], ids=["js", "python"])
def test_a_crashing_rule_fails_the_harness(monkeypatch, code, text):
    rule = all_rules()[code]
    filename = "snippet.js" if rule.language == "js" else "snippet.py"
    # The clean case passes while the rule works...
    assert run_rule(code, text, filename=filename) == []
    # ...and fails once the rule raises, although it still reports no finding of its code.
    monkeypatch.setattr(rule, "check", _raise)
    with pytest.raises(pytest.fail.Exception, match="unexpected INV000"):
        run_rule(code, text, filename=filename)
    with pytest.raises(pytest.fail.Exception, match="internal error in " + code):
        assert_marks(code, text, filename=filename)


def test_a_crashing_project_wide_rule_fails_the_harness(monkeypatch):
    rule = all_rules()["INV712"]
    monkeypatch.setattr(rule, "check_project", _raise)
    with pytest.raises(pytest.fail.Exception, match="unexpected INV000"):
        run_rule("INV712", "const t = setInterval(f, 10); clearInterval(t);\n",
                 filename="a.js")


def test_expected_parse_errors_are_returned():
    found = run_rule("INV101", "def broken(:\n", expect_inv000=True)
    assert [f.code for f in found] == ["INV000"]
