"""Names are imported from where they are defined, not through a backward-compat shim
(refactor plan, Tasks 2.1 and 2.2).

Task 2.1 splits the ~630-line ``utils/usdu_managment.py`` into ``upscale/job_store.py``,
``upscale/job_timeout.py``, ``upscale/payload_parsers.py`` and ``api/usdu_routes.py``, and
leaves ``usdu_managment.py`` as a thin shim that re-exports the moved names so old
imports keep working.  Its verify step: no module imports through the shim any more,
except ``upscale/worker_comms.py`` for ``_send_heartbeat_to_master``, which the shim still
defines itself.  New code that imports through the shim keeps the old module alive and
hides where the code it calls now lives.

A *shim* is a module matched by ``shim-modules`` (path patterns), or one that declares
itself a shim: the first paragraph of its docstring, or the comments before its first
statement, match ``shim-declaration-pattern`` (by default: backward compatibility,
backward-compat, shim, deprecated re-exports / aliases).  A package ``__init__.py`` that
re-exports its public API (``from .tunnel import CloudflareTunnelManager``, Task 2.2) is
not a shim unless it is configured or says so.

Flagged: ``from <shim> import name`` (relative imports resolved with astroid) when the
shim binds ``name`` only by an import, i.e. re-exports it; the message names the module
that defines it and the import to write instead (re-exports are followed through shims
only: a name a package's ``__init__.py`` re-exports is imported from the package).
Not flagged: names the shim defines itself (a function, class or assignment of its own),
imports in the ``__init__.py`` of the shim's own package (the package re-exporting it),
imports in files matched by ``allowed-shim-importers``, and imports astroid cannot
resolve (a missing or unbuildable module is never a finding).  ``import shim`` and
``from shim import *`` are not followed.
"""

from __future__ import annotations

import ast
import os
import re

from astroid import nodes

from ..analyses.module_bindings import (
    IMPORTED, absolute_module_name, binding_kind, defining_module, project_module,
    project_module_file,
)
from ..path_patterns import PathPatterns
from ..python_language import module_name_for, python_comments
from ..registry import Rule, register
from ..settings import BoundedPattern, PathPatternList, Regex, Setting, Settings
from ..sources import load_source

_HEADER_LINES = 40  # a shim says what it is in its first lines
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import\b", re.M)


def may_import_project_module(path: str, text: str) -> bool:
    """Whether the text has a ``from ... import`` that can read a module of the file's
    project: a relative one, or one whose top name is a module or package next to the
    file's top package.  Files without one are never built into a tree."""
    _name, import_root = module_name_for(path)
    for match in _FROM_IMPORT.finditer(text):
        dots, module = match.groups()
        if dots:
            return True
        top = os.path.join(import_root, module.split(".")[0])
        if os.path.isdir(top) or os.path.isfile(top + ".py"):
            return True
    return False


class ImportViaShimSettings(Settings):
    shim_modules = Setting(
        "shim-modules", PathPatternList(), ["**/utils/usdu_managment.py"],
        "path patterns of backward-compat shim modules, besides those that declare "
        "themselves shims")
    shim_declaration_pattern = Setting(
        "shim-declaration-pattern", Regex(),
        r"(?i)\bbackwards?[- ]compat(?:ible|ibility)?\b|\bshim\b"
        r"|\bdeprecated\s+(?:re-?exports?|aliases|import path)",
        "regular expression searched in the first paragraph of a module's docstring and "
        "in its leading comments: a match declares the module a shim")
    allowed_shim_importers = Setting(
        "allowed-shim-importers", PathPatternList(), [],
        "path patterns of files that may import through a shim (its own tests, say)")


def _declarations(path: str) -> tuple[str, str]:
    """Where a module file says it is a shim: the first paragraph of its docstring and the
    comments before its first statement ("" for a file that cannot be read or parsed)."""
    source = load_source(path)
    if source.text is None:
        return "", ""
    try:
        module = ast.parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "", ""
    doc = ast.get_docstring(module, clean=False) or ""
    first_line = min(module.body[0].lineno if module.body else _HEADER_LINES, _HEADER_LINES)
    comments = [comment.text.lstrip("#").strip()
                for comment in python_comments(path, source.text) if comment.line < first_line]
    return doc.strip().split("\n\n", 1)[0], "\n".join(comments)


class _Shims:
    """Whether a module is a shim, decided once per module file of the run, from its path
    and its text: a module that is no shim (most are) is never built into a tree."""

    def __init__(self, configured: PathPatterns, declaration: BoundedPattern):
        self.configured = configured
        self.declaration = declaration
        self._known: dict[str, bool] = {}

    def is_shim_file(self, path: str) -> bool:
        """Whether the module file at ``path`` is a shim (configured, or says it is)."""
        if path not in self._known:
            self._known[path] = bool(self.configured.matches(path)) or any(
                self.declaration.search(text) for text in _declarations(path))
        return self._known[path]

    def is_shim(self, module: nodes.Module) -> bool:
        return bool(module.file) and self.is_shim_file(os.path.abspath(module.file))


def _own_package_init(path: str, shim: nodes.Module) -> bool:
    """Whether ``path`` is the ``__init__.py`` of the package holding ``shim``."""
    if os.path.basename(path) != "__init__.py" or not shim.file:
        return False
    return os.path.dirname(os.path.abspath(path)) == os.path.dirname(os.path.abspath(shim.file))


def suggested_module(importer: nodes.Module, node: nodes.ImportFrom, target: str) -> str:
    """How ``importer`` should spell ``target``: relative when its import was relative
    (``..upscale.job_store``), else the absolute dotted name."""
    if not node.level:
        return target
    package = importer.name.split(".")
    if not importer.package:
        package = package[:-1]
    parts = target.split(".")
    common = 0
    while common < min(len(package), len(parts)) and package[common] == parts[common]:
        common += 1
    if common == 0:
        return target
    return "." * (len(package) - common + 1) + ".".join(parts[common:])


@register
class ImportViaShim(Rule):
    code = "INV601"
    symbol = "import-via-shim"
    summary = "name imported through a backward-compat shim instead of where it is defined"
    language = "python"
    required_text = ("from", "import")
    settings_class = ImportViaShimSettings
    bad_example = '''
# job_store.py
def ensure_tile_jobs_initialized():
    return {}

# usdu_managment.py
"""Backward-compat shim: re-exports what Task 2.1 moved to job_store."""
from job_store import ensure_tile_jobs_initialized

# usdu_routes.py
from usdu_managment import ensure_tile_jobs_initialized
'''
    good_example = '''
# job_store.py
def ensure_tile_jobs_initialized():
    return {}

# usdu_managment.py
"""Backward-compat shim: re-exports what Task 2.1 moved to job_store."""
from job_store import ensure_tile_jobs_initialized


async def _send_heartbeat_to_master(url):
    return url  # still defined here: it is worker-side only

# usdu_routes.py
from job_store import ensure_tile_jobs_initialized

# worker_comms.py
from usdu_managment import _send_heartbeat_to_master
'''

    def check(self, ctx):
        settings = ctx.settings
        if settings.allowed_shim_importers.matches(ctx.path) or not \
                may_import_project_module(ctx.path, ctx.text):
            return
        shims = _Shims(settings.shim_modules, settings.shim_declaration_pattern)
        module = ctx.tree
        for node in module.nodes_of_class(nodes.ImportFrom):
            if any(name == "*" for name, _alias in node.names):
                continue
            absolute = absolute_module_name(node)
            if absolute is None or absolute == module.name:
                continue
            found = project_module_file(node, absolute)
            if found is None or found[0] == os.path.abspath(module.file or "") or \
                    not shims.is_shim_file(found[0]):
                continue
            source = project_module(node, found=found)
            if source is None:
                continue
            if _own_package_init(ctx.path, source):
                continue
            reexported = [(name, alias) for name, alias in node.names
                          if binding_kind(source, name) == IMPORTED]
            if reexported:
                ctx.report(node, self._message(module, node, source, reexported, shims))

    @staticmethod
    def _message(module, node, shim, pairs: list[tuple[str, str | None]], shims) -> str:
        """Which names come through the shim and the imports to write instead."""
        by_place: dict[str, list[str]] = {}
        modules = []
        for name, alias in pairs:
            bound = alias or name  # the name the importing module uses
            definition = defining_module(shim, name, follow=shims.is_shim)
            if definition.name is None:
                suffix = "" if definition.module_name == bound else f" as {bound}"
                modules.append(f"import {definition.module_name}{suffix}")
                continue
            place = suggested_module(module, node, definition.module_name)
            shown = bound if definition.name == bound else f"{definition.name} as {bound}"
            by_place.setdefault(place, []).append(shown)
        imports = [f"from {place} import {', '.join(shown)}" for place, shown in by_place.items()]
        quoted = ", ".join(f"'{name}'" for name, _alias in pairs)
        one = len(pairs) == 1
        return (f"{quoted} {'is' if one else 'are'} imported through the backward-compat shim "
                f"'{'.' * (node.level or 0)}{node.modname}', which only re-exports "
                f"{'it' if one else 'them'}; import {'it' if one else 'them'} from where "
                f"{'it is' if one else 'they are'} defined: {'; '.join(imports + modules)}")
