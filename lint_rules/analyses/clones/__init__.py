"""Clone analysis shared by INV301 (duplicate helpers) and INV302 (duplicate blocks).

:func:`project_clones` is the entry point; :func:`module_analysis` and it cache their
results per process.  The work is split along its seams:

* :mod:`.normal_tree`: the neutral node protocol a language's normaliser writes a file in;
* :mod:`.normalise`: Python's normaliser (JavaScript's is ``js_rules.analyses.clone_units``);
* :mod:`.units`: the hash levels (E, R, T, B, S), explained there, and one module's
  functions (units) and statement lists with their fingerprints, for any language;
* :mod:`.function_pairs`: pairs of copied functions (INV301);
* :mod:`.block_runs`: duplicated runs of statements (INV302).
"""

from __future__ import annotations

import dataclasses
import os
from collections import OrderedDict
from collections.abc import Callable

from .block_runs import RunCopy, duplicated_runs
from .function_pairs import clone_pairs
from .normalise import normalise_python
from .units import (
    Block, FunctionUnit, ModuleAnalysis, Normaliser, analyse_source, collector_paused,
)
from ...constants import MAX_CACHED_CLONE_PROJECTS as _MAX_PROJECTS
from ...result_cache import stored_analysis
from ...text_files import text_digest

_MODULES: dict[str, tuple[tuple, ModuleAnalysis | None]] = {}

_PROJECTS: OrderedDict = OrderedDict()


class ProjectClones:
    """The clones among a project's included modules.

    ``units`` are its functions (a unit's ``index`` is its position in the list), ``pairs``
    the copied functions among them (ClonePair); duplicated runs of statements come from
    :meth:`block_pairs`, computed only when asked for."""

    def __init__(self, units: list[FunctionUnit], pairs: list, modules: list):
        self.units = units
        self.pairs = pairs
        self._modules = modules  # (path, ModuleAnalysis, index of its first unit)
        self._block_pairs: dict[int, list[tuple[RunCopy, RunCopy]]] = {}

    def block_pairs(self, min_statements: int) -> list[tuple[RunCopy, RunCopy]]:
        """Maximal runs of at least ``min_statements`` statements found in two places, as
        pairs of places (computed once per minimum)."""
        found = self._block_pairs.get(min_statements)
        if found is None:
            blocks = [Block(path, block.absolute, block.statements, block.start, block.end,
                            None if block.unit is None else offset + block.unit,
                            block.is_body)
                      for path, module, offset in self._modules for block in module.blocks]
            with collector_paused():
                found = duplicated_runs(self.units, self.pairs, blocks, min_statements)
            self._block_pairs[min_statements] = found
        return found


def _text_key(text: str) -> str:
    return text_digest(text)


def module_analysis(path: str, text: str, features_min_size: int = 0,
                    normaliser: Normaliser = normalise_python,
                    tree_of: Callable[[], object] | None = None) -> ModuleAnalysis | None:
    """The (cached) analysis of one file by a language's ``normaliser``: reused while its
    text is unchanged (``tree_of``, the front end's tree, is asked for only when the
    analysis is not cached); kept in this process and, through the result cache of the run,
    between runs."""
    absolute = os.path.abspath(path)
    key = (_text_key(text), features_min_size, normaliser)
    cached = _MODULES.get(absolute)
    if cached is not None and cached[0] == key:
        return cached[1]
    analysis = stored_analysis(
        path, text, ("clones", features_min_size, normaliser.__qualname__),
        lambda: analyse_source(path, text, features_min_size, normaliser, tree_of))
    _MODULES[absolute] = (key, analysis)
    return analysis


def project_clones(sources: list, *, min_size: int, near_min_size: int, similarity: float,
                   is_excluded: Callable[[str], bool],
                   normaliser: Normaliser = normalise_python,
                   variant_min_statements: int = 1) -> ProjectClones:
    """The clones among a set of sources of one language (``normaliser`` is its, Python's
    by default): function pairs (see :func:`.function_pairs.clone_pairs` for the
    parameters) and, on demand, duplicated runs.  Sources of two languages are never
    compared with each other: each language's rules call this with their own files.

    Sources without text, those whose path ``is_excluded`` and those that do not parse are
    left out.  Computed once per set of included files, their text and the parameters (both
    rules call this); locations carry each source's own ``path``."""
    modules = []
    for source in sources:
        if source.text is None or is_excluded(source.path):
            continue
        analysis = module_analysis(source.path, source.text, near_min_size, normaliser)
        if analysis is not None:
            modules.append((source.path, analysis))
    return clones_among(modules, min_size=min_size, near_min_size=near_min_size,
                        similarity=similarity, variant_min_statements=variant_min_statements)


def clones_among(modules: list, *, min_size: int, near_min_size: int, similarity: float,
                 variant_min_statements: int = 1) -> ProjectClones:
    """The clones among ``(path, ModuleAnalysis)`` pairs of one language (the analyses'
    near-copy features taken from ``near_min_size``), as :func:`project_clones`; computed
    once per set of analyses and parameters."""
    modules = sorted(modules, key=lambda item: item[1].absolute)
    # The analyses stand for their files' text (an analysis is cached while its text is
    # unchanged); the result holds them, so their ids are not reused while it is cached.
    key = (min_size, near_min_size, similarity, variant_min_statements,
           tuple((path, id(module)) for path, module in modules))
    if key in _PROJECTS:
        _PROJECTS.move_to_end(key)
        return _PROJECTS[key]
    with collector_paused():
        result = _analyse_project(modules, min_size, near_min_size, similarity,
                                  variant_min_statements)
    _PROJECTS[key] = result
    while len(_PROJECTS) > _MAX_PROJECTS:
        _PROJECTS.popitem(last=False)
    return result


def _analyse_project(modules: list, min_size: int, near_min_size: int,
                     similarity: float, variant_min_statements: int) -> ProjectClones:
    units: list[FunctionUnit] = []
    numbered = []
    for path, module in modules:
        offset = len(units)
        numbered.append((path, module, offset))
        for unit in module.units:
            # The module's unit numbered in the project, named by the source's own path.
            units.append(dataclasses.replace(
                unit, index=offset + unit.index, path=path,
                ancestors=tuple(offset + a for a in unit.ancestors)))
    pairs = clone_pairs(units, min_size=min_size, near_min_size=near_min_size,
                        similarity=similarity, variant_min_statements=variant_min_statements)
    return ProjectClones(units, pairs, numbered)
