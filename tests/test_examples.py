"""Every example through every front end: exactly the ``expect`` marks, no more, no less."""

from __future__ import annotations

import pytest

from conftest import ROOT, example_files, expected_marks

PYTHON = example_files("python")
JS = example_files("js")


def _id(path):
    return path.relative_to(ROOT / "examples").as_posix()


def test_examples_exist():
    assert PYTHON and JS


@pytest.mark.parametrize("path", PYTHON + JS, ids=_id)
def test_cli_matches_marks(path, cli_findings):
    key = path.relative_to(ROOT).as_posix()
    assert cli_findings.get(key, set()) == expected_marks(path)


@pytest.mark.parametrize("path", PYTHON, ids=_id)
def test_pylint_matches_marks(path, pylint_findings):
    key = path.relative_to(ROOT).as_posix()
    assert pylint_findings.get(key, set()) == expected_marks(path)


@pytest.mark.parametrize("path", PYTHON, ids=_id)
def test_flake8_matches_marks(path, flake8_findings):
    key = path.relative_to(ROOT).as_posix()
    assert flake8_findings.get(key, set()) == expected_marks(path)
