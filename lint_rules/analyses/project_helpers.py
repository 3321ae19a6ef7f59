"""Whether a checked file's project has adopted a helper: a Python file that defines it.

Some rules say "go through the project's helper" (INV501: build error responses with
the error helper).  In a project that has no such helper the advice cannot be followed: the
rule has no convention to enforce there, and its findings would all be noise.
:func:`project_helper_file` finds the file of the project that defines (``def``,
``async def``, an assignment or a class) or imports one of the helper names, the nearest
to the checked file first (definitions before imports), named on the same base as the checked
file's path.

The project's files are read as text, once per project and name set, with the project
listing of :mod:`.project_files` (a long-running process reads them again after a few
seconds, so a helper added meanwhile is seen).  The checked file's own text (an editor
buffer, perhaps unsaved) is searched first.
"""

from __future__ import annotations

import os
import re

from ..project_roots import path_beside, project_root_for
from ..sources import load_source
from .project_files import derived_from_project, project_query


def _definition_pattern(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(
        rf"^[ \t]*(?:(?:async[ \t]+)?def[ \t]+(?:{alternatives})\b"
        rf"|class[ \t]+(?:{alternatives})\b"
        rf"|(?:{alternatives})[ \t]*(?::[^=\n]*)?=[^=]"
        rf"|(from[ \t]+\S+[ \t]+import|import)[^#\n]*\b(?:{alternatives})\b"
        # a line of a parenthesised import: `    handle_api_error,`
        rf"|(?=[ \t]*(?:{alternatives})[ \t]*,?[ \t]*\)?[ \t]*(?:#.*)?$)([ \t]*))",
        re.MULTILINE)


def defines_helper(text: str, names: tuple[str, ...]) -> int:
    """Whether Python source text defines (2) or imports (1) one of ``names``, or
    neither (0)."""
    if not names or not any(name in text for name in names):
        return 0
    kinds = {match.group(1) is None and match.group(2) is None
             for match in _definition_pattern(names).finditer(text)}
    return 2 if True in kinds else 1 if kinds else 0


def _defining_files(root: str, names: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(-2 for a definition or -1 for an import, absolute path) of the project's files
    that define or import one of ``names``."""
    def scan(files):
        found = []
        for path in files:
            if not path.endswith((".py", ".pyi")):
                continue
            text = load_source(path).text
            kind = defines_helper(text, names) if text is not None else 0
            if kind:
                found.append((-kind, os.path.abspath(path)))
        return tuple(found)

    return derived_from_project(("helpers", names), root, scan)


def project_helper_file(path: str, names, own_text: str | None = None) -> str | None:
    """The file of ``path``'s project that defines or imports one of ``names`` (the
    checked file itself when its ``own_text`` does), named beside ``path``; None when
    the project has none."""
    names = tuple(names)
    if not names:
        return None
    if own_text is not None and defines_helper(own_text, names):
        return path
    return _other_helper_file(path, names)


@project_query("helper-file")
def _other_helper_file(path: str, names: tuple[str, ...]) -> str | None:
    absolute = os.path.abspath(path)
    folder = os.path.dirname(absolute)
    candidates = [(kind, len(os.path.relpath(c, folder).split(os.sep)), c)
                  for kind, c in _defining_files(project_root_for(absolute), names)
                  if c != absolute]
    if not candidates:
        return None
    return path_beside(min(candidates)[2], path)  # definitions first, then the nearest
