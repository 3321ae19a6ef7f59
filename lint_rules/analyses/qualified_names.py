"""Lexical resolution of names to the dotted paths they were imported from.

``from aiohttp import web`` then ``web.json_response`` resolves to
``aiohttp.web.json_response`` without importing aiohttp: the linted project's
dependencies need not be installed where the linter runs.  Astroid inference is tried
by the rules that need types; this is the cheap, always-available fallback.

The same lookup tells whether a call is of a builtin (``len`` not shadowed by an import)
and which local names an imported function goes by (``from pickle import dump as pdump``).
"""

from __future__ import annotations

import builtins

from astroid import nodes

from .local_bindings import lexical_assignments


def _dotted_parts(node) -> list[str] | None:
    parts = []
    while isinstance(node, nodes.Attribute):
        parts.insert(0, node.attrname)
        node = node.expr
    if not isinstance(node, nodes.Name):
        return None
    parts.insert(0, node.name)
    return parts


def _import_origin(name_node: nodes.Name) -> str | None:
    """The dotted path a bare name was imported as, if it was imported."""
    for assignment in lexical_assignments(name_node):
        if isinstance(assignment, nodes.Import):
            for module, alias in assignment.names:
                if (alias or module.split(".")[0]) == name_node.name:
                    return module if alias else module.split(".")[0]
        elif isinstance(assignment, nodes.ImportFrom):
            for imported, alias in assignment.names:
                if (alias or imported) == name_node.name:
                    base = assignment.modname
                    if assignment.level:
                        base = _absolute_from(assignment)
                    return f"{base}.{imported}" if base else imported
    return None


def _absolute_from(import_from: nodes.ImportFrom) -> str:
    module = import_from.root().name
    package = module.split(".")
    if not import_from.root().package:
        package = package[:-1]
    level = import_from.level or 0
    if level > 1:
        package = package[: len(package) - (level - 1)]
    return ".".join([*package, *([import_from.modname] if import_from.modname else [])])


def qualified_name(node) -> str | None:
    """``a.b.c`` with ``a`` replaced by what it was imported as; None if not a dotted name.

    A name that was not imported resolves to itself (``json_response`` defined locally
    stays ``json_response``).
    """
    parts = _dotted_parts(node)
    if parts is None:
        return None
    head = node
    while isinstance(head, nodes.Attribute):
        head = head.expr
    origin = _import_origin(head)
    if origin:
        parts[0] = origin
    return ".".join(parts)


def final_name(node) -> str | None:
    """The last identifier of a name or attribute chain (``self._lock`` -> ``_lock``)."""
    if isinstance(node, nodes.Attribute):
        return node.attrname
    if isinstance(node, nodes.Name):
        return node.name
    return None


def is_builtin_call(call: nodes.Call, *names: str) -> bool:
    """A call of a builtin (not shadowed by an import) with one of the names."""
    if not isinstance(call.func, nodes.Name):
        return False
    name = call.func.name
    if names and name not in names:
        return False
    return qualified_name(call.func) == name and hasattr(builtins, name)


def import_aliases(groups: dict, qualified: set[str]) -> set[str]:
    """The aliases under which a module imports one of ``qualified`` (``from pickle import
    dump as pdump`` gives ``pdump`` for ``pickle.dump``).

    ``groups`` holds the module's nodes by scope (see ``local_bindings.nodes_by_scope``).
    """
    aliases = set()
    for scope_nodes in groups.values():
        for node in scope_nodes:
            if isinstance(node, nodes.ImportFrom):
                aliases.update(alias for name, alias in node.names
                               if alias and f"{node.modname}.{name}" in qualified)
    return aliases
