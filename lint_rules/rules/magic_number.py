"""Timeouts, intervals, retry counts and size limits come from the constants module
(refactor plan, Task 5.2).

Tuning values were hard-coded where they were used: ``TUNNEL_START_TIMEOUT = 25`` in the
Cloudflare tunnel module, a ``> 200`` log buffer check, ``min(10.0, timeout)`` in the USDU
result collector, ``time.sleep(1.0)`` and ``max_attempts=20`` in the static-mode poll loop.
Nobody can find, tune or override them, and the same value drifts apart across copies.
Task 5.2 moves each into ``utils/constants.py`` under a name that says what it is
(``JOB_POLL_INTERVAL``) and imports it where it is used; this rule keeps new ones out.

Flagged (at the literal): a number other than zero, the integers 1 and -1, and
``allowed-numbers`` (a literal, ``-5``, or an expression of literals such as ``60 * 5``;
a float ``1.0`` is a duration and is flagged) used as a time, size, limit or retry value:

- the argument of a parameter whose name matches ``tuning-parameter-names`` (``timeout``,
  ``*_timeout``, ``delay``, ``interval``, ``max_retries``, ``max_attempts``, ``limit``,
  ``*_size``, ``ttl``, ``backoff`` ...): keyword arguments, and positional ones
  when astroid infers the callee and its parameter at that position has such a name;
- the duration of ``time.sleep``/``asyncio.sleep``, the timeout of ``asyncio.wait_for``
  (2nd positional or keyword), the delay of ``asyncio.timeout``, the fields of
  ``aiohttp.ClientTimeout`` (total, connect, sock_read, sock_connect);
- a ``min``/``max`` bound against such a name or a length (``min(10.0, timeout)``);
- an ordering comparison (<, <=, >, >=) of a length, size, count or elapsed time
  (``len(self.recent_logs) > 200``, ``elapsed > 30``, ``time.time() - start > 5``, names
  from ``measured-names``) against a literal;
- the default of such a parameter (``def probe(url, timeout=2.0)``).

Not flagged: the constants modules (``constants-modules``) and tests (``test-files``:
``test_*.py``, ``*_test.py``, ``conftest.py``, ``tests/`` folders); HTTP status codes,
indexes, slices, ``range`` bounds, equality checks and plain arithmetic (``x * 2``); arguments of
``non-tuning-callees`` (hash digest sizes); lengths that are shapes rather than
capacities: a minimum (``if len(bucket) < 5``; in a ``while`` condition it is a limit),
"more than one" (``len(names) >= 2``), and a length whose sequence is indexed or sliced
with a literal in the same function (``len(parts) >= 3 and parts[-2]``); a bare ``max_``
prefix (``max_depth`` of a recursion guard is an algorithm bound: add ``max_*`` to
``tuning-parameter-names`` to include such names); and module- or class-level UPPER_CASE
constant definitions, which are INV402's job (one finding per problem).  The message
names the role and the constants module to import from.
"""

from __future__ import annotations

import fnmatch
import re

from astroid import nodes

from ..analyses.call_arguments import positional_parameters
from ..analyses.clocks import is_elapsed
from ..analyses.enclosing_nodes import in_while_condition
from ..analyses.qualified_names import final_name, is_builtin_call, qualified_name
from ..analyses.source_text import callee_label, short_source
from ..analyses.tuning_values import (
    NameGlobs,
    constants_module_label,
    is_allowed,
    is_exempt,
    known_tuning_slots,
    numeric_literal,
    tuning_constant_definitions,
)
from ..registry import Rule, register
from ..settings import NumberList, Setting, Settings, TextList
from ..shared_settings import CONSTANTS_MODULES, TEST_FILES, TUNING_CONSTANT_WORDS

# A number token other than a zero or the integer 1, or arithmetic between such tokens
# (``1 + 1``): files without one cannot hold a finding and are never built into a tree.
_INTERESTING_NUMBER = re.compile(
    r"(?<![\w.])(?!(?:0+(?:\.0*)?|1)(?![\w.]))(?:\d|\.\d)"
    r"|\b[01]\s*[-+*/%]\s*[-+]?\s*[01]\b"
)
_ORDERING = {"<", "<=", ">", ">="}
_SIZE_METHODS = {"qsize", "__len__"}


class _Check:
    """One file's INV401 pass."""

    def __init__(self, ctx):
        settings = ctx.settings
        self.ctx = ctx
        self.module = ctx.tree
        self.allowed = list(settings.allowed_numbers)
        self.parameters = NameGlobs.of(settings.tuning_parameter_names)
        self.subjects = NameGlobs.of(settings.tuning_parameter_names, settings.measured_names)
        self.owned = {id(d.statement) for d in ctx.analysis(
            tuning_constant_definitions, settings.tuning_constant_words)}
        self.label = constants_module_label(ctx.path, settings.constants_modules)
        self._indexed: dict[int, set[str]] = {}
        self.ignored_callees = settings.non_tuning_callees

    # -- helpers --------------------------------------------------------------------
    def magic(self, node):
        """The value of a non-allowed numeric literal not inside an INV402 definition."""
        value = numeric_literal(node)
        if value is None or is_allowed(value, self.allowed):
            return None
        try:
            statement = node.statement()
        except Exception:  # noqa: BLE001 - a node without a statement is not a definition
            statement = None
        if id(statement) in self.owned:
            return None
        return value

    def finding(self, node, role):
        message = (f"magic number {node.as_string()} used as the {role}; define it in "
                   f"{self.label} and import the named constant")
        self.ctx.report(node, message)

    def indexed(self, node) -> set[str]:
        """Sequences (as source text) indexed with an integer literal in the function
        or module that holds ``node``: their lengths are shapes, not limits."""
        scope = node.scope()
        found = self._indexed.get(id(scope))
        if found is None:
            found = set()
            for subscript in scope.nodes_of_class(nodes.Subscript):
                index = subscript.slice
                bounds = ([index.lower, index.upper] if isinstance(index, nodes.Slice)
                          else [index])
                if any(isinstance(numeric_literal(b), int) for b in bounds if b is not None):
                    found.add(subscript.value.as_string())
            self._indexed[id(scope)] = found
        return found

    def subject(self, node) -> tuple[str, bool] | None:
        """How a length, count, elapsed time or tuning name reads in a message, and
        whether it is the length of a sequence."""
        stack, seen = [node], 0
        while stack and seen < 16:
            current = stack.pop()
            seen += 1
            if isinstance(current, nodes.Call):
                if is_builtin_call(current, "len") and len(current.args) == 1:
                    if current.args[0].as_string() in self.indexed(current):
                        return None  # len(parts) >= 3 and parts[-2]: a shape check
                    return short_source(current), True
                if (isinstance(current.func, nodes.Attribute)
                        and current.func.attrname in _SIZE_METHODS):
                    return short_source(current), True
            if is_elapsed(current):
                return "elapsed time", False
            name = final_name(current)
            if name and self.subjects.matches(name):
                return f"'{name}'", False
            if isinstance(current, nodes.BinOp):
                stack += [current.right, current.left]
            elif isinstance(current, nodes.UnaryOp):
                stack.append(current.operand)
        return None

    # -- roles ----------------------------------------------------------------------
    def run(self):
        wanted = (nodes.Call, nodes.Compare, nodes.Arguments)
        for node in self.module.nodes_of_class(wanted):
            if isinstance(node, nodes.Call):
                self.call(node)
            elif isinstance(node, nodes.Compare):
                self.compare(node)
            else:
                self.defaults(node)

    def call(self, call: nodes.Call):
        if self.ignored_callees:
            callee = qualified_name(call.func)
            if callee and any(fnmatch.fnmatchcase(callee, g) for g in self.ignored_callees):
                return
        if is_builtin_call(call, "min", "max"):
            self.bound(call)
            return
        slots = known_tuning_slots(call)
        if slots is not None:
            self.known(call, slots)
            return
        for keyword in call.keywords or ():
            if keyword.arg and self.parameters.matches(keyword.arg) and self.magic(
                    keyword.value) is not None:
                self.finding(keyword.value, f"argument for parameter '{keyword.arg}' "
                                            f"of {callee_label(call)}")
        positional = []
        for index, argument in enumerate(call.args):
            if isinstance(argument, nodes.Starred):
                break
            if self.magic(argument) is not None:
                positional.append((index, argument))
        if not positional or is_builtin_call(call):
            return
        names = positional_parameters(call)
        if not names:
            return
        for index, argument in positional:
            if index < len(names) and self.parameters.matches(names[index]):
                self.finding(argument, f"argument for parameter '{names[index]}' "
                                       f"of {callee_label(call)}")

    def known(self, call: nodes.Call, slots):
        for slot in slots:
            value = None
            if slot.position is not None and slot.position < len(call.args):
                if not any(isinstance(a, nodes.Starred) for a in call.args[: slot.position]):
                    value = call.args[slot.position]
            for keyword in call.keywords or ():
                if keyword.arg == slot.keyword:
                    value = keyword.value
            if value is not None and self.magic(value) is not None:
                self.finding(value, slot.role)

    def bound(self, call: nodes.Call):
        subject = next(filter(None, (self.subject(a) for a in call.args
                                     if numeric_literal(a) is None)), None)
        if subject is None:
            return
        function = call.func.name
        for argument in call.args:
            if self.magic(argument) is not None:
                self.finding(argument, f"bound of {function}() against {subject[0]}")

    def compare(self, compare: nodes.Compare):
        left = compare.left
        for operator, right in compare.ops:
            if operator in _ORDERING:
                for literal, other, exceeds in ((right, left, operator in (">", ">=")),
                                                (left, right, operator in ("<", "<="))):
                    if self.magic(literal) is None:
                        continue
                    subject = self.subject(other)
                    if subject is None:
                        continue
                    text, is_length = subject
                    if is_length and not exceeds and not in_while_condition(compare):
                        continue  # if len(bucket) < 5: a minimum, not a capacity
                    if is_length and numeric_literal(literal) in (2, -2):
                        continue  # len(names) >= 2: "more than one", not a capacity
                    self.finding(literal, f"limit compared with {text}")
            left = right

    def defaults(self, arguments: nodes.Arguments):
        positional = (arguments.posonlyargs or []) + (arguments.args or [])
        defaults = arguments.defaults or []
        pairs = list(zip(positional[len(positional) - len(defaults):], defaults))
        pairs += [(a, d) for a, d in zip(arguments.kwonlyargs or [], arguments.kw_defaults or [])
                  if d is not None]
        for parameter, default in pairs:
            if self.parameters.matches(parameter.name) and self.magic(default) is not None:
                self.finding(default, f"default of parameter '{parameter.name}'")


class MagicNumberSettings(Settings):
    allowed_numbers = Setting(
        "allowed-numbers", NumberList(), [],
        "numbers that are never magic, besides zero and the integers 1 and -1 (e.g. [2, 0.5])")
    tuning_parameter_names = Setting(
        "tuning-parameter-names", TextList(),
        ["timeout", "*_timeout", "timeout_*", "delay", "*_delay", "delay_*", "interval",
         "*_interval", "retries", "*_retries", "retry_*", "attempts", "*_attempts", "limit",
         "*_limit", "limit_*", "maxsize", "size", "*_size", "bufsize", "chunksize", "ttl",
         "*_ttl", "backoff", "*_backoff", "backoff_*", "deadline", "seconds", "*_seconds",
         "*_secs", "milliseconds", "*_ms", "minutes", "hours", "duration", "*_duration",
         "concurrency", "*_concurrency", "workers", "*_workers"],
        "case-insensitive globs over parameter names that take a time, size, limit, retry or "
        "concurrency value; also used for min()/max() bounds and comparisons")
    measured_names = Setting(
        "measured-names", TextList(),
        ["elapsed", "*_elapsed", "elapsed_*", "count", "*_count", "attempt", "attempts",
         "*_attempts", "retries", "*_retries", "length", "*_length", "*_len", "size",
         "*_size", "size_*", "age", "*_age", "waited"],
        "case-insensitive globs over names holding a measured length, count or elapsed time, "
        "whose comparison with a literal is a limit (`elapsed > 30`)")
    non_tuning_callees = Setting(
        "non-tuning-callees", TextList(), ["hashlib.*"],
        "globs over qualified names of callees whose arguments are formats, not tuning "
        "values (`hashlib.blake2b(digest_size=16)`)")
    constants_modules = CONSTANTS_MODULES
    test_files = TEST_FILES
    tuning_constant_words = TUNING_CONSTANT_WORDS


@register
class MagicNumber(Rule):
    code = "INV401"
    symbol = "magic-number"
    summary = "timeout, interval, retry count or size limit hard-coded instead of a named constant"
    language = "python"
    settings_class = MagicNumberSettings
    bad_example = '''
# upscale/modes/static.py
def _wait_for_job(self, job_id):
    result = self._poll_job_status(job_id, max_attempts=20)
    while result is None:
        time.sleep(1.0)
        result = self._poll_job_status(job_id)

# utils/cloudflare_tunnel.py
if len(self.recent_logs) > 200:
    self.recent_logs.pop(0)
'''
    good_example = '''
from ...utils.constants import JOB_POLL_INTERVAL, JOB_POLL_MAX_ATTEMPTS

def _wait_for_job(self, job_id):
    result = self._poll_job_status(job_id, max_attempts=JOB_POLL_MAX_ATTEMPTS)
    while result is None:
        time.sleep(JOB_POLL_INTERVAL)
        result = self._poll_job_status(job_id)
'''

    def wants(self, text: str) -> bool:
        return bool(_INTERESTING_NUMBER.search(text))

    def check(self, ctx):
        if not is_exempt(ctx.path, ctx.settings.constants_modules, ctx.settings.test_files):
            _Check(ctx).run()
