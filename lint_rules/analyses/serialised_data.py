"""Serialised data: which calls serialise an object, and which values hold the result.

The serialisers are named by the caller (qualified names, ``json.dump``/``json.dumps``):

- a *stream* serialiser writes into a file object given as its second argument (or
  ``fp=``, ``stream=``, ``file=``): ``json.dump(obj, fh)``;
- a *string* serialiser returns the serialised text or bytes: ``json.dumps(obj)``.  A
  value built from such a result is serialised data too: ``.encode()``, ``str(...)``,
  ``+``/``%`` and f-strings around it, and local names bound to any of these.

``yaml.dump`` is both: with a stream it writes, without one it returns the text.
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

    def __init__(self, stream: list[str], string: list[str]):
        self.stream = set(stream)
        self.string = set(string)

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
                    expression = binding.expression()
                    if expression is not None:
                        pending.append((expression, depth + 1))
        return None
