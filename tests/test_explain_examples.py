"""The bad and good examples that ``invariant-lint explain`` prints are real code:
the bad one is flagged by its rule, the good one is not.

The examples are read from the page itself (:func:`lint_rules.cli.explain_text`), so what
the user sees is what is checked.  An example may show several files: a line that is only
a comment naming a path (``# utils/constants.py``, ``// web/ui.js``) starts the next file.
Each example runs as a project through ``tests/rule_harness.py``: the rule's code plus
INV000, so a crash of the rule fails the test.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from lint_rules.cli import explain_text
from lint_rules.registry import all_rules
from rule_harness import run_project

RULES = list(all_rules().values())
SUFFIXES = {"python": ".py", "js": ".js"}

_FILE_HEADER = re.compile(r"^(?:#|//)\s*(?P<path>[\w./-]+\.(?:py|js|mjs))\s*$")
# "Bad:" / "Good:", or "Bad (js):" when the rule covers several languages.
_SECTION = re.compile(r"^(?P<kind>Bad|Good)(?: \((?P<language>\w+)\))?:$")


def page_examples(rule, kind: str) -> list[tuple[str, str]]:
    """(language, example text) of each ``kind`` ("Bad" or "Good") section of the rule's
    explain page; a section is the indented block under its heading."""
    examples: list[tuple[str, list[str]]] = []
    current = None
    for line in explain_text(rule.code).splitlines():
        heading = _SECTION.match(line)
        if heading:
            current = None
            if heading.group("kind") == kind:
                current = []
                examples.append((heading.group("language") or rule.language, current))
        elif current is not None and (line.startswith("    ") or not line.strip()):
            current.append(line)
        else:
            current = None
    return [(language, textwrap.dedent("\n".join(lines))) for language, lines in examples]


def split_example(example: str, suffix: str) -> dict[str, str]:
    """Relative path -> text of each file an example shows."""
    files: dict[str, list[str]] = {}
    current = f"example{suffix}"
    for line in textwrap.dedent(example).strip("\n").splitlines():
        header = _FILE_HEADER.match(line)
        if header:
            current = header.group("path")
            continue
        files.setdefault(current, []).append(line)
    return {path: "\n".join(lines) + "\n" for path, lines in files.items()}


def _codes_found(tmp_path, rule, kind: str) -> list[list[str]]:
    """Codes found in each ``kind`` example of the page, each example its own project."""
    examples = page_examples(rule, kind)
    assert examples, f"the explain page of {rule.code} shows no {kind} example"
    codes = []
    for number, (language, example) in enumerate(examples):
        root = tmp_path / f"{kind.lower()}{number}"
        root.mkdir()
        files = split_example(example, SUFFIXES[language])
        codes.append([finding.code for finding in run_project(rule.code, root, files)])
    return codes


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_bad_example_is_flagged(tmp_path, rule):
    for codes in _codes_found(tmp_path, rule, "Bad"):
        assert rule.code in codes


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_good_example_is_clean(tmp_path, rule):
    for codes in _codes_found(tmp_path, rule, "Good"):
        assert codes == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_page_shows_the_rule_class_examples(rule):
    # The page is where the examples are read from: it must show the class's own.
    for kind, example in (("Bad", rule.bad_example), ("Good", rule.good_example)):
        shown = [text.strip("\n") for _language, text in page_examples(rule, kind)]
        assert textwrap.dedent(example).strip("\n") in shown
