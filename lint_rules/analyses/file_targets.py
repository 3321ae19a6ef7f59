"""Which file a write goes to, and whether the same scope then moves it into place.

Used to tell a write straight to a file's final path from the atomic pattern
(write a temporary in the same folder, then ``os.replace`` it over the final path):

- :func:`handle_target` follows a file object back to where it was opened —
  ``with open(p, "w") as f``, ``f = io.open(...)``, ``p.open("w")``, ``codecs.open``,
  ``aiofiles.open``, ``tempfile.NamedTemporaryFile(...)``, ``os.fdopen(fd, "w")`` of a
  ``fd, tmp = tempfile.mkstemp(...)`` — and says which path it writes, in which mode.
  A file object whose origin is not visible (a parameter, ``sys.stdout``,
  ``io.StringIO()``) has no target: nothing is known about it.
- :func:`path_keys` gives the spellings a path goes by in its scope (``tmp`` bound once
  to ``path + '.tmp'`` matches either spelling; ``Path(tmp)``, ``str(tmp)`` and
  ``os.fspath(tmp)`` are ``tmp``), so a write can be matched to a later move.
- :func:`moves` lists the ``os.replace``/``os.rename``/``shutil.move``/
  ``Path.replace``/``Path.rename`` calls of a scope with the keys of their source path.
- :func:`temporary_origin` says whether a path comes from ``tempfile`` and whether it
  was placed with ``dir=`` (without it, the temporary lives in the system temp folder
  and a rename onto the final path can cross file systems).

Everything is lexical, within one scope (see :mod:`.local_bindings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from astroid import nodes

from .call_arguments import argument
from .local_bindings import ScopeBindings, lexical_assignments, position, unwrap_await
from .qualified_names import qualified_name

# Functions that open a file by path: qualified name -> (path index, mode index).
PATH_OPENERS = {
    "open": (0, 1), "io.open": (0, 1), "codecs.open": (0, 1), "aiofiles.open": (0, 1),
    "gzip.open": (0, 1), "bz2.open": (0, 1), "lzma.open": (0, 1),
}
# tempfile functions: qualified name -> index of the positional ``dir`` parameter.
TEMPFILE_DIR_INDEX = {
    "tempfile.NamedTemporaryFile": 6, "tempfile.mkstemp": 2, "tempfile.mktemp": 2,
    "tempfile.mkdtemp": 2, "tempfile.gettempdir": None,
}
MOVE_FUNCTIONS = {"os.replace", "os.rename", "os.renames", "shutil.move",
                  "aiofiles.os.replace", "aiofiles.os.rename"}
_PATH_WRAPPERS = {"Path", "pathlib.Path", "PurePath", "pathlib.PurePath", "str",
                  "os.fspath", "os.fsencode", "os.fsdecode"}
_MODE = re.compile(r"[rwxabtU+]{1,5}")
_WRITE_MODE = re.compile(r"[wxa]")
_MAX_DEPTH = 8


@dataclass(frozen=True)
class FileTarget:
    """Where a file object writes.

    ``opener`` is how it was opened (``open``, ``Path.open``, ``NamedTemporaryFile``,
    ``os.fdopen``, or an atomic-write helper's name); ``path`` the path expression as
    written (None when the file has no path of its own in the source); ``keys`` the
    path's spellings; ``temporary`` the ``tempfile`` function that made it, if any,
    with ``temp_has_dir`` telling whether it was placed with ``dir=``; ``helper`` is
    True when an atomic-write helper opened it.
    """

    opener: str
    path: object
    keys: frozenset
    mode: str
    temporary: str | None = None
    temp_has_dir: bool = False
    helper: bool = False

    @property
    def writes(self) -> bool:
        return bool(_WRITE_MODE.search(self.mode))


def _string_value(node) -> str | None:
    if node is None:
        return None
    if isinstance(node, nodes.Const):
        return node.value if isinstance(node.value, str) else None
    try:
        values = {v.value for v in node.infer() if isinstance(v, nodes.Const)}
    except Exception:  # noqa: BLE001 - inference errors mean "unknown"
        return None
    if len(values) == 1:
        value = values.pop()
        return value if isinstance(value, str) else None
    return None


def _mode(call: nodes.Call, index: int, default: str) -> str | None:
    node = argument(call, index, "mode")
    if node is None:
        return default
    mode = _string_value(node)
    return mode if mode is not None and _MODE.fullmatch(mode) else None


def _is_module_name(name_node) -> bool:
    """Whether a bare name was bound by ``import x`` (so ``x.open`` is a module function)."""
    return any(isinstance(found, nodes.Import) for found in lexical_assignments(name_node))


def _unwrap_path(node):
    """``Path(x)``, ``str(x)``, ``os.fspath(x)`` -> ``x``; awaits removed."""
    for _ in range(_MAX_DEPTH):
        node = unwrap_await(node)
        if (isinstance(node, nodes.Call) and len(node.args) == 1 and not node.keywords
                and qualified_name(node.func) in _PATH_WRAPPERS):
            node = node.args[0]
            continue
        return node
    return node


def path_keys(node, bindings: ScopeBindings) -> frozenset:
    """The spellings a path expression goes by in its scope."""
    keys: set[str] = set()
    pending = [(node, 0)]
    while pending:
        current, depth = pending.pop()
        current = _unwrap_path(current)
        if current is None:
            continue
        keys.add(current.as_string())
        if depth >= _MAX_DEPTH or not isinstance(current, nodes.Name):
            continue
        expression = bindings.single_expression(current.name)
        if expression is not None:
            pending.append((expression, depth + 1))
    return frozenset(keys)


def _tempfile_call(call: nodes.Call) -> tuple[str, bool] | None:
    name = qualified_name(call.func)
    if name not in TEMPFILE_DIR_INDEX:
        return None
    index = TEMPFILE_DIR_INDEX[name]
    folder = argument(call, index, "dir") if index is not None else None
    has_dir = folder is not None and not (isinstance(folder, nodes.Const) and folder.value is None)
    return name.rsplit(".", 1)[1], has_dir


def temporary_origin(node, bindings: ScopeBindings) -> tuple[str, bool] | None:
    """(tempfile function, placed with ``dir=``) if the path comes from ``tempfile``.

    Follows local names through their assignments, including unpacking
    (``fd, tmp = tempfile.mkstemp(dir=folder)``).
    """
    pending = [(node, 0)]
    seen: set[int] = set()
    while pending:
        current, depth = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        walk = [current]
        while walk:
            item = walk.pop()
            if isinstance(item, nodes.Call):
                found = _tempfile_call(item)
                if found is not None:
                    return found
            if isinstance(item, nodes.Name) and depth < _MAX_DEPTH:
                for binding in bindings.of(item.name):
                    if binding.kind in ("assign", "with"):
                        pending.append((binding.value, depth + 1))
            if not isinstance(item, (nodes.Lambda, nodes.FunctionDef)):
                walk.extend(item.get_children())
    return None


def _fdopen_target(call: nodes.Call, bindings: ScopeBindings) -> FileTarget | None:
    """``os.fdopen(fd, mode)`` where ``fd, path = tempfile.mkstemp(...)``."""
    mode = _mode(call, 1, "r")
    descriptor = argument(call, 0, "fd")
    if mode is None or not isinstance(descriptor, nodes.Name):
        return None
    binding = bindings.latest_before(descriptor.name, call)
    if binding is None or binding.kind != "assign" or len(binding.path) != 1:
        return None
    value = unwrap_await(binding.value)
    if not isinstance(value, nodes.Call):
        return None
    origin = _tempfile_call(value)
    if origin is None or origin[0] != "mkstemp":
        return None
    # The path is the other name bound by the same unpacking.
    statement = binding.statement
    for name, found in bindings.by_name.items():
        for other in found:
            if other.statement is statement and other.path == (1,):
                path_node = other.target
                return FileTarget("os.fdopen", path_node, frozenset({name}), mode,
                                  temporary="mkstemp", temp_has_dir=origin[1])
    return FileTarget("os.fdopen", None, frozenset(), mode, temporary="mkstemp",
                      temp_has_dir=origin[1])


def opener_target(call: nodes.Call, bindings: ScopeBindings, handle_name: str | None = None,
                  helpers: frozenset = frozenset()) -> FileTarget | None:
    """The file a call opens (when it is an opener we know), else None."""
    call = unwrap_await(call)
    if not isinstance(call, nodes.Call):
        return None
    name = qualified_name(call.func) or ""
    short = name.rsplit(".", 1)[-1]
    if short in helpers:
        return FileTarget(short, argument(call, 0), frozenset(), "w", helper=True)
    if name in PATH_OPENERS:
        path_index, mode_index = PATH_OPENERS[name]
        mode = _mode(call, mode_index, "r")
        path = argument(call, path_index, "file", "filename", "name")
        if mode is None or path is None:
            return None
        origin = temporary_origin(path, bindings)
        keys = path_keys(path, bindings)
        if handle_name:
            keys |= {f"{handle_name}.name"}  # os.replace(f.name, final)
        return FileTarget(name, path, keys, mode,
                          temporary=origin[0] if origin else None,
                          temp_has_dir=bool(origin and origin[1]))
    if name == "tempfile.NamedTemporaryFile":
        mode = _mode(call, 0, "w+b")
        if mode is None:
            return None
        origin = _tempfile_call(call)
        keys = frozenset({f"{handle_name}.name"}) if handle_name else frozenset()
        return FileTarget("NamedTemporaryFile", None, keys, mode,
                          temporary="NamedTemporaryFile", temp_has_dir=origin[1])
    if name == "os.fdopen":
        return _fdopen_target(call, bindings)
    func = call.func
    if (isinstance(func, nodes.Attribute) and func.attrname == "open"
            and name not in PATH_OPENERS and not _is_module_name(func.expr)):
        mode = _mode(call, 0, "r")
        if mode is None:
            return None
        path = func.expr
        origin = temporary_origin(path, bindings)
        return FileTarget("Path.open", path, path_keys(path, bindings), mode,
                          temporary=origin[0] if origin else None,
                          temp_has_dir=bool(origin and origin[1]))
    return None


def handle_target(handle, bindings: ScopeBindings, at_node,
                  helpers: frozenset = frozenset()) -> FileTarget | None:
    """Where the file object ``handle`` (used at ``at_node``) writes, if that is visible."""
    handle = unwrap_await(handle)
    for _ in range(_MAX_DEPTH):  # follow aliases: out = f; json.dump(data, out)
        if isinstance(handle, nodes.Call):
            return opener_target(handle, bindings, None, helpers)
        if not isinstance(handle, nodes.Name):
            return None
        binding = bindings.latest_before(handle.name, at_node)
        if binding is None or binding.kind not in ("assign", "with"):
            return None
        expression = unwrap_await(binding.expression())
        if not isinstance(expression, nodes.Name):
            if expression is None:
                return None
            return opener_target(expression, bindings, handle.name, helpers)
        at_node, handle = binding.statement, expression
    return None


def moves(scope_nodes: list, bindings: ScopeBindings) -> list[tuple[object, frozenset]]:
    """(call, keys of the moved path) for every move of a file in a scope."""
    found = []
    for node in scope_nodes:
        if not isinstance(node, nodes.Call):
            continue
        name = qualified_name(node.func)
        source = None
        if name in MOVE_FUNCTIONS:
            source = argument(node, 0, "src")
        elif (isinstance(node.func, nodes.Attribute)
              and node.func.attrname in ("replace", "rename")
              and len(node.args) + len(node.keywords or ()) == 1
              and not _is_module_name(node.func.expr)):
            source = node.func.expr  # Path.replace(target) / Path.rename(target)
        if source is not None:
            found.append((node, path_keys(source, bindings)))
    return found


def moved_later(keys: frozenset, write_node, scope_moves) -> object | None:
    """The first move after ``write_node`` whose source is one of ``keys``, or None."""
    if not keys:
        return None
    where = position(write_node)
    for call, moved_keys in scope_moves:
        if position(call) > where and keys & moved_keys:
            return call
    return None
