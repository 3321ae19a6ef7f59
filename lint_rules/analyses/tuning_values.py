"""Tuning values: timeouts, intervals, retry counts, size limits and where they belong.

Shared by INV401 (magic-number) and INV402 (constant-outside-constants-module):

- which files are exempt: the configured constants modules and test files (the
  ``constants-modules`` and ``test-files`` path patterns);
- how to name the constants module in a message (the project's real file when one
  matching the first pattern sits in the package, ``utils/constants.py``; else the pattern
  made readable);
- whether a name says "tuning value" (parameter/attribute globs for INV401, words of an
  UPPER_CASE constant for INV402);
- where well-known library calls take a tuning value (the duration of ``time.sleep``,
  the timeout of ``asyncio.wait_for``, the fields of ``aiohttp.ClientTimeout``);
- what a numeric literal is (``2.0``, ``-1``, ``60 * 5`` folded), and whether a constant's
  value is built from literals only (``float(os.environ.get("X", "25"))`` included);
- which module- and class-level UPPER_CASE definitions INV402 owns, so that INV401 never
  reports the same problem a second time.
"""

from __future__ import annotations

import fnmatch
import functools
import math
import operator
import re
from dataclasses import dataclass

from astroid import nodes

from ..constants import FOLDED_POWER_MAX_BASE, FOLDED_POWER_MAX_EXPONENT, NAME_CACHE_SIZE
from ..path_patterns import PathPatterns
from .project_files import matching_project_file
from .qualified_names import qualified_name


_TEST_FILE_GLOBS = ("test_*.py", "*_test.py", "conftest.py", "test_*.pyi", "*_test.pyi")
_TEST_DIRS = ("tests", "test")
_UPPER_CONSTANT = re.compile(r"_*[A-Z][A-Z0-9_]*")
_ENUM_BASES = ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum")
_NUMBER_TEXT = re.compile(r"\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*")
_OPERATORS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
}


# -- paths ------------------------------------------------------------------------------

def is_exempt(path: str, constants_modules: PathPatterns, test_files: PathPatterns) -> bool:
    """Files where tuning literals are allowed: the constants modules and tests."""
    return test_files.matches(path) or constants_modules.matches(path)


def readable_pattern(pattern: str) -> str:
    """``**/constants.py`` -> ``constants.py``: a glob as a reader would name the file."""
    text = pattern.strip().replace("\\", "/").lstrip("/")
    while text.startswith(("**/", "*/")):
        text = text.split("/", 1)[1]
    return text or pattern


def constants_module_label(path: str, patterns: PathPatterns) -> str:
    """How messages name the constants module: the project's own file matching
    ``patterns`` nearest to the checked file, on the same base as its path
    (``utils/constants.py``), else the first pattern made readable."""
    if not patterns:
        return "the constants module"
    found = matching_project_file(path, patterns)
    return found or readable_pattern(patterns.patterns[0])


# -- names ------------------------------------------------------------------------------

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def snake_name(name: str) -> str:
    """``retryDelayMs`` -> ``retry_delay_ms``, ``HTTPTimeout`` -> ``http_timeout``: one
    spelling for the name globs, whichever convention the code follows."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


@dataclass(frozen=True)
class NameGlobs:
    """Case-insensitive globs over a whole identifier (``*_timeout``, ``max_*``); a
    camelCase name is matched in its snake_case spelling (``pollInterval``)."""

    patterns: tuple[str, ...]

    @classmethod
    def of(cls, *pattern_lists) -> "NameGlobs":
        merged = []
        for patterns in pattern_lists:
            merged += [p.strip().lower() for p in patterns if p.strip()]
        return cls(tuple(dict.fromkeys(merged)))

    def matches(self, name: str | None) -> bool:
        if not name:
            return False
        return bool(self._pattern.match(snake_name(name)))

    @functools.cached_property
    def _pattern(self) -> re.Pattern:
        # One alternation of the translated globs: names are matched once per check.
        if not self.patterns:
            return re.compile(r"(?!)")
        return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in self.patterns))


def is_upper_constant(name: str) -> bool:
    """``JOB_POLL_INTERVAL``, ``_MAX_SIZE``: a module or class constant by convention."""
    return bool(_UPPER_CONSTANT.fullmatch(name)) and not name.startswith("__")


def _has_word(words, word_patterns) -> bool:
    globs = [pattern.strip().upper() for pattern in word_patterns if pattern.strip()]
    return any(fnmatch.fnmatchcase(word, glob) for word in words for glob in globs)


def constant_says_tuning(name: str, word_patterns, excluded_patterns=()) -> bool:
    """Whether a word of an UPPER_CASE name matches a word glob (``TIMEOUT*``, ``MAX``)
    and none matches an excluded one (``DEPTH`` of ``MAX_DEPTH``)."""
    words = [word for word in name.upper().split("_") if word]
    return _has_word(words, word_patterns) and not _has_word(words, excluded_patterns)


# -- known calls ------------------------------------------------------------------------

@dataclass(frozen=True)
class TuningSlot:
    """Where a known callee takes a tuning value: a position and/or a keyword, and the
    value's role as a message names it (``duration of time.sleep``)."""

    position: int | None
    keyword: str | None
    role: str


def _sleep(name: str, keyword: str) -> tuple[TuningSlot, ...]:
    return (TuningSlot(0, keyword, f"duration of {name}"),)


_CLIENT_TIMEOUT_FIELDS = ("total", "connect", "sock_read", "sock_connect")
_CLIENT_TIMEOUT = tuple(
    TuningSlot(index, field, f"'{field}' field of aiohttp.ClientTimeout")
    for index, field in enumerate(_CLIENT_TIMEOUT_FIELDS)
)
_KNOWN_CALLS = {
    "time.sleep": _sleep("time.sleep", "secs"),
    "asyncio.sleep": _sleep("asyncio.sleep", "delay"),
    "asyncio.tasks.sleep": _sleep("asyncio.sleep", "delay"),
    "trio.sleep": _sleep("trio.sleep", "seconds"),
    "anyio.sleep": _sleep("anyio.sleep", "delay"),
    "asyncio.wait_for": (TuningSlot(1, "timeout", "timeout of asyncio.wait_for"),),
    "asyncio.tasks.wait_for": (TuningSlot(1, "timeout", "timeout of asyncio.wait_for"),),
    "asyncio.timeout": (TuningSlot(0, "delay", "delay of asyncio.timeout"),),
    "asyncio.timeouts.timeout": (TuningSlot(0, "delay", "delay of asyncio.timeout"),),
}


def known_tuning_slots(call: nodes.Call) -> tuple[TuningSlot, ...] | None:
    """The tuning slots of a well-known library call (sleeps, ``wait_for``, timeouts,
    ``ClientTimeout``, however it was imported); None for any other call."""
    name = qualified_name(call.func)
    if name is None:
        return None
    if name == "ClientTimeout" or name.endswith(".ClientTimeout"):
        return _CLIENT_TIMEOUT
    return _KNOWN_CALLS.get(name)


def slot_value(call: nodes.Call, slot: TuningSlot):
    """The argument a call passes in a tuning slot (by keyword, or at its position when
    no ``*args`` comes first), or None."""
    value = None
    if slot.position is not None and slot.position < len(call.args):
        if not any(isinstance(a, nodes.Starred) for a in call.args[: slot.position]):
            value = call.args[slot.position]
    for keyword in call.keywords or ():
        if keyword.arg == slot.keyword:
            value = keyword.value
    return value


# -- literals ---------------------------------------------------------------------------

def is_number(value) -> bool:
    """An int or a float, not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fold_power_fits(base, exponent) -> bool:
    """Whether ``base ** exponent`` is small enough to fold (``2 ** 10``, not ``9 ** 999``)."""
    return abs(exponent) <= FOLDED_POWER_MAX_EXPONENT and abs(base) <= FOLDED_POWER_MAX_BASE


def _fold(node):
    """The value of a numeric literal expression (``-2.5``, ``60 * 5``), else None."""
    if isinstance(node, nodes.Const):
        return node.value if is_number(node.value) else None
    if isinstance(node, nodes.UnaryOp) and node.op in ("-", "+"):
        operand = _fold(node.operand)
        if operand is None:
            return None
        return -operand if node.op == "-" else operand
    if isinstance(node, nodes.BinOp) and node.op in ("+", "-", "*", "/", "//", "%", "**"):
        left, right = _fold(node.left), _fold(node.right)
        if left is None or right is None:
            return None
        try:
            if node.op == "**" and not fold_power_fits(left, right):
                return None
            return _OPERATORS[node.op](left, right)
        except (ArithmeticError, ValueError, TypeError):
            return None
    return None


def numeric_literal(node):
    """The value of a numeric literal or an expression of numeric literals, or None.

    Booleans are not numbers here; unary minus counts (``-5`` is the literal -5); a
    complex result (``2 ** 0.5`` of a negative) is not a literal we report.
    """
    try:
        value = _fold(node)
    except RecursionError:  # a pathologically long ``1 + 1 + ...`` chain
        return None
    if value is None or isinstance(value, complex):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def is_allowed(value, allowed) -> bool:
    """Zero, the integers 1 and -1 ("once", "no limit"), and the configured allowlist
    (compared by value).  A float ``1.0`` is a measured duration and is not allowed by
    default: ``time.sleep(1.0)`` is exactly what Task 5.2 moves to a constant."""
    if value == 0 or (isinstance(value, int) and value in (1, -1)):
        return True
    return any(value == number for number in allowed)


def is_environment(node) -> bool:
    """``os.environ``, ``environ``, ``_os.environ``: the process environment, however
    ``os`` was imported."""
    return isinstance(node, (nodes.Name, nodes.Attribute)) and _dotted(node) and (
        (node.attrname if isinstance(node, nodes.Attribute) else node.name) == "environ")


def _dotted(node) -> bool:
    while isinstance(node, nodes.Attribute):
        node = node.expr
    return isinstance(node, nodes.Name)


def literal_built(node) -> bool:
    """Whether an expression is built from literals only and holds a number.

    Literals, arithmetic, containers and calls of named functions on such values count
    (``60 * 5``, ``(1, 2, 4)``, ``float(os.environ.get("X", "25"))``,
    ``int(os.getenv("X") or 3)``, ``aiohttp.ClientTimeout(total=30)``); a numeric string
    counts as a number inside a call (the env default ``"25"``).  Reads of the
    environment (``os.environ["X"]``) and a conditional between them and a literal
    (``float(os.environ["X"]) if "X" in os.environ else 5.0``) count too.  Any other
    variable read (``constants.TIMEOUT``, ``BASE * 2``) makes it not literal.
    """
    has_number = False
    stack = [(node, False)]
    while stack:
        current, in_call = stack.pop()
        if isinstance(current, nodes.Const):
            value = current.value
            if is_number(value):
                has_number = True
            elif in_call and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
                has_number = True
        elif isinstance(current, nodes.UnaryOp):
            stack.append((current.operand, in_call))
        elif isinstance(current, nodes.BinOp):
            stack += [(current.left, in_call), (current.right, in_call)]
        elif isinstance(current, nodes.BoolOp):
            stack += [(value, in_call) for value in current.values]
        elif isinstance(current, nodes.IfExp):
            # ``float(os.environ["X"]) if "X" in os.environ else 5.0``: the test only
            # chooses between the environment and the literal default.
            stack += [(current.body, in_call), (current.orelse, in_call)]
        elif isinstance(current, nodes.Subscript) and is_environment(current.value):
            continue  # os.environ["X"], however os is reached: a read of the environment
        elif isinstance(current, (nodes.Tuple, nodes.List, nodes.Set)):
            stack += [(element, in_call) for element in current.elts]
        elif isinstance(current, nodes.Dict):
            for key, value in current.items:
                if isinstance(key, nodes.DictUnpack):
                    return False
                stack += [(key, in_call), (value, in_call)]
        elif isinstance(current, nodes.Call):
            if not _dotted(current.func):
                return False
            for argument in current.args:
                if isinstance(argument, nodes.Starred):
                    return False
                stack.append((argument, True))
            for keyword in current.keywords or ():
                if keyword.arg is None:
                    return False
                stack.append((keyword.value, True))
        else:
            return False
    return has_number


# -- constant definitions ---------------------------------------------------------------

@dataclass(frozen=True)
class ConstantDefinition:
    """``NAME = value`` (or ``NAME: T = value``) at module or class level."""

    statement: object  # nodes.Assign | nodes.AnnAssign
    name: str
    value: object


def _is_enum(klass: nodes.ClassDef) -> bool:
    for base in klass.bases:
        name = base.attrname if isinstance(base, nodes.Attribute) else getattr(base, "name", "")
        if name in _ENUM_BASES or name.endswith("Enum"):
            return True
    try:
        return any(ancestor.qname() in ("enum.Enum", "enum.Flag") for ancestor in
                   klass.ancestors())
    except Exception:  # noqa: BLE001 - inference trouble means "not known to be an enum"
        return False


def _bindings(statement):
    """(name, value) pairs an assignment binds to plain names."""
    if isinstance(statement, nodes.AnnAssign):
        if statement.value is not None and isinstance(statement.target, nodes.AssignName):
            yield statement.target.name, statement.value
        return
    for target in statement.targets:
        if isinstance(target, nodes.AssignName):
            yield target.name, statement.value
        elif isinstance(target, (nodes.Tuple, nodes.List)) and isinstance(
                statement.value, (nodes.Tuple, nodes.List)):
            if len(target.elts) == len(statement.value.elts):
                for element, value in zip(target.elts, statement.value.elts):
                    if isinstance(element, nodes.AssignName):
                        yield element.name, value


def tuning_constant_definitions(module, word_patterns, excluded_patterns=()):
    """Module- and class-level UPPER_CASE constants whose name says tuning value and
    whose value is built from literals: the definitions INV402 reports (and INV401
    leaves alone).  Enum members are not constants."""
    skip = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)
    for statement in module.nodes_of_class((nodes.Assign, nodes.AnnAssign), skip_klass=skip):
        scope = statement.scope()
        if not isinstance(scope, (nodes.Module, nodes.ClassDef)):
            continue
        if isinstance(scope, nodes.ClassDef) and _is_enum(scope):
            continue
        for name, value in _bindings(statement):
            if not is_upper_constant(name) or not constant_says_tuning(
                    name, word_patterns, excluded_patterns):
                continue
            if literal_built(value):
                yield ConstantDefinition(statement, name, value)


# -- where a literal hides in a tuning value ---------------------------------------------

_FALLBACK_KEYWORDS = ("default", "fallback")


def fallback_literals(call: nodes.Call, depth: int = 2):
    """Numeric literals passed to a parser or getter as the fallback of the value it
    reads: an argument after the first, or a ``default=``/``fallback=`` keyword
    (``to_int(raw, 16)``, ``int(request.query.get("limit", 50))``,
    ``config.getint("net", "workers", fallback=4)``), through ``depth`` nested calls."""
    arguments = list(call.args[1:]) + [k.value for k in call.keywords or ()
                                       if k.arg in _FALLBACK_KEYWORDS]
    for argument in arguments:
        if numeric_literal(argument) is not None:
            yield argument
    if depth > 1:
        for argument in call.args[:1]:
            if isinstance(argument, nodes.Call):
                yield from fallback_literals(argument, depth - 1)


_READ_METHODS = frozenset({"read", "read1", "recv", "readexactly", "readchunk"})
_SINK_METHODS = frozenset({"write", "writelines", "update", "send", "sendall", "put",
                           "put_nowait", "append", "extend", "feed"})
_LOOPS = (nodes.While, nodes.For, nodes.AsyncFor)


def _bound_name(call: nodes.Call) -> str | None:
    """The name a read's result is bound to: ``chunk = [await] f.read(n)`` or
    ``while chunk := f.read(n)``."""
    holder = call.parent
    if isinstance(holder, nodes.Await):
        holder = holder.parent
    if isinstance(holder, nodes.NamedExpr):
        return holder.target.name
    if isinstance(holder, nodes.Assign) and len(holder.targets) == 1 and isinstance(
            holder.targets[0], nodes.AssignName):
        return holder.targets[0].name
    return None


def copy_loop_read(call: nodes.Call) -> bool:
    """Whether ``x.read(n)`` (``recv``, ``readexactly`` ...) reads chunks in a copy loop:
    inside a loop, its result bound to a name that the loop hands on (written, sent,
    hashed, yielded).  A fixed-size read outside such a loop is a record format
    (``f.read(4)`` of a header), not a buffer size."""
    func = call.func
    if not (isinstance(func, nodes.Attribute) and func.attrname in _READ_METHODS
            and len(call.args) == 1 and not call.keywords):
        return False
    name = _bound_name(call)
    if name is None:
        return False
    loop = call.parent
    while loop is not None and not isinstance(loop, _LOOPS):
        if isinstance(loop, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
            return False
        loop = loop.parent
    if loop is None:
        return False
    for node in loop.nodes_of_class((nodes.Call, nodes.Yield)):
        if isinstance(node, nodes.Yield):
            values = [node.value]
        elif isinstance(node.func, nodes.Attribute) and node.func.attrname in _SINK_METHODS:
            values = list(node.args)
        else:
            continue
        if any(isinstance(v, nodes.Name) and v.name == name for v in values):
            return True
    return False
