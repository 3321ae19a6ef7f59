"""Building astroid trees for checked files so that cross-module inference works.

Each file is built under its dotted module name, and the folder its top package lives
in is put on ``sys.path`` (as pylint does), so relative imports like
``from ..utils.network import probe_worker`` resolve to the project's own modules.
Modules that a checked file imports are built by astroid only when inference reaches
them, and are cached for the whole process.
"""

from __future__ import annotations

import sys

import astroid
from astroid.builder import AstroidBuilder
from astroid.exceptions import AstroidBuildingError, AstroidSyntaxError

from .sources import ParseFailure, module_name_for


def ensure_importable(root: str) -> None:
    """Make a package root importable for astroid's import resolution."""
    if root not in sys.path:
        sys.path.append(root)


def build_module(absolute_path: str, text: str):
    """The astroid module for a file, reusing astroid's cache when it already built it."""
    modname, root = module_name_for(absolute_path)
    ensure_importable(root)
    manager = astroid.MANAGER
    cached = manager.astroid_cache.get(modname)
    if cached is not None and cached.file == absolute_path:
        return cached
    try:
        return AstroidBuilder(manager).string_build(text, modname, absolute_path)
    except AstroidSyntaxError as error:
        cause = error.error
        line = getattr(cause, "lineno", 1) or 1
        column = (getattr(cause, "offset", 1) or 1) - 1
        raise ParseFailure(f"syntax error: {getattr(cause, 'msg', cause)}", line, column) from None
    except (RecursionError, MemoryError):
        raise ParseFailure("too deeply nested to analyse") from None
    except AstroidBuildingError as error:
        raise ParseFailure(f"cannot build syntax tree: {error}") from None
