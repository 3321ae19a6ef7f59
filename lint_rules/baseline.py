"""The baseline: findings recorded once (``check --write-baseline``) and not reported again,
so a project can switch the suite on today and fix its old findings later.

An entry is keyed so that it survives unrelated edits: the file's path (relative to the
baseline file's folder, with ``/``), the code, the qualified name of the innermost
enclosing definition (``Jobs.run``; empty at module level) and a fingerprint of the
flagged line's source with its whitespace normalised, never the line number, with the
number of findings under that key.  Inserting lines above a finding keeps it baselined;
renaming its function, or changing the flagged line, makes it a new finding.  ``INV000``
is never recorded: a file that does not parse is fixed or excluded, not baselined.  When a
key's count grows, the extra findings (the last ones in the file) are reported.  Entries
for files the run checked that match nothing any more are *stale*: reported as one line,
an error with ``--strict-baseline``, removed with ``--prune-baseline``.

The file is JSON, one entry per line, sorted, so it is the same on every machine and
small in a diff; it is written atomically.  The CLI, the pylint plugin and the flake8
plugin read it the same way (``--baseline FILE`` or the ``baseline`` key), through
:func:`configured_baseline` and :meth:`Baseline.filter`.

The fingerprint is also what the SARIF and GitLab reports give as a finding's stable
identity (:func:`report_fingerprints`): one implementation.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .config import Config, ConfigError
from .constants import FINGERPRINT_BYTES
from .findings import Finding
from .registry import PARSE_ERROR_CODE
from .sources import load_source
from .result_cache import stored_analysis
from .text_files import split_lines, write_atomically

BASELINE_FORMAT = 1
DEFAULT_BASELINE_FILE = ".invariant-lint-baseline.json"
_TOOL = "invariant-lint"


class BaselineError(ConfigError):
    """A baseline file that cannot be used (missing, unreadable, not a baseline)."""


# -- the key of a finding -----------------------------------------------------------------

def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                           digest_size=FINGERPRINT_BYTES).hexdigest()


def line_fingerprint(line: str) -> str:
    """The fingerprint of a flagged line: its text with whitespace runs made one space."""
    return _digest(" ".join(line.split()))


class DefinitionSpans:
    """The named definitions of a file (see ``Language.definitions``), once per file."""

    @staticmethod
    def from_file(source) -> tuple:
        definitions = source.plugin.definitions
        if definitions is None or source.text is None:
            return ()
        # Text alone decides them: the project pass reads them from the result cache.
        return stored_analysis(source.path, source.text, ("definitions", source.language),
                               lambda: tuple(definitions(source)))


def enclosing_scope(spans, line: int) -> str:
    """The qualified name of the innermost definition spanning ``line`` ("" if none)."""
    best, best_start = "", -1
    for start, end, name in spans:
        if start <= line <= end and start >= best_start:
            best, best_start = name, start
    return best


def annotate(source, findings: list[Finding]) -> list[Finding]:
    """``findings`` of one loaded file with their scope and fingerprint set."""
    if not findings or all(f.fingerprint is not None for f in findings):
        return findings
    lines = split_lines(source.text or "")
    spans = source.analysis(DefinitionSpans) if source.text is not None else ()
    annotated = []
    for finding in findings:
        if finding.fingerprint is None:
            text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            finding = replace(finding, scope=enclosing_scope(spans, finding.line),
                              fingerprint=line_fingerprint(text))
        annotated.append(finding)
    return annotated


def annotated_from_disk(findings: list[Finding]) -> list[Finding]:
    """``findings`` with scope and fingerprint, reading the files of those that lack them
    (findings made outside the engine)."""
    positions: dict[str, list[int]] = {}
    for position, finding in enumerate(findings):
        if finding.fingerprint is None:
            positions.setdefault(finding.path, []).append(position)
    if not positions:
        return findings
    result = list(findings)
    for path, indexes in positions.items():
        done = annotate(load_source(path), [findings[i] for i in indexes])
        for index, finding in zip(indexes, done):
            result[index] = finding
    return result


@dataclass(frozen=True, order=True)
class BaselineKey:
    """What a baseline entry matches: file, code, enclosing definition, line fingerprint."""

    path: str
    code: str
    scope: str
    fingerprint: str


def relative_path(path: str, base: str) -> str:
    """``path`` relative to the folder ``base``, with ``/`` separators."""
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def key_of(finding: Finding, base: str) -> BaselineKey:
    """The baseline key of an annotated finding, its path relative to ``base``."""
    return BaselineKey(relative_path(finding.path, base), finding.code, finding.scope or "",
                       finding.fingerprint or "")


def report_fingerprints(findings: list[Finding], root: str) -> list[str]:
    """A stable identity for each finding, for SARIF's ``partialFingerprints`` and
    GitLab's ``fingerprint``: its baseline key (path relative to ``root``) and its rank
    among the findings of the same key, so two alike findings in one function differ."""
    seen: Counter = Counter()
    identities = []
    for finding in annotated_from_disk(findings):
        key = key_of(finding, root)
        seen[key] += 1
        identities.append(_digest("\0".join([key.path, key.code, key.scope, key.fingerprint,
                                             str(seen[key])])))
    return identities


# -- the file --------------------------------------------------------------------------------

@dataclass
class BaselineMatch:
    """What filtering a run's findings through a baseline gave."""

    reported: list[Finding]
    hidden: int
    matched: Counter = field(default_factory=Counter)


@dataclass
class Baseline:
    """The entries of one baseline file (``counts``: key to number of findings)."""

    path: str
    counts: Counter = field(default_factory=Counter)

    @property
    def base(self) -> str:
        """The folder entry paths are relative to: the baseline file's."""
        return os.path.dirname(os.path.abspath(self.path))

    @classmethod
    def load(cls, path: str) -> "Baseline":
        """Read a baseline file; :class:`BaselineError` if it is missing or malformed."""
        try:
            with open(path, "rb") as handle:
                document = json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"baseline file not found: {path} (write one with "
                                "`invariant-lint check --write-baseline`)") from None
        except OSError as error:
            raise BaselineError(f"cannot read baseline {path}: "
                                f"{error.strerror or error}") from None
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise BaselineError(f"{path}: not an invariant-lint baseline ({error})") from None
        return cls(path, _entries(path, document))

    def filter(self, findings: list[Finding]) -> BaselineMatch:
        """The findings the baseline does not record (sorted input keeps the first ones
        of a key hidden and reports the extra ones)."""
        matched: Counter = Counter()
        reported = []
        for finding in annotated_from_disk(findings):
            key = key_of(finding, self.base)
            if finding.code != PARSE_ERROR_CODE and matched[key] < self.counts.get(key, 0):
                matched[key] += 1
            else:
                reported.append(finding)
        return BaselineMatch(reported, len(findings) - len(reported), matched)

    def stale(self, matched: Counter, in_scope) -> Counter:
        """Entries (key to count) that matched nothing although the run covered them:
        ``in_scope(key)`` tells whether the run checked the key's file and code."""
        left: Counter = Counter()
        for key, count in self.counts.items():
            if count > matched.get(key, 0) and in_scope(key):
                left[key] = count - matched.get(key, 0)
        return left

    def pruned(self, stale: Counter) -> "Baseline":
        """This baseline without its stale entries."""
        return Baseline(self.path, +(self.counts - Counter(stale)))

    @classmethod
    def recorded(cls, path: str, findings: list[Finding], in_scope,
                 previous: "Baseline | None" = None) -> "Baseline":
        """A baseline of ``findings``; the entries of ``previous`` the run did not cover
        (other files, codes not checked) are kept."""
        baseline = cls(path)
        recordable = [f for f in findings if f.code != PARSE_ERROR_CODE]
        baseline.counts = Counter(key_of(f, baseline.base)
                                  for f in annotated_from_disk(recordable))
        if previous is not None:
            for key, count in previous.counts.items():
                if not in_scope(key):
                    baseline.counts[key] += count
        return baseline

    def text(self) -> str:
        """The file's text: sorted, one entry per line, the same on every machine."""
        rows = [json.dumps({"path": k.path, "code": k.code, "scope": k.scope,
                            "fingerprint": k.fingerprint, "count": n}, ensure_ascii=False)
                for k, n in sorted(self.counts.items()) if n > 0]
        body = ",\n".join(f"    {row}" for row in rows)
        return ("{\n"
                f'  "tool": "{_TOOL}",\n'
                f'  "format": {BASELINE_FORMAT},\n'
                '  "findings": [' + (f"\n{body}\n  " if rows else "") + "]\n"
                "}\n")

    def write(self) -> None:
        """Write the file atomically."""
        write_atomically(self.path, self.text().encode("utf-8"))

    @property
    def total(self) -> int:
        """How many findings the baseline records."""
        return sum(self.counts.values())


def _entries(path: str, document) -> Counter:
    def bad(why: str) -> BaselineError:
        return BaselineError(f"{path}: not an invariant-lint baseline ({why})")

    if not isinstance(document, dict) or document.get("tool") != _TOOL:
        raise bad('no "tool": "invariant-lint"')
    if document.get("format") != BASELINE_FORMAT:
        raise bad(f"format {document.get('format')!r}; this version reads {BASELINE_FORMAT}")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise bad('"findings" is not a list')
    counts: Counter = Counter()
    for number, entry in enumerate(entries, 1):
        fields = ("path", "code", "scope", "fingerprint")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields) \
                or not isinstance(entry.get("count"), int) or isinstance(entry["count"], bool) \
                or entry["count"] < 1:
            raise bad(f"entry {number} needs path, code, scope, fingerprint and a count")
        counts[BaselineKey(*(entry[f] for f in fields))] += entry["count"]
    return counts


# -- the configured baseline, for every front end ---------------------------------------------

def baseline_path(config: Config, given: str | None = None) -> str | None:
    """The baseline file of a run: ``given`` (a command-line path, as typed), else the
    configuration's ``baseline`` key relative to the configuration file's folder."""
    if given:
        return given
    configured = config.values.get("baseline") or ""
    if not configured:
        return None
    return os.path.join(config.root or ".", configured)


@lru_cache(maxsize=None)
def _load_cached(path: str, _absolute: str, _stamp: tuple) -> Baseline:
    return Baseline.load(path)


def load_baseline(path: str) -> Baseline:
    """:meth:`Baseline.load`, cached per file and modification time (the plugins ask once
    per checked file)."""
    try:
        status = os.stat(path)
        stamp = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = ()
    return _load_cached(path, os.path.abspath(path), stamp)


def configured_baseline(config: Config) -> Baseline | None:
    """The baseline the configuration names, or None (raises :class:`BaselineError`)."""
    path = baseline_path(config)
    return load_baseline(path) if path else None


def without_baselined(config: Config, findings: list[Finding]) -> list[Finding]:
    """The findings of one file the configured baseline does not record (what the
    pylint and flake8 plugins report)."""
    baseline = configured_baseline(config)
    if baseline is None or not findings:
        return findings
    return baseline.filter(findings).reported


def covered_by_run(base: str, checked, given_paths, codes):
    """``in_scope(key)`` for a run that checked the files ``checked`` (found under
    ``given_paths``) for ``codes``: whether the run would have reported the key's finding
    had it still been there.  A recorded file that no longer exists is covered when it
    lies under a folder the run walked."""
    checked_files = {os.path.abspath(path) for path in checked}
    folders = [os.path.abspath(path) for path in given_paths if os.path.isdir(path)]

    def in_scope(key: BaselineKey) -> bool:
        if key.code not in codes:
            return False
        path = os.path.abspath(os.path.join(base, key.path))
        if path in checked_files:
            return True
        return not os.path.exists(path) and any(
            path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)
    return in_scope
