"""Which modules astroid read while checking a Python file: what its cached result depends on.

INV101 (and every analysis that infers) follows calls into the modules a file imports,
however many modules away, so a file's findings can change when one of those modules does.
Every way astroid's inference reaches another module goes through
``Module.import_module`` (an ``import``, a ``from ... import``, a package's submodule met
as an attribute), called on the importing module.  This module wraps that method and
records, per process, one edge *importer file -> imported file* for each import astroid
resolved, and the files whose creation would change an import that failed.

astroid caches inference results for the whole process, so a later file may reuse a result
without astroid importing anything again.  The edges stay, though: the modules a file's
check can have read are all those reachable from it over the edges recorded so far in the
process (:func:`dependencies`).  That set can be larger than what the check really read,
never smaller, which is the safe side for a cache.

Each reached file is recorded with a digest of the text astroid built it from (an editor's
buffer when the language server built it from one), or ``None`` for a file that did not
exist: the cached result is valid while every one of them is as recorded.
"""

from __future__ import annotations

import os
import sys
import threading

from astroid import nodes
from astroid.exceptions import AstroidBuildingError

from .text_files import text_digest

_EDGES: dict[str, set[str]] = {}  # importer file -> files it imported (or would have)
_BUILT: dict[str, tuple[int, str | None]] = {}  # file -> (id of its module, digest)
_CANDIDATES: dict[tuple, list[str]] = {}  # (module name, sys.path) -> its candidates
_LOCK = threading.Lock()
_ORIGINAL_IMPORT = nodes.Module.import_module
ABSENT = None  # the digest of a file that does not exist


def _module_digest(module) -> str | None:
    """The digest of what astroid built ``module`` from (its buffer, else its file)."""
    built = module.file_bytes
    if built is not None:
        return text_digest(built)
    try:
        with open(module.file, "rb") as handle:
            return text_digest(handle.read())
    except OSError:
        return ABSENT


def _candidates(name: str) -> list[str]:
    """Files and folders whose creation could make the import of ``name`` resolve (one
    search of ``sys.path`` as the import system walks it); remembered per name while
    ``sys.path`` is unchanged (inference retries a failed import again and again)."""
    key = (name, tuple(sys.path))
    found = _CANDIDATES.get(key)
    if found is None:
        found = _CANDIDATES[key] = _search(name)
    return found


def _search(name: str) -> list[str]:
    found = []
    parts = name.split(".")
    for entry in sys.path:
        folder = os.path.abspath(entry or os.curdir)
        for part in parts:
            module_file = os.path.join(folder, part + ".py")
            package = os.path.join(folder, part)
            if os.path.isfile(module_file):
                break
            if not os.path.isdir(package):
                found.extend((module_file, package, package + ".pyi"))
                break
            found.append(os.path.join(package, "__init__.py"))
            folder = package
    return found


def _is_file(path: str | None) -> bool:
    """Whether a module's ``file`` is a file (astroid names modules it makes up ``<?>``;
    what those hold depends on astroid's version alone, part of the cache's key)."""
    return bool(path) and not path.startswith("<")


def _record(importer: nodes.Module, imported: nodes.Module | None, missing: tuple) -> None:
    source = importer.file
    if not _is_file(source):
        return
    source = os.path.abspath(source)
    targets = []
    if imported is not None and _is_file(imported.file):
        target = os.path.abspath(imported.file)
        targets.append(target)
        known = _BUILT.get(target)
        if known is None or known[0] != id(imported):
            _BUILT[target] = (id(imported), _module_digest(imported))
    for name in missing:
        for candidate in _candidates(name):
            targets.append(candidate)
            _BUILT.setdefault(candidate, (0, ABSENT))
    if targets:
        with _LOCK:
            _EDGES.setdefault(source, set()).update(targets)


def _tracked_import(self, modname, relative_only=False, level=None, use_cache=True):
    """``Module.import_module``, recording what it resolved (or failed to)."""
    try:
        absolute = self.relative_to_absolute_name(
            modname, 0 if relative_only and level is None else level)
    except Exception:  # noqa: BLE001 - astroid raises it again below, as it would
        absolute = modname
    try:
        module = _ORIGINAL_IMPORT(self, modname, relative_only, level, use_cache)
    except AstroidBuildingError:
        _record(self, None, tuple(dict.fromkeys((absolute, modname))))
        raise
    # Found under the plain name after the relative one failed: that one may appear.
    _record(self, module, (absolute,) if module.name != absolute else ())
    return module


def install() -> None:
    """Start recording (idempotent; the wrapper only adds to what astroid does)."""
    if nodes.Module.import_module is not _tracked_import:
        nodes.Module.import_module = _tracked_import


def dependencies(path: str) -> dict[str, str | None]:
    """Every file reachable from ``path`` over the recorded imports, with its digest as
    astroid built it (``None``: absent); ``path`` itself is left out."""
    start = os.path.abspath(path)
    seen = {start}
    stack = [start]
    with _LOCK:
        while stack:
            for target in _EDGES.get(stack.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
    seen.discard(start)
    found = {}
    for target in seen:
        known = _BUILT.get(target)
        found[target] = known[1] if known is not None else _disk_digest(target)
    return found


def _disk_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return text_digest(handle.read())
    except OSError:
        return ABSENT
