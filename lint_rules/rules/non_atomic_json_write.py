"""State and config files are written to a temporary and moved into place (plan, Task 1.3).

``save_config()`` wrote ``json.dump(config, f, indent=2)`` straight into the config
file.  Opening with ``"w"`` truncates the file first, so a crash, a kill or a full disk
part-way through leaves a truncated file that no longer parses — and every later
``load_config()`` fails.  The fix writes the whole document to a temporary next to the
file (``config_path + '.tmp'``) and then ``os.replace(tmp_path, config_path)``: the
rename is atomic, so readers see the old file or the new one, never half of one.

Flagged, at the serialising write: ``json.dump(obj, fh)`` (and the other configured
``serializers``: ``yaml.dump``, ``yaml.safe_dump``, ``tomli_w.dump``, ``pickle.dump``),
``config.write(fh)`` of a ``configparser`` parser (the ``config-classes``; the parser known
from its local binding or from ``self.config = ...`` in its class)
into a file opened for writing (``open``, ``io.open``, ``codecs.open``,
``aiofiles.open``, ``Path.open``; modes with ``w``, ``x`` or ``a``), and
``fh.write(...)``, ``Path.write_text(...)`` or ``Path.write_bytes(...)`` of serialised
data (``json.dumps(...)`` and the other ``string-serializers``, also through a local
variable -- ``data = json.dumps(x)`` or ``text += json.dumps(x)`` before ``f.write(data)``
--, ``.encode()``, ``+`` or an f-string) — unless the same function later moves
the written path into place with ``os.replace``, ``os.rename``, ``shutil.move``,
``Path.replace`` or ``Path.rename``.  ``Path.write_text`` is no safer than ``open``
(ruff's FURB103 suggests it; it truncates just the same).

Flagged even with the move: a ``tempfile`` temporary (``NamedTemporaryFile``,
``mkstemp``, ``mktemp``, ``mkdtemp``, ``gettempdir``) created without ``dir=``.  It lands
in the system temp folder, often another file system, where the rename fails with
``EXDEV`` — create it with ``dir=os.path.dirname(path)``.

Not flagged: temporaries that are not moved anywhere, writes to ``sys.stdout``,
``io.StringIO``/``BytesIO`` or any file object whose opening is not visible in the
function (a parameter), files opened for reading, and everything inside or opened by
the configured ``atomic-write-helpers``.
"""

from __future__ import annotations

from astroid import nodes

from ..analyses.enclosing_nodes import inside_function_named
from ..analyses.file_targets import (
    FileTarget, handle_target, moved_later, moves, path_keys, temporary_origin,
)
from ..analyses.local_bindings import ScopeBindings, nodes_by_scope
from ..analyses.qualified_names import final_name, import_aliases
from ..analyses.serialised_data import Serialisers, stream_argument
from ..registry import Rule, register
from ..settings import Setting, Settings, TextList

_WRITE_METHODS = ("write", "write_text", "write_bytes")
_SHORT_PATH = 40


def _short(node) -> str:
    text = node.as_string() if node is not None else ""
    return text if text and len(text) <= _SHORT_PATH and "\n" not in text else "path"


def _candidate(call: nodes.Call, dump_names: set[str]) -> bool:
    """Cheap syntactic pre-check before any name resolution."""
    name = final_name(call.func)
    if isinstance(call.func, nodes.Attribute) and name in _WRITE_METHODS:
        return bool(call.args)
    return name in dump_names


class NonAtomicJsonWriteSettings(Settings):
    serializers = Setting(
        "serializers", TextList(),
        ["json.dump", "yaml.dump", "yaml.safe_dump", "tomli_w.dump", "pickle.dump"],
        "qualified names of functions that serialise an object into a file object given as "
        "their second argument (or fp=/stream=/file=)")
    string_serializers = Setting(
        "string-serializers", TextList(),
        ["json.dumps", "yaml.dump", "yaml.safe_dump", "tomli_w.dumps", "pickle.dumps"],
        "qualified names of functions that return serialised data; writing their result "
        "with write()/write_text()/write_bytes() is a serialised write")
    config_classes = Setting(
        "config-classes", TextList(),
        ["configparser.ConfigParser", "configparser.RawConfigParser",
         "configparser.SafeConfigParser"],
        "qualified names of classes whose instances serialise themselves with "
        "config.write(fh); writing one to a file opened on its final path is flagged")
    atomic_write_helpers = Setting(
        "atomic-write-helpers", TextList(), ["atomic_write", "atomic_write_json"],
        "functions that write atomically: writes inside them and files they open are not "
        "flagged")


@register
class NonAtomicJsonWrite(Rule):
    code = "INV201"
    symbol = "non-atomic-json-write"
    summary = "serialised state written straight to its final path instead of temp + os.replace"
    language = "python"
    settings_class = NonAtomicJsonWriteSettings
    bad_example = '''
def save_config(config):
    with open(_get_config_path(), "w") as f:
        json.dump(config, f, indent=2)        # a crash here leaves a truncated file
'''
    good_example = '''
def save_config(config):
    config_path = _get_config_path()
    tmp_path = config_path + ".tmp"
    with open(tmp_path, "w") as f:
        json.dump(config, f, indent=2)
    os.replace(tmp_path, config_path)         # atomic: old file or new, never half
'''

    def __init__(self, settings=None):
        super().__init__(settings)
        self.serialisers = Serialisers(self.settings.serializers,
                                       self.settings.string_serializers,
                                       self.settings.config_classes)
        # The prefilter: a file naming no serialiser is never built into a tree.
        names = self.serialisers.stream | self.serialisers.string
        names |= self.serialisers.config_classes
        self.any_text = tuple(sorted({name.rsplit(".", 1)[-1] for name in names}))

    def check(self, ctx):
        serialisers = self.serialisers
        helpers = set(ctx.settings.atomic_write_helpers)
        dump_names = {name.rsplit(".", 1)[-1] for name in serialisers.stream}
        groups = ctx.analysis(nodes_by_scope)
        dump_names |= import_aliases(groups, serialisers.stream)
        for scope, scope_nodes in groups.items():
            calls = [node for node in scope_nodes
                     if isinstance(node, nodes.Call) and _candidate(node, dump_names)]
            if not calls:
                continue
            bindings = None
            scope_moves = None
            for call in calls:
                if bindings is None:
                    bindings = ScopeBindings(scope, scope_nodes)
                write = self._serialised_write(call, serialisers, bindings, helpers)
                if write is None:
                    continue
                what, target = write
                if target.helper or not target.writes or inside_function_named(call, helpers):
                    continue
                if scope_moves is None:
                    scope_moves = moves(scope_nodes, bindings)
                move = moved_later(target.keys, call, scope_moves)
                if target.temporary:
                    if move is not None and not target.temp_has_dir:
                        self._cross_device(ctx, call, what, target, move)
                elif move is None:
                    self._in_place(ctx, call, what, target)

    @staticmethod
    def _serialised_write(call, serialisers, bindings, helpers):
        """(description, target) when ``call`` writes serialised data to a visible file."""
        dumped = serialisers.stream_dump(call)
        if dumped is not None:
            target = handle_target(stream_argument(call), bindings, call, frozenset(helpers))
            return (dumped, target) if target else None
        func = call.func
        if not isinstance(func, nodes.Attribute) or not call.args:
            return None
        if func.attrname not in _WRITE_METHODS:
            return None
        config = serialisers.config_write(call, bindings)
        if config is not None:  # configparser's config.write(fh)
            target = handle_target(call.args[0], bindings, call, frozenset(helpers))
            return (f"{config.rsplit('.', 1)[-1]}.write(...)", target) if target else None
        produced = serialisers.data(call.args[0], bindings)
        if produced is None:
            return None
        what = f"{func.attrname}({produced}(...))"
        if func.attrname == "write":
            target = handle_target(func.expr, bindings, call, frozenset(helpers))
            return (what, target) if target else None
        receiver = func.expr
        origin = temporary_origin(receiver, bindings)
        target = FileTarget(f"Path.{func.attrname}", receiver, path_keys(receiver, bindings), "w",
                            temporary=origin[0] if origin else None,
                            temp_has_dir=bool(origin and origin[1]))
        return what, target

    @staticmethod
    def _in_place(ctx, call, what, target):
        shown = _short(target.path)
        if target.opener.startswith("Path.") or shown.startswith(("Path(", "pathlib.Path(")):
            receiver = shown
            if not isinstance(target.path, (nodes.Name, nodes.Attribute, nodes.Call)):
                receiver = f"({shown})"
            how = (f"write tmp = {receiver}.with_suffix('.tmp') first, then "
                   f"tmp.replace({shown})")
        else:
            how = f"write {shown} + '.tmp' first, then os.replace({shown} + '.tmp', {shown})"
        message = (f"{what} writes {shown} in place: a crash mid-write leaves a truncated, "
                   f"unparsable file; {how}")
        ctx.report(call, message)

    @staticmethod
    def _cross_device(ctx, call, what, target, move):
        if target.temporary == "gettempdir":
            made = "a temporary in tempfile.gettempdir()"
        else:
            made = f"a tempfile.{target.temporary}() temporary created without dir="
        message = (
            f"{what} writes {made}: "
            f"it lands in the system temp folder, so the move into place at line "
            f"{move.lineno} can cross file systems and fail (EXDEV); create it next to the "
            f"final file, e.g. with dir=os.path.dirname(path)"
        )
        ctx.report(call, message, related=[ctx.related(move, "the move into place")])
