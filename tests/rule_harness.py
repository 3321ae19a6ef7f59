"""The one way rule tests run a rule: through the engine, with the rule's codes plus
``INV000``, failing on any ``INV000`` the case does not expect.

A rule that crashes is turned into an ``INV000 internal error`` finding by the engine; a
helper that kept only the rule's own code would let every "no finding" case of a crashing
rule pass.  Every rule test goes through :func:`run_rule` (or :func:`run_project`), so a
crash fails the test that met it.
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import pytest

from lint_rules.config import build_config, load_config
from lint_rules.engine import Engine
from lint_rules.findings import Finding
from lint_rules.registry import PARSE_ERROR_CODE
from lint_rules.runner import check_paths
from lint_rules.settings import toml_value
from lint_rules.sources import load_source
from marks import marks_in


_SCRATCH: tempfile.TemporaryDirectory | None = None  # removed when the test run ends


def _scratch_folder() -> Path:
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = tempfile.TemporaryDirectory(prefix="invariant-lint-tests-")
    return Path(tempfile.mkdtemp(dir=_SCRATCH.name))


def _codes(codes) -> set[str]:
    return {codes} if isinstance(codes, str) else set(codes)


def _fail_on_unexpected_parse_errors(findings: list[Finding], expect_inv000: bool):
    errors = [f for f in findings if f.code == PARSE_ERROR_CODE]
    if errors and not expect_inv000:
        shown = "\n".join(f"{f.path}:{f.line}:{f.column + 1}: {f.message}" for f in errors)
        pytest.fail(f"unexpected INV000 (a crash or a parse failure):\n{shown}")


def run_rule(codes, text: str, *, settings: dict | None = None, filename: str = "snippet.py",
             directory: Path | None = None, expect_inv000: bool = False) -> list[Finding]:
    """Findings of ``codes`` (a code or several) and INV000 for one file holding ``text``
    (dedented), written under ``directory`` (a fresh temporary folder by default), with
    ``settings`` as the ``[tool.invariant-lint]`` table.  Per-file and project-wide rules
    both run (the file is a project of one).  Fails on an unexpected INV000."""
    folder = Path(directory) if directory is not None else _scratch_folder()
    path = folder / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    engine = Engine(build_config(settings), _codes(codes) | {PARSE_ERROR_CODE})
    source = load_source(str(path))
    findings = engine.check_source(source) + engine.check_project([source])
    findings = sorted(set(findings), key=Finding.sort_key)
    _fail_on_unexpected_parse_errors(findings, expect_inv000)
    return findings


def run_project(codes, root: Path, files: dict[str, str], *, settings: dict | None = None,
                expect_inv000: bool = False) -> list[Finding]:
    """Findings of ``codes`` and INV000 over a project: ``files`` (relative path to text,
    dedented) written under ``root`` with a ``pyproject.toml`` holding ``settings``, then
    checked as the CLI checks a folder.  Fails on an unexpected INV000."""
    lines = ["[tool.invariant-lint]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in (settings or {}).items()]
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    config = load_config(str(root / "pyproject.toml"))
    engine = Engine(config, _codes(codes) | {PARSE_ERROR_CODE})
    findings = check_paths(engine, [str(root)], jobs=1).findings
    _fail_on_unexpected_parse_errors(findings, expect_inv000)
    return findings


def assert_marks(codes, text: str, **options) -> list[Finding]:
    """Run :func:`run_rule` and require exactly the ``# expect: CODE`` marks of ``text``
    (line and code): no finding missing, none extra."""
    findings = run_rule(codes, text, **options)
    found = {(f.line, f.code) for f in findings}
    assert found == marks_in(textwrap.dedent(text)), findings
    return findings
