"""The reviewed real-code corpus: every finding on three real projects, with a verdict.

``../shared/corpus`` (or ``$INVARIANT_LINT_CORPUS``) holds real ComfyUI custom nodes that
nobody tuned the rules to.  Each project is copied to a temporary folder, made a git work
tree (one project root, as a checkout is) and checked with the CLI, every rule selected.
``tests/corpus/<project>.txt`` records each finding as ``path:line:code: verdict: reason``,
where the verdict is ``act`` (that project's maintainer would act on it) or ``noise``; a
line starting with ``#`` is a comment (``# missed:`` lines note violations no rule
reports).  ``tests/corpus/<project>.toml``, when there is one, is the configuration its
maintainer would write on adopting the suite (excluding a vendored library): it is added
to the copy's ``pyproject.toml``.  The test fails

- on a finding that is not recorded (a rule change that needs reviewing) and on a recorded
  finding that disappeared (a recall loss, or a fix to record);
- on an entry still marked ``unreviewed``;
- when a rule's findings are less than 90% ``act``, or when there is more than one
  ``noise`` finding per 2,000 checked lines over the whole corpus.

``python -m pytest tests/test_corpus.py --update-corpus`` rewrites the files from a run:
entries that still match keep their verdicts, new findings come in as ``unreviewed`` with
their message, to be read and judged one by one.  Pinned by (path, line, code), in the
manner of ruff's ecosystem check and pylint's primer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("INVARIANT_LINT_CORPUS", ROOT.parent / "shared" / "corpus"))
REVIEWS = Path(__file__).resolve().parent / "corpus"
VERDICTS = ("act", "noise")
MIN_ACTED_SHARE = 0.9
LINES_PER_NOISE = 2000
_ENTRY = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<code>INV\d{3}): "
                    r"(?P<verdict>[a-z]+): (?P<reason>.*)")


def _projects() -> list[str]:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            raise RuntimeError(f"the corpus is missing in CI: {CORPUS}")
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


PROJECTS = _projects()
if not PROJECTS:
    pytestmark = pytest.mark.skip(
        reason=f"no corpus at {CORPUS} (set INVARIANT_LINT_CORPUS); CI always has it")


def read_reviews(path: Path) -> list[dict]:
    """The entries of one reviewed expectations file, in file order."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _ENTRY.fullmatch(line)
        assert match, f"{path.name}:{number}: not `path:line:code: verdict: reason`: {line}"
        entry = match.groupdict()
        entry["line"] = int(entry["line"])
        entries.append(entry)
    return entries


def _key(entry) -> tuple[str, int, str]:
    return entry["path"], entry["line"], entry["code"]


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory) -> dict[str, dict]:
    """Each project's CLI run: {"findings": [...], "lines": checked lines}."""
    runs = {}
    for name in PROJECTS:
        copy = tmp_path_factory.mktemp("corpus") / name
        shutil.copytree(CORPUS / name, copy)
        (copy / ".git").mkdir()
        (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        adopted = REVIEWS / f"{name}.toml"
        if adopted.exists():
            pyproject = copy / "pyproject.toml"
            before = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
            pyproject.write_text(before + "\n" + adopted.read_text(encoding="utf-8"),
                                 encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "lint_rules", "check", ".", "--select", "ALL",
             "--format", "json"],
            cwd=copy, capture_output=True, text=True, timeout=600,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode in (0, 1), result.stderr
        findings = json.loads(result.stdout)["findings"]
        lines = sum(len(p.read_bytes().splitlines()) for p in copy.rglob("*")
                    if p.suffix in (".py", ".js", ".mjs") and ".git" not in p.parts)
        runs[name] = {"findings": findings, "lines": lines}
    return runs


def _update(path: Path, findings: list[dict]) -> None:
    old = {}
    comments = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                comments.append(line)
        for entry in read_reviews(path):
            old.setdefault(_key(entry), []).append(entry)
    lines = list(comments)
    for finding in sorted(findings, key=lambda f: (f["path"], f["line"], f["code"])):
        key = (finding["path"], finding["line"], finding["code"])
        kept = old.get(key)
        if kept:
            entry = kept.pop(0)
            lines.append(f"{key[0]}:{key[1]}:{key[2]}: {entry['verdict']}: {entry['reason']}")
        else:
            message = " ".join(finding["message"].split())
            lines.append(f"{key[0]}:{key[1]}:{key[2]}: unreviewed: {message}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", PROJECTS)
def test_findings_match_the_review(name, corpus_runs, request):
    findings = corpus_runs[name]["findings"]
    path = REVIEWS / f"{name}.txt"
    if request.config.getoption("update_corpus"):
        _update(path, findings)
    assert path.exists(), f"no review of {name}: run with --update-corpus and review it"
    entries = read_reviews(path)
    found = Counter((f["path"], f["line"], f["code"]) for f in findings)
    recorded = Counter(_key(e) for e in entries)
    new = sorted((found - recorded).elements())
    gone = sorted((recorded - found).elements())
    messages = {(f["path"], f["line"], f["code"]): f["message"] for f in findings}
    report = [f"new, to review: {p}:{n}:{c} {messages[(p, n, c)]}" for p, n, c in new]
    report += [f"recorded but no longer found: {p}:{n}:{c}" for p, n, c in gone]
    assert not report, "\n".join(report)
    unreviewed = [e for e in entries if e["verdict"] not in VERDICTS]
    assert not unreviewed, "\n".join(
        f"{e['path']}:{e['line']}:{e['code']}: verdict '{e['verdict']}' (act or noise)"
        for e in unreviewed)
    assert all(e["reason"].strip() for e in entries)


def test_precision_on_the_corpus(corpus_runs):
    """At least 90% of each rule's findings are acted on; at most one noise finding per
    2,000 lines of the whole corpus."""
    per_rule: dict[str, Counter] = {}
    for name in PROJECTS:
        path = REVIEWS / f"{name}.txt"
        if not path.exists():
            continue
        for entry in read_reviews(path):
            per_rule.setdefault(entry["code"], Counter())[entry["verdict"]] += 1
    lines = sum(run["lines"] for run in corpus_runs.values())
    noise = sum(counts["noise"] for counts in per_rule.values())
    assert noise * LINES_PER_NOISE <= lines, (
        f"{noise} noise findings in {lines} lines (at most one per {LINES_PER_NOISE})")
    for code, counts in sorted(per_rule.items()):
        total = sum(counts.values())
        assert counts["act"] >= MIN_ACTED_SHARE * total, (
            f"{code}: {counts['act']} of {total} findings acted on")
