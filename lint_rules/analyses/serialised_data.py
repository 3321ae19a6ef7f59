"""Serialised data: which calls serialise an object, and which values hold the result.

The serialisers are named by the caller (qualified names, ``json.dump``/``json.dumps``):

- a *stream* serialiser writes into a file object given as its second argument (or
  ``fp=``, ``stream=``, ``file=``): ``json.dump(obj, fh)``;
- a *string* serialiser returns the serialised text or bytes: ``json.dumps(obj)``.  A
  value built from such a result is serialised data too: ``.encode()``, ``str(...)``,
  ``+``/``%`` and f-strings around it, and local names bound to any of these.

``yaml.dump`` is both: with a stream it writes, without one it returns the text.

A *config object* (an instance of one of the configured classes, ``configparser``'s
parsers) serialises itself into a file object with ``config.write(fh)``; the object is
known from the local name's binding (``config = configparser.ConfigParser()``) or from
the class's ``self.config = ...`` assignments.
"""

from __future__ import annotations

from astroid import nodes

from .call_arguments import argument
from .local_bindings import ScopeBindings, unwrap_await
from .qualified_names import qualified_name

_STREAM_KEYWORDS = ("fp", "stream", "file")
_MAX_DEPTH = 6


def stream_argument(call: nodes.Call):
    """The file object a ``dump``-style call writes to: 2nd positional, or fp=/stream=/file=."""
    return argument(call, 1, *_STREAM_KEYWORDS)


class Serialisers:
    """The configured serialiser names and how to recognise serialised data."""

    def __init__(self, stream: list[str], string: list[str], config_classes=()):
        self.stream = set(stream)
        self.string = set(string)
        self.config_classes = set(config_classes)

    def config_write(self, call: nodes.Call, bindings: ScopeBindings) -> str | None:
        """``config.write(fh)`` of a config object: its class's qualified name, else None."""
        func = call.func
        if not (isinstance(func, nodes.Attribute) and func.attrname == "write"
                and len(call.args) == 1 and not call.keywords):
            return None
        for value in _values_of(func.expr, bindings):
            if isinstance(value, nodes.Call):
                name = qualified_name(value.func)
                if name in self.config_classes:
                    return name
        return None

    def stream_dump(self, call: nodes.Call) -> str | None:
        """``json.dump(obj, fh)``: the serialiser's name when the call dumps to a stream."""
        name = qualified_name(call.func)
        if name in self.stream and stream_argument(call) is not None:
            return name
        return None

    def data(self, node, bindings: ScopeBindings) -> str | None:
        """The serialiser that produced ``node``'s value (``json.dumps``), if any."""
        pending = [(node, 0)]
        while pending:
            current, depth = pending.pop()
            current = unwrap_await(current)
            if current is None or depth > _MAX_DEPTH:
                continue
            if isinstance(current, nodes.Call):
                name = qualified_name(current.func)
                if name in self.string and not (
                        name in self.stream and stream_argument(current) is not None):
                    return name
                if isinstance(current.func, nodes.Attribute) and current.func.attrname == "encode":
                    pending.append((current.func.expr, depth + 1))
                elif name in ("str", "bytes", "bytearray") and current.args:
                    pending.append((current.args[0], depth + 1))
            elif isinstance(current, nodes.BinOp) and current.op in ("+", "%"):
                pending.extend(((current.left, depth + 1), (current.right, depth + 1)))
            elif isinstance(current, nodes.JoinedStr):
                pending.extend((value.value, depth + 1) for value in current.values
                               if isinstance(value, nodes.FormattedValue))
            elif isinstance(current, nodes.Name):
                for binding in bindings.of(current.name):
                    # ``text += json.dumps(x)`` adds serialised text as ``=`` binds it.
                    expression = (binding.value if binding.kind == "augassign"
                                  else binding.expression())
                    if expression is not None:
                        pending.append((expression, depth + 1))
        return None


def _values_of(receiver, bindings: ScopeBindings) -> list:
    """The expressions a receiver may hold: itself, a local name's bound values, or the
    values assigned to ``self.<name>`` in its class."""
    if isinstance(receiver, nodes.Name):
        values = [b.expression() for b in bindings.of(receiver.name)]
        return [value for value in values if value is not None]
    if isinstance(receiver, nodes.Attribute) and isinstance(receiver.expr, nodes.Name) \
            and receiver.expr.name == "self":
        klass = receiver.scope().parent
        if isinstance(klass, nodes.ClassDef):
            return [assigned.parent.value for assigned in
                    klass.instance_attrs.get(receiver.attrname, ())
                    if isinstance(assigned.parent, (nodes.Assign, nodes.AnnAssign))]
        return []
    return [receiver]
