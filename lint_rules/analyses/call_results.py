"""Which values of a scope come from the result of given calls, and which part of it.

``config = load_config()`` makes ``config`` hold the call's result; so do the values
reached from it — ``config["workers"]``, ``config.get("workers")``, ``worker = next(w for
w in config["workers"] if ...)``, ``for w in workers``, aliases, conditionals — because
changing them in place changes the loaded object.  :class:`CallResultFlow` follows the
bindings of one scope (see :mod:`.local_bindings`) to a fixed point and answers, for an
expression, which of the calls its value comes from.  Copies are not told apart
(``copy.deepcopy(config)`` still counts as ``config``): the answer errs towards "it
may be the same object".
"""

from __future__ import annotations

from astroid import nodes

from .local_bindings import ScopeBindings, unwrap_await
from .qualified_names import final_name
from ..constants import MAX_CALL_RESULT_ROUNDS as _MAX_ROUNDS

_COMPREHENSIONS = (nodes.GeneratorExp, nodes.ListComp, nodes.SetComp, nodes.DictComp)


class CallResultFlow:
    """Which names of one scope hold (a part of) the result of which call of ``functions``
    (final names of callees, such as ``load_config``)."""

    def __init__(self, bindings: ScopeBindings, functions: set[str]):
        self.functions = functions
        self.taint: dict[str, set] = {}
        for _ in range(_MAX_ROUNDS):
            changed = False
            for name, found in bindings.by_name.items():
                for binding in found:
                    if binding.kind not in ("assign", "for", "with"):
                        continue
                    expression = binding.expression() if binding.kind != "for" else None
                    origins = self.origins(expression if expression is not None
                                           else binding.value)
                    if origins - self.taint.get(name, set()):
                        self.taint.setdefault(name, set()).update(origins)
                        changed = True
            if not changed:
                break

    def origins(self, node) -> set:
        """The calls of ``functions`` whose result (or a part of it) ``node`` evaluates to."""
        found: set = set()
        pending = [node]
        while pending:
            current = unwrap_await(pending.pop())
            if current is None:
                continue
            if isinstance(current, nodes.Call):
                if final_name(current.func) in self.functions:
                    found.add(current)
                    continue
                if isinstance(current.func, nodes.Attribute):
                    pending.append(current.func.expr)  # config.get("workers")
                pending.extend(current.args)  # next(...), list(...), copy.deepcopy(...)
            elif isinstance(current, nodes.Subscript):
                pending.append(current.value)
            elif isinstance(current, nodes.Attribute):
                pending.append(current.expr)
            elif isinstance(current, nodes.Name):
                found |= self.taint.get(current.name, set())
            elif isinstance(current, nodes.BoolOp):
                pending.extend(current.values)
            elif isinstance(current, nodes.IfExp):
                pending.extend((current.body, current.orelse))
            elif isinstance(current, (nodes.Tuple, nodes.List, nodes.Set)):
                pending.extend(current.elts)
            elif isinstance(current, nodes.Starred):
                pending.append(current.value)
            elif isinstance(current, _COMPREHENSIONS):
                pending.extend(generator.iter for generator in current.generators)
        return found
