"""Clone analysis shared by INV301 (duplicate helpers) and INV302 (duplicate blocks).

:func:`project_clones` is the entry point; :func:`module_analysis` and it cache their
results per process.  The work is split along its seams:

* :mod:`.normalise`: the normalisation and the hash levels (E, R, T, B, S), explained there;
* :mod:`.units`: one module's functions (units) and statement lists, with their fingerprints;
* :mod:`.function_pairs`: pairs of copied functions (INV301);
* :mod:`.block_runs`: duplicated runs of statements (INV302).
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable

from .block_runs import RunCopy, duplicated_runs
from .function_pairs import clone_pairs
from .units import Block, FunctionUnit, ModuleAnalysis, analyse_source, collector_paused
from ...constants import MAX_CACHED_CLONE_PROJECTS as _MAX_PROJECTS

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
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def module_analysis(path: str, text: str, features_min_size: int = 0) -> ModuleAnalysis | None:
    """The (cached) analysis of one file: reused while its text is unchanged."""
    absolute = os.path.abspath(path)
    key = (_text_key(text), features_min_size)
    cached = _MODULES.get(absolute)
    if cached is not None and cached[0] == key:
        return cached[1]
    analysis = analyse_source(path, text, features_min_size)
    _MODULES[absolute] = (key, analysis)
    return analysis


def project_clones(sources: list, *, min_size: int, near_min_size: int, similarity: float,
                   is_excluded: Callable[[str], bool],
                   variant_min_statements: int = 1) -> ProjectClones:
    """The clones among a set of Python sources: function pairs (see
    :func:`.function_pairs.clone_pairs` for the parameters) and, on demand, duplicated runs.

    Sources without text, those whose path ``is_excluded`` and those that do not parse are
    left out.  Computed once per set of included files, their text and the parameters (both
    rules call this); locations carry each source's own ``path``."""
    modules = []
    for source in sorted(sources, key=lambda s: os.path.abspath(s.path)):
        if source.text is None or is_excluded(source.path):
            continue
        analysis = module_analysis(source.path, source.text, near_min_size)
        if analysis is not None:
            modules.append((source.path, analysis))
    # The exclusion is a callable: the included modules stand for it in the key.
    key = (min_size, near_min_size, similarity, variant_min_statements,
           tuple((path, m.absolute, _MODULES[m.absolute][0]) for path, m in modules))
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
            units.append(FunctionUnit(
                index=offset + unit.index, path=path, absolute=unit.absolute,
                name=unit.name, qualname=unit.qualname, line=unit.line, column=unit.column,
                is_async=unit.is_async, size=unit.size, trivial=unit.trivial, b_fp=unit.b_fp,
                s_fp=unit.s_fp, ancestors=tuple(offset + a for a in unit.ancestors),
                fingerprints=unit.fingerprints, packed_features=unit.packed_features,
                weight=unit.weight, literal_data=unit.literal_data, forwarding=unit.forwarding,
                callees=unit.callees, body_hashes=unit.body_hashes,
                body_weights=unit.body_weights, head_weights=unit.head_weights,
                call_name=unit.call_name, call_weight=unit.call_weight,
                class_line=unit.class_line, class_column=unit.class_column,
                local_names=unit.local_names,
            ))
    pairs = clone_pairs(units, min_size=min_size, near_min_size=near_min_size,
                        similarity=similarity, variant_min_statements=variant_min_statements)
    return ProjectClones(units, pairs, numbered)
