"""Which argument of a call a parameter gets, and which parameter an argument binds to.

Keyword arguments name their parameter; a positional one binds by position, which is
known only when the callee is: :func:`positional_parameters` asks astroid for it (a
function, a bound or unbound method, or a class through its ``__init__``).  A starred
argument (``f(*args)``) hides every position after it.
"""

from __future__ import annotations

from astroid import bases, nodes, util


def argument(call: nodes.Call, index: int | None, *keywords: str):
    """A call's argument by keyword or position, or None."""
    for keyword in call.keywords or ():
        if keyword.arg in keywords:
            return keyword.value
    if index is not None and len(call.args) > index:
        candidate = call.args[index]
        if not isinstance(candidate, nodes.Starred):
            return candidate
    return None


def positional_parameters(call: nodes.Call) -> list[str] | None:
    """Parameter names of the inferred callee by position (``self`` dropped for bound
    methods and classes); None when the callee cannot be inferred."""
    try:
        inferred_values = call.func.infer()
        for inferred in inferred_values:
            if isinstance(inferred, util.UninferableBase):
                continue
            skip_first = isinstance(inferred, bases.BoundMethod)
            function = inferred
            if isinstance(inferred, nodes.ClassDef):
                function = next((f for f in inferred.igetattr("__init__")
                                 if isinstance(f, (nodes.FunctionDef, bases.UnboundMethod))),
                                None)
                skip_first = True
            while isinstance(function, bases.UnboundMethod):  # bound methods too
                function = function._proxied
            if not isinstance(function, (nodes.FunctionDef, nodes.Lambda)):
                return None
            arguments = function.args
            if arguments.args is None:  # a function built from C code: no signature
                return None
            names = [a.name for a in (arguments.posonlyargs or []) + (arguments.args or [])]
            return names[1:] if skip_first else names
    except Exception:  # noqa: BLE001 - inference failures mean "unknown callee"
        return None
    return None
