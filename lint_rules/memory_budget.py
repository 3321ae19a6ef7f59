"""A long run's memory stays bounded: caches kept between files are dropped when they grow.

Checking a file with astroid builds, besides the file's own tree, the modules its
inference reaches, and astroid keeps every one of them for the rest of the process.  That
pays off within a project (the same imports are met file after file) but grows without end
on a large tree: 1,800 files of the standard library leave some 900 modules and 700 MB in
one worker.  So after each file, a language whose cache holds more than
:data:`~lint_rules.constants.CACHE_BUDGET_LINES` lines of source drops it
(:attr:`lint_rules.languages.Language.clear_caches`).  Findings do not change: a dropped
module is rebuilt from the same source when it is next needed.  Memory the cache freed is
reused by the next files, so a process's peak stays near the budget's worth plus the
largest single file's analysis.

The budget counts lines, not bytes of resident memory: freed memory is rarely given back to
the system, so resident memory would stay over a byte budget after a drop, and every
following file would drop the cache again.
"""

from __future__ import annotations

from .constants import CACHE_BUDGET_LINES
from .languages import languages


def trim_caches_over_budget(budget_lines: int = CACHE_BUDGET_LINES) -> list[str]:
    """Drop the cache of each language that keeps more than ``budget_lines`` lines; the
    names of the languages that did."""
    dropped = []
    for language in languages().values():
        if language.cached_lines is None or language.clear_caches is None:
            continue
        if language.cached_lines() > budget_lines:
            language.clear_caches()
            dropped.append(language.name)
    return dropped
