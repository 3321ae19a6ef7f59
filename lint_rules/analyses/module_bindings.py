"""What a module binds by import and what it defines, and where an imported name lives.

``from ..upscale.job_store import ensure_tile_jobs_initialized`` in a module binds the name
there *by import*: the module re-exports it.  ``def _send_heartbeat_to_master(...)`` (or a
class, an assignment) *defines* it.  A name bound both ways (``try: from x import y``
``except ImportError: def y(): ...``) counts as defined: the module has its own version.

Imported modules are resolved with astroid (relative imports included) and read from its
module cache; a module is only built when it is part of the checked project (its file
lies under the project root, outside ``site-packages``, and it is not the standard
library, unless the standard library is what is checked), so resolving an import never
builds a dependency.  An import that cannot be resolved resolves to nothing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import astroid
from astroid import nodes

from ..project_roots import project_root_for
from ..constants import MAX_REEXPORT_HOPS as _MAX_HOPS

IMPORTED, DEFINED = "imported", "defined"
_IMPORT_NODES = (nodes.Import, nodes.ImportFrom)
_DEPENDENCY_FOLDERS = ("site-packages", "dist-packages")


def binding_kind(module: nodes.Module, name: str) -> str | None:
    """``"imported"`` when every module-level binding of ``name`` is an import,
    ``"defined"`` when one is not, None when the module does not bind it."""
    found = module.locals.get(name, [])
    if not found:
        return None
    return IMPORTED if all(isinstance(node, _IMPORT_NODES) for node in found) else DEFINED


def importing_node(module: nodes.Module, name: str):
    """The first ``import``/``from ... import`` that binds ``name`` in ``module``."""
    return next((node for node in module.locals.get(name, [])
                 if isinstance(node, _IMPORT_NODES)), None)


def absolute_module_name(node: nodes.ImportFrom) -> str | None:
    """The absolute name of the module a ``from ... import`` reads (relative resolved)."""
    try:
        return node.root().relative_to_absolute_name(node.modname, node.level)
    except Exception:  # noqa: BLE001 - too many dots: not resolvable
        return None


def _project_file(location: str | None, root: str) -> bool:
    if not location:
        return False
    absolute = os.path.abspath(location)
    if any(part in _DEPENDENCY_FOLDERS for part in absolute.split(os.sep)):
        return False
    return absolute.startswith(root + os.sep)


def _source_file(folder: str, parts: list[str]) -> str | None:
    base = os.path.join(folder, *parts)
    for candidate in (base + ".py", os.path.join(base, "__init__.py"), base + ".pyi"):
        if os.path.isfile(candidate):
            return candidate
    return None


def imported_file(node: nodes.ImportFrom, absolute_name: str) -> str | None:
    """The file a ``from ... import`` reads, found from the importing file's own folder
    for a relative import, or from the folder its top package is imported from for an
    absolute one (its own package, or a module or package next to it: so that two
    checked projects with a package of the same name never mix), else by astroid's
    search of the import path."""
    importer = node.root()
    here = os.path.dirname(os.path.abspath(importer.file))
    if node.level:
        folder = here
        for _level in range(node.level - 1):
            folder = os.path.dirname(folder)
        return _source_file(folder, node.modname.split(".") if node.modname else [])
    own = importer.name.split(".")
    wanted = absolute_name.split(".")
    top_parent = here  # the folder the importer's top package (or itself) is imported from
    for _level in range(len(own) - (0 if importer.package else 1)):
        top_parent = os.path.dirname(top_parent)
    found = _source_file(top_parent, wanted)
    if found or wanted[0] == own[0]:
        return found
    try:
        spec = astroid.MANAGER.file_from_module_name(absolute_name, importer.file)
    except Exception:  # noqa: BLE001 - not importable: nothing to resolve
        return None
    return getattr(spec, "location", None)


def project_module_file(node: nodes.ImportFrom, absolute_name: str | None = None
                        ) -> tuple[str, str] | None:
    """(absolute path, dotted name) of the module a ``from ... import`` reads when it
    belongs to the importing file's project, else None (a dependency, a missing module,
    too many dots); nothing is built."""
    name = absolute_name or absolute_module_name(node)
    importer = node.root()
    if not name or not importer.file:
        return None
    top = name.split(".")[0]
    if top in sys.stdlib_module_names and top != importer.name.split(".")[0]:
        return None  # the standard library, unless it is what is being checked
    location = imported_file(node, name)
    if not _project_file(location, project_root_for(importer.file)):
        return None
    return os.path.abspath(location), name


def project_module(node: nodes.ImportFrom, absolute_name: str | None = None,
                   found: tuple[str, str] | None = None):
    """The astroid module a ``from ... import`` reads when it belongs to the importing
    file's project, else None (see :func:`project_module_file`, whose answer ``found``
    may already be)."""
    found = found or project_module_file(node, absolute_name)
    if found is None:
        return None
    location, name = found
    try:  # astroid's cache: a module already built for this file is reused
        return astroid.MANAGER.ast_from_file(location, name, source=True)
    except Exception:  # noqa: BLE001 - a module astroid cannot build resolves to nothing
        return None


def imported_name(node, name: str) -> str:
    """The name an import binds ``name`` from (``from x import a as b``: ``a`` for ``b``)."""
    try:
        return node.real_name(name)
    except Exception:  # noqa: BLE001 - not bound by this import
        return name


@dataclass(frozen=True)
class Definition:
    """Where a re-exported name comes from: the module's dotted name, the name there, and
    the astroid module when it is part of the project (None for a dependency)."""

    module_name: str
    name: str | None  # None: the name is the module itself (``import asyncio``)
    module: nodes.Module | None


def defining_module(module: nodes.Module, name: str, follow=lambda module: True
                    ) -> Definition:
    """Where ``name``, as ``module`` exports it, is defined, following re-exports through
    project modules for which ``follow(module)`` holds (``module`` itself is always
    followed).  Where the chain leaves the project (a dependency) or cannot be resolved,
    the module last imported from is given, with the name it has there."""
    seen = set()
    for _hop in range(_MAX_HOPS):
        if binding_kind(module, name) != IMPORTED or module.name in seen:
            break
        if seen and not follow(module):
            break
        seen.add(module.name)
        node = importing_node(module, name)
        if isinstance(node, nodes.Import):  # the name is a module: import it directly
            return Definition(imported_name(node, name), None, None)
        if not isinstance(node, nodes.ImportFrom):
            break
        original = imported_name(node, name)
        target = project_module(node)
        if target is None:
            return Definition(absolute_module_name(node) or node.modname, original, None)
        module, name = target, original
    return Definition(module.name, name, module)
