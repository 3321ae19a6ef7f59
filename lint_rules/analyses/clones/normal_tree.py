"""The neutral node protocol between a language's clone normaliser and the clone core.

A language's normaliser (:mod:`.normalise` for Python, ``js_rules.analyses.clone_units``
for JavaScript) walks its own syntax tree once, iteratively, and writes it out as a
:class:`NormalTree`: one entry per normalised node, in pre-order, in parallel lists.  The
core (:mod:`.units`) then hashes, fingerprints and matches these arrays the same way for
every language, and never sees a language's tree.

What a normaliser supplies for each node:

* ``labels[i]``: a hashable label holding what the node is, level-independently (its
  type, the arity of its child fields, operators, flags); equal labels mean equal nodes
  once the children and the *extra* below are compared too;
* ``children[i]``: the positions of its children, in source order (each child's subtree
  is the contiguous run of positions ``child .. child + size - 1``);
* ``extras[i]``: None, or what the hash levels treat per level:
  ``(NAME, identifier, scope, is_callee)`` for a name that may be a local (a reference,
  a binding, a declared function or class), ``(PARAMETER, identifier)`` for a parameter,
  ``(ATTRIBUTE, name, is_callee)`` for a property or attribute name, and
  ``(LITERAL, exact, abstract)`` for a literal (its value as written, and its value's
  kind: ``("lit", "str")``);
* ``counted[i]``: 1 for a statement that counts towards a run's weight (imports do not),
  ``trivial[i]`` 1 for one without logic of its own (``x = []``, a bare ``return``, a
  logging call);
* ``calls[i]`` (a dict) for a call: the name it calls (``f`` for ``f()``, ``send`` for
  ``server.send()``, None for another callee);

and, for the whole tree, its functions (:class:`FunctionRecord`) and its statement lists
(:class:`StatementList`).  :class:`Scope` objects say which names are locals: a name is
local where its scope is a function scope that binds it and does not declare it
global/nonlocal.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...constants import CLONE_LABEL_DIGEST_BYTES
from ...text_files import text_digest

# Strings longer than this are hashed into labels by digest rather than kept whole.
LONG_TEXT = 200

# Kinds of ``NormalTree.extras`` entries.
NAME, PARAMETER, ATTRIBUTE, LITERAL = 1, 2, 3, 4


class Scope:
    """Names bound in one function (or lambda) scope; the module scope binds no locals."""

    __slots__ = ("bound", "declared", "parent", "is_function", "_binds")

    def __init__(self, parent, is_function):
        self.bound: set[str] = set()
        self.declared: set[str] = set()  # global / nonlocal: not local here
        self.parent = parent
        self.is_function = is_function
        self._binds: dict[str, bool] = {}

    def has_local(self, name: str) -> bool:
        """Whether ``name`` is a local variable of this scope."""
        return self.is_function and name in self.bound and name not in self.declared

    def binds(self, name: str) -> bool:
        """Whether ``name`` is a variable of this function or of a function enclosing it
        (a closure variable): a nested function's copy of a block names the enclosing
        function's locals where the original names its own.  Asked once the scopes are
        complete; memoised per scope."""
        known = self._binds.get(name)
        if known is None:
            known = self.has_local(name) or (
                self.is_function and name not in self.declared and self.parent is not None
                and self.parent.binds(name))
            self._binds[name] = known
        return known


def digest(text) -> str:
    """A short digest standing for a long string (or bytes) in a label."""
    return text_digest(text, size=CLONE_LABEL_DIGEST_BYTES)


def trivial_body(body: list, is_trivial_statement) -> bool:
    """Whether a function body is no logic: empty, or one statement that the language's
    ``is_trivial_statement`` accepts (``return self._x``)."""
    return not body or (len(body) == 1 and is_trivial_statement(body[0]))


@dataclass(eq=False, slots=True)
class FunctionRecord:
    """One function of a :class:`NormalTree`: a unit the clone rules compare.

    Its body is ``children[position][body_offset:body_offset + body_count]`` (no-op
    statements already left out); ``parameters`` are its parameter names in declaration
    order, ``method_self`` says the first one is a method's ``self`` (kept as ``self`` by
    the R level); ``trivial`` bodies are never compared; ``parent`` is the index of the
    innermost enclosing function's record, None at the top.  What the body is, for the
    rules' decisions: ``literal_data`` (it only returns or assigns literal data: a widget
    table, a schema), ``forwarding`` (one call of simple values); a method's class is at
    ``class_line``/``class_column`` (0 otherwise).  (What a body calls, the core reads from
    ``NormalTree.calls``.)"""

    position: int
    body_offset: int
    body_count: int
    name: str
    qualname: str
    line: int
    column: int
    scope: Scope
    parameters: list
    parent: int | None = None
    is_async: bool = False
    method_self: bool = False
    trivial: bool = False
    # Where a finding on the function is reported to end (its keyword and name).
    end_column: int | None = None
    literal_data: bool = False
    forwarding: bool = False
    class_line: int = 0
    class_column: int = 0


@dataclass(eq=False, slots=True)
class StatementList:
    """One statement list (a body, a branch, a loop's body...) of a :class:`NormalTree`:
    the statements ``children[parent][offset:offset + len(places)]``, each with its place
    ``(line, column, end_line)``; ``owner`` indexes the innermost enclosing function's
    record (None outside functions); ``loop_body``: the list is a loop's body (which, as
    a function's, a preamble may open)."""

    owner: int | None
    parent: int
    offset: int
    places: list
    loop_body: bool = False


class NormalTree:
    """A normalised syntax tree as pre-order arrays (see the module docstring)."""

    __slots__ = ("labels", "children", "extras", "counted", "trivial", "calls", "functions",
                 "statement_lists")

    def __init__(self):
        self.labels: list = []
        self.children: list[list[int]] = []
        self.extras: list = []
        self.counted = bytearray()
        self.trivial = bytearray()
        self.calls: dict[int, str | None] = {}
        self.functions: list[FunctionRecord] = []
        self.statement_lists: list[StatementList] = []

    def __len__(self) -> int:
        return len(self.labels)
