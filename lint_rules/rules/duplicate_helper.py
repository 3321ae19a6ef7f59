"""A helper's logic lives in one place, not copied across modules (refactor plan, Tasks
4.1, 4.2 and 4.3).

ComfyUI-Distributed grew three byte-for-byte copies of ``_trace_prefix`` /
``_trace_debug`` / ``_trace_info`` (one per orchestration module) and four variants of
"parse a positive int/float, else fall back to a default".  Copies drift: a fix to one
(the log prefix, the handling of ``0``) silently misses the others.  The plan moves each
into one shared module; this rule keeps it that way.

Functions and methods across the whole project are compared after normalisation:
docstrings, comments, ``pass`` and annotations are dropped, parameters and local names
are renamed consistently.  Reported, on each copy's ``def`` line, naming the other copies:

* **exact** copies and **renamed** copies (only local names differ) from a small size
  (``clone-min-size``; the one-line ``_trace_prefix`` counts);
* **renamed** copies whose literals or called names also differ (``int(value)`` vs
  ``float(value)``), and **near** copies whose normalised statement trees are at least
  ``clone-similarity`` alike (Dice coefficient over their subtrees, each weighted by its
  size, so a shared statement counts for more than shared names), from a larger size
  (``clone-near-min-size``) — for a one-liner the literal or the callee *is* the logic, so
  ``trace_debug`` (calls ``debug_log``) and ``trace_info`` (calls ``log``) are not copies.

Never counted: trivial bodies (``pass``, ``...``, a lone docstring, ``return self._x``,
``raise NotImplementedError``), ``@overload`` signatures and ``@abstractmethod`` stubs.
Copies nested in two functions that are themselves copies are reported once, at the outer
functions.  Only files of one project are compared (a folder with its own
``[tool.invariant-lint]`` is a project of its own), and files matching ``test-files``
(tests repeat themselves on purpose) or ``clone-exclude`` (the place for fixtures and
generated code) are left out of INV301 and INV302 altogether.  To fix: keep one
implementation in a shared module and import it; for deliberate twins, ``# noqa: INV301``
on the ``def`` line.
"""

from __future__ import annotations

from collections import defaultdict

from ..analyses.clones import ProjectClones, project_clones
from ..constants import MAX_NAMED_COPIES as MAX_NAMED
from ..findings import Related
from ..project_roots import path_beside
from ..registry import Rule, register
from ..settings import Settings
from ..shared_settings import (
    CLONE_EXCLUDE, CLONE_MIN_SIZE, CLONE_NEAR_MIN_SIZE, CLONE_SIMILARITY, JS_TEST_FILES,
    TEST_FILES,
)


def describe_copies(entries: list[str], total: int | None = None) -> str:
    """``a, b and c`` for a message; past ``MAX_NAMED`` (or when ``total`` says there are
    more copies than entries given), ``a, b, c, d and N more``."""
    total = len(entries) if total is None else total
    shown = entries[:MAX_NAMED]
    if total > len(shown):
        shown.append(f"{total - len(shown)} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


class CloneSettings(Settings):
    """What INV301 and INV302 both read: the function-pair thresholds and the exclusions."""

    clone_min_size = CLONE_MIN_SIZE
    clone_near_min_size = CLONE_NEAR_MIN_SIZE
    clone_similarity = CLONE_SIMILARITY
    clone_exclude = CLONE_EXCLUDE
    test_files = TEST_FILES
    js_test_files = JS_TEST_FILES


def configured_clones(project) -> ProjectClones:
    """The clones among a project's files, with the clone settings of its rule."""
    settings = project.settings

    def is_excluded(path: str) -> bool:
        return settings.test_files.matches(path) or settings.clone_exclude.matches(path)

    return project_clones(
        project.files, min_size=settings.clone_min_size,
        near_min_size=settings.clone_near_min_size, similarity=settings.clone_similarity,
        is_excluded=is_excluded)


@register
class DuplicateHelper(Rule):
    code = "INV301"
    symbol = "duplicate-helper"
    summary = "function duplicated elsewhere in the project (exact, renamed or near copy)"
    language = "python"
    project_wide = True
    settings_class = CloneSettings
    bad_example = '''
# api/orchestration/dispatch.py
def _trace_prefix(trace_execution_id):
    return f"[Distributed][exec:{trace_execution_id}]"

# api/queue_orchestration.py
def _trace_prefix(trace_execution_id: str) -> str:
    """Log prefix of one traced execution."""
    return f"[Distributed][exec:{trace_execution_id}]"
'''
    good_example = '''
# utils/trace_logger.py
def trace_prefix(trace_execution_id: str) -> str:
    return f"[Distributed][exec:{trace_execution_id}]"

# api/orchestration/dispatch.py and api/queue_orchestration.py
from ...utils.trace_logger import trace_prefix
'''

    def clones(self, project) -> ProjectClones:
        """The clones among the project's files (a second language's rule has its own)."""
        return configured_clones(project)

    def check_project(self, project):
        clones = self.clones(project)
        partners = defaultdict(list)
        for pair in clones.pairs:
            partners[pair.first].append((pair.second, pair))
            partners[pair.second].append((pair.first, pair))
        for index, found in partners.items():
            unit = clones.units[index]
            found.sort(key=lambda item: (clones.units[item[0]].absolute,
                                         clones.units[item[0]].line))
            copies = []
            for other_index, pair in found[:MAX_NAMED]:
                other = clones.units[other_index]
                where = path_beside(other.absolute, unit.path)
                copies.append(f"'{other.qualname}' at {where}:{other.line}"
                              f" ({pair.kind}, similarity {pair.similarity:.2f})")
            related = [Related(clones.units[i].path, clones.units[i].line,
                               clones.units[i].column, f"copy '{clones.units[i].qualname}'")
                       for i, _pair in found[:MAX_NAMED]]  # the copies the message names
            project.file(unit.path).report_at(
                unit.line, unit.column,
                f"'{unit.qualname}' duplicates {describe_copies(copies, len(found))};"
                " keep one implementation in a shared module and import it",
                end_line=unit.line, end_column=unit.end_column,
                related=related)
