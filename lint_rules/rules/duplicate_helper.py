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
``[tool.invariant-lint]`` is a project of its own), and files matching ``clone-exclude``
(by default tests, which repeat themselves on purpose; also the place for fixtures and
generated code) are left out of INV301 and INV302 altogether.  To fix: keep one
implementation in a shared module and import it; for deliberate twins, ``# noqa: INV301``
on the ``def`` line.
"""

from __future__ import annotations

from collections import defaultdict

from ..analyses.clones import ProjectClones, project_clones
from ..findings import Finding
from ..project_index import display_path, matches_in_project
from ..registry import Option, Rule, register

MAX_NAMED = 4  # copies named in one message; the others are counted


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


def configured_clones(sources: list, options: dict) -> ProjectClones:
    """The clones among ``sources`` with INV301's options, which INV302 shares."""
    patterns = options["clone-exclude"]
    return project_clones(
        sources, min_size=options["clone-min-size"], near_min_size=options["clone-near-min-size"],
        similarity=options["clone-similarity"],
        is_excluded=lambda path: matches_in_project(path, patterns),
    )


@register
class DuplicateHelper(Rule):
    code = "INV301"
    symbol = "duplicate-helper"
    summary = "function duplicated elsewhere in the project (exact, renamed or near copy)"
    language = "python"
    project_wide = True
    options = (
        Option(
            "clone-min-size", int, 6,
            "smallest function body, in normalised syntax-tree nodes, whose exact or renamed "
            "copies are reported (`return f\"[Distributed][exec:{trace_execution_id}]\"` has 6)",
        ),
        Option(
            "clone-near-min-size", int, 18,
            "smallest body for near copies and for copies that differ in literals or called "
            "names (a 4-statement try/except parser has about 20)",
        ),
        Option(
            "clone-similarity", float, 0.5,
            "how alike two bodies must be to count as near copies: Dice coefficient of their "
            "normalised subtrees, 0 to 1 (0 turns near copies off)",
        ),
        Option(
            # Tests repeat themselves on purpose (as INV401 exempts them from magic numbers).
            "clone-exclude", list, ["tests", "test_*.py", "*_test.py", "conftest.py"],
            "glob patterns of files that INV301 and INV302 neither compare nor report "
            "(matched like exclude, against the path relative to the project root); the "
            "files are still checked by every other rule",
        ),
    )
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

    def check_project(self, sources, options):
        clones = configured_clones(sources, options)
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
                copies.append(f"'{other.qualname}' at {display_path(other.absolute)}:{other.line}"
                              f" ({pair.kind}, similarity {pair.similarity:.2f})")
            keyword = "async def " if unit.node.__class__.__name__.startswith("Async") else "def "
            yield Finding(
                path=unit.path,
                line=unit.line,
                column=unit.column,
                code=self.code,
                message=(f"'{unit.qualname}' duplicates {describe_copies(copies, len(found))};"
                         " keep one implementation in a shared module and import it"),
                end_line=unit.line,
                end_column=unit.column + len(keyword) + len(unit.name),
            )
