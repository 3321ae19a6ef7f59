"""The bad and good examples that ``invariant-lint explain`` prints are real code:
the bad one is flagged by its rule, the good one is not.

An example may show several files: a line that is only a comment naming a path
(``# utils/constants.py``, ``// web/ui.js``) starts the next file.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from lint_rules.config import build_config
from lint_rules.engine import Engine
from lint_rules.registry import all_rules

RULES = list(all_rules().values())


_FILE_HEADER = re.compile(r"^(?:#|//)\s*(?P<path>[\w./-]+\.(?:py|js|mjs))\s*$")


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


def _codes_found(tmp_path, rule, example: str) -> list[str]:
    suffix = ".py" if rule.language == "python" else ".js"
    (tmp_path / "pyproject.toml").write_text("[tool.invariant-lint]\n", encoding="utf-8")
    for relative, text in split_example(example, suffix).items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    result = Engine(build_config(None), {rule.code, "INV000"}).check_paths([str(tmp_path)])
    return [finding.code for finding in result.findings]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_bad_example_is_flagged(tmp_path, rule):
    assert rule.code in _codes_found(tmp_path, rule, rule.bad_example)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_good_example_is_clean(tmp_path, rule):
    assert _codes_found(tmp_path, rule, rule.good_example) == []
