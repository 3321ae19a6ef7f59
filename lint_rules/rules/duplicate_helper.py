"""A helper's logic lives in one place, not copied across modules (refactor plan, Tasks
4.1, 4.2 and 4.3).

ComfyUI-Distributed grew three byte-for-byte copies of ``_trace_prefix`` /
``_trace_debug`` / ``_trace_info`` (one per orchestration module) and several variants of
"parse a positive int, else fall back to a default".  Copies drift: a fix to one (the log
prefix, the handling of ``0``) silently misses the others.  The plan moves each into one
shared module; this rule keeps it that way.

Functions and methods across the whole project, nested ones included, are compared after
normalisation: docstrings, comments, ``pass`` and annotations are dropped, parameters and
local names are renamed consistently.  A copy is logic that must be kept in sync:

* an **exact** copy, or a **renamed** one (only parameter and local names differ; the
  message says which), from ``clone-min-size`` normalised nodes (the one-line
  ``_trace_prefix`` counts);
* a **renamed** copy whose literals or called names differ too, from
  ``clone-near-min-size`` nodes and ``clone-variant-min-statements`` statements (nested
  ones count): in a smaller body the literal or the callee that differs *is* the logic
  (``int`` vs ``float`` parsers, a ``pause`` endpoint calling ``manager.pause()`` and a
  ``resume`` one calling ``manager.resume()``);
* a **near** copy: normalised statement trees at least ``clone-similarity`` alike (Dice
  coefficient over their subtrees, each weighted by its size), from
  ``clone-near-min-size`` nodes; below ``clone-variant-min-statements`` statements only
  if both call the same names, or share at least two statements past their opening.

Not copies: trivial bodies (``pass``, ``...``, a lone docstring, ``return self._x``,
``raise NotImplementedError``), ``@overload`` signatures and ``@abstractmethod`` stubs;
bodies that only return or assign literal data (widget tables such as a node's
``INPUT_TYPES``, schemas, routing tables: containers of constants, names, attribute
reads and conversions); bodies that are one call of simple values (``return
hash_path(path)``); near copies whose similarity is mostly a shared preamble (up to
three opening statements, such as a lazy load before each method's own return) or one
big call of a project function (two call sites of an extracted helper).

Reported on each copy's ``def`` line, naming every other copy and how it differs (other
places on the same base as the finding's own path; SARIF ``relatedLocations`` carry them
all).  Two classes whose methods are copies (two or more methods, or every comparable
method of both: a class copied whole) are one finding on each ``class`` line, naming the
other classes and the copied methods, instead of one per method.  Copies nested in two
functions that are themselves copies are reported once, at the outer functions; a
function is not paired with one that merely encloses a copy of it.  Only files of one
project are compared (a folder with its own ``[tool.invariant-lint]`` is a project of
its own), and files matching ``test-files`` (tests repeat themselves on purpose) or
``clone-exclude`` (the place for fixtures and generated code) are left out of INV301
and INV302 altogether.  To fix: keep one implementation in a shared module (or a base
class) and import it; for deliberate twins, ``# noqa: INV301`` on the ``def`` line.

JavaScript (``.js``, ``.mjs``, ``.cjs``) is compared the same way and with the same
settings (but one), among the project's JavaScript files only (never with Python).  Its units are
function declarations, functions and arrows bound to a variable or a property (``const
f = () => {}``, ``obj.f = function () {}``, ``this.f = ...``), and object-literal and
class methods and fields, named ``Owner.name``; functions passed as arguments (event
handlers, ``.then`` callbacks) are no units: their bodies are INV302's.  Locals are what
``let``/``const``/``var``, parameters, ``catch`` and function or class declarations bind;
getters returning a field, setters storing one and ``throw new Error(...)`` stubs are
trivial; ``js-test-files`` takes the place of ``test-files``, and ``js-clone-similarity``
(0.62) of ``clone-similarity``: a front end's small handlers share their framework's
boilerplate (build a settings entry, parse the value, store it), and at 0.55 a quarter
of the near pairs found in real front ends were such handlers.  Deliberate twins:
``// invariant-lint-disable-line INV301`` on the line of the name.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from ..analyses.clones import ProjectClones, clones_among, module_analysis
from ..analyses.clones.normalise import normalise_python
from ..analyses.clones.function_pairs import class_key, copied_classes, renamed_names
from ..constants import MAX_NAMED_COPIES as MAX_NAMED
from ..findings import Related
from ..project_roots import path_beside
from ..registry import Rule, register
from ..settings import Settings
from ..shared_settings import (
    CLONE_EXCLUDE, CLONE_MIN_SIZE, CLONE_NEAR_MIN_SIZE, CLONE_SIMILARITY, JS_CLONE_SIMILARITY,
    CLONE_VARIANT_MIN_STATEMENTS, JS_TEST_FILES, TEST_FILES,
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
    js_clone_similarity = JS_CLONE_SIMILARITY
    clone_variant_min_statements = CLONE_VARIANT_MIN_STATEMENTS
    clone_exclude = CLONE_EXCLUDE
    test_files = TEST_FILES
    js_test_files = JS_TEST_FILES


class CloneSummaries:
    """What INV301 and INV302 do alike, in every language: summarise a file into its clone
    analysis (plain data, no tree kept; a worker process takes it while the file's tree is
    built), and find the clones among a project's summaries.  A language's rules name its
    normaliser and the settings that are its own (its test files, its similarity)."""

    normaliser = staticmethod(normalise_python)
    test_files_setting = "test_files"
    similarity_setting = "clone_similarity"

    def summarise(self, ctx):
        """The file's clone analysis (None for an excluded file)."""
        settings = ctx.settings
        if getattr(settings, self.test_files_setting).matches(ctx.path) or \
                settings.clone_exclude.matches(ctx.path):
            return None
        return module_analysis(ctx.path, ctx.text, settings.clone_near_min_size,
                               self.normaliser, tree_of=lambda: ctx.tree)

    def clones(self, project) -> ProjectClones:
        """The clones among the project's summarised files (of the rule's language)."""
        settings = project.settings
        modules = [(file.path, file.summary) for file in project.files
                   if file.summary is not None]
        return clones_among(modules, min_size=settings.clone_min_size,
                            near_min_size=settings.clone_near_min_size,
                            similarity=getattr(settings, self.similarity_setting),
                            variant_min_statements=settings.clone_variant_min_statements)


@register
class DuplicateHelper(CloneSummaries, Rule):
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

    def check_project(self, project):
        clones = self.clones(project)
        units = clones.units
        classes = copied_classes(units, clones.pairs, project.settings.clone_min_size)
        in_classes = {pair for copy in classes for pair in copy.pairs}
        # A project's findings name its few hundred files, and its copies, thousands of
        # times: each file's name and each copy's related place are made once (and a
        # cached result then holds each once).
        beside = functools.lru_cache(maxsize=None)(path_beside)

        @functools.lru_cache(maxsize=None)
        def related_copy(index: int) -> Related:
            other = units[index]
            return Related(other.path, other.line, other.column, f"copy '{other.qualname}'")

        partners = defaultdict(list)
        for pair in clones.pairs:
            if pair not in in_classes:
                partners[pair.first].append((pair.second, pair))
                partners[pair.second].append((pair.first, pair))
        for index, found in partners.items():
            unit = units[index]
            found.sort(key=lambda item: (units[item[0]].absolute, units[item[0]].line))
            copies = [f"'{units[other].qualname}' at "
                      f"{beside(units[other].absolute, unit.path)}:{units[other].line}"
                      f" ({describe_kind(units, pair, index)})"
                      for other, pair in found[:MAX_NAMED]]
            related = [related_copy(other) for other, _pair in found]
            project.file(unit.path).report_at(
                unit.line, unit.column,
                f"'{unit.qualname}' duplicates {describe_copies(copies, len(found))};"
                " keep one implementation in a shared module and import it",
                end_line=unit.line, end_column=unit.end_column,
                related=related)
        self._report_classes(project, units, classes, beside, related_copy)

    @staticmethod
    def _report_classes(project, units, classes, beside, related_copy) -> None:
        """One finding per copied class, on its ``class`` line, naming every class it
        copies or is copied by, with the methods that are copies."""
        by_class = defaultdict(list)
        for copy in classes:
            by_class[copy.first].append((copy.second, copy))
            by_class[copy.second].append((copy.first, copy))
        for key, found in by_class.items():
            found.sort(key=lambda item: item[0])
            own = _class_unit(units, found[0][1], key)
            class_name = own.qualname.rpartition(".")[0]
            described, related = [], []
            for number, (other_key, copy) in enumerate(found):
                other = _class_unit(units, copy, other_key)
                methods = []
                for pair in sorted(copy.pairs, key=lambda p: (units[p.first].line,
                                                              units[p.second].line)):
                    mine, theirs = ((pair.first, pair.second)
                                    if class_key(units[pair.first]) == key
                                    else (pair.second, pair.first))
                    if number < MAX_NAMED:  # the message names only these
                        methods.append(f"{units[mine].name} ~ {units[theirs].name}: "
                                       f"{describe_kind(units, pair, mine)}")
                    related.append(related_copy(theirs))
                if number < MAX_NAMED:
                    described.append(
                        f"class '{other.qualname.rpartition('.')[0]}' at "
                        f"{beside(other.absolute, own.path)}:{other.class_line}"
                        f" ({'; '.join(methods)})")
            project.file(own.path).report_at(
                own.class_line, own.class_column,
                f"class '{class_name}' copies {describe_copies(described, len(found))};"
                " keep the shared methods in one base class or module",
                end_line=own.class_line,
                end_column=own.class_column + len("class ") + len(class_name),
                related=related)


def _class_unit(units, copy, key):
    """A method of the class ``key`` among the copy's pairs (it carries the class's name
    and place)."""
    for pair in copy.pairs:
        for index in (pair.first, pair.second):
            if class_key(units[index]) == key:
                return units[index]
    raise ValueError(key)


def describe_kind(units, pair, own_index: int) -> str:
    """How a copy differs from the unit ``own_index``: ``exact``, ``renamed: a -> b``
    (the local names that differ), ``renamed: other literals or called names`` or
    ``near, similarity 0.62``."""
    if pair.kind == "exact":
        return "exact"
    if pair.kind == "near":
        return f"near, similarity {pair.similarity:.2f}"
    other = pair.second if own_index == pair.first else pair.first
    if pair.variant:
        return "renamed, with other literals or called names"
    names = renamed_names(units[own_index], units[other])
    shown = ", ".join(f"{a} -> {b}" for a, b in names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        shown += f" and {len(names) - MAX_NAMED} more"
    return f"renamed: {shown}" if shown else "renamed"
