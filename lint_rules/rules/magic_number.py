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

Also flagged: a variable or attribute whose name matches ``tuning-variable-names``
(``pause_s``, ``tries_left``, ``self.refresh_interval``, ``max_wait_rounds``) bound to a
literal and read, or to a parser's literal fallback (``limit = to_int(raw, 16)``,
``int(request.query.get("limit", 50))``; also as a tuning keyword's value); the trim of a
measured buffer (``self._buffer = self._buffer[-500:]``, which also makes ``len(self._buffer)
> 500`` a limit, not a shape); and the read size of a copy loop (``chunk =
stream.read(65536)`` ... ``out.write(chunk)``).  Not flagged: a variable seeded with a
literal and reassigned from data (a running maximum), a unit conversion (``size < 1024``
where the function divides ``size / 1024``), a fixed-size read outside a copy loop (a
record header).

In JavaScript (the same settings, names in their snake_case spelling: ``retryDelayMs``
is ``retry_delay_ms``): the delay of ``setTimeout``/``setInterval`` (a ``new Promise(r =>
setTimeout(r, 300))`` sleep too) and of ``AbortSignal.timeout``; retry counts compared
in loops (``attempt < 5``) and elapsed time (``Date.now() - start < 10000``); options,
parameter defaults, variables and properties with tuning names.  Exempt:
``js-constants-modules`` (``**/constants.js``) and ``js-test-files``; short deferrals
(``js-deferral-ms``: a one-shot ``setTimeout(fn, 10)`` whose id is thrown away).
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
    copy_loop_read,
    fallback_literals,
    is_allowed,
    is_exempt,
    known_tuning_slots,
    numeric_literal,
    slot_value,
    tuning_constant_definitions,
)
from ..registry import Rule, register
from ..constants import DEFAULT_JS_DEFERRAL_MS
from ..settings import Number, NumberList, Setting, Settings, TextList
from ..shared_settings import (
    CONSTANTS_MODULES, JS_CONSTANTS_MODULES, JS_TEST_FILES, NON_TUNING_CONSTANT_WORDS,
    TEST_FILES, TUNING_CONSTANT_WORDS,
)

# A number token other than a zero or the integer 1, or arithmetic between such tokens
# (``1 + 1``): files without one cannot hold a finding and are never built into a tree.
_INTERESTING_NUMBER = re.compile(
    r"(?<![\w.])(?!(?:0+(?:\.0*)?|1)(?![\w.]))(?:\d|\.\d)"
    r"|\b[01]\s*[-+*/%]\s*[-+]?\s*[01]\b"
)
_ORDERING = {"<", "<=", ">", ">="}
_SIZE_METHODS = {"qsize", "__len__"}
_WAITING_CALLEES = {"sleep", "wait_for", "timeout", "ClientTimeout"}  # see known_tuning_slots


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
            tuning_constant_definitions, settings.tuning_constant_words,
            settings.non_tuning_constant_words)}
        self.label = constants_module_label(ctx.path, settings.constants_modules)
        self._indexed: dict[int, dict[str, set]] = {}
        self._reads: dict[int, set[str]] = {}
        self._accumulators: dict[int, dict[str, set[int]]] = {}
        self.variables = NameGlobs.of(settings.tuning_variable_names)
        self._divisors: dict[int, set] = {}
        self._waited: dict[str, str] | None = None
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

    def indexed(self, node) -> dict[str, set]:
        """Sequences (as source text) indexed or sliced with an integer literal in the
        function or module that holds ``node``, with the literals' sizes (``"index"``
        for an index): their lengths are shapes, not limits - unless a slice trims the
        sequence to the very bound it is compared with (``x[-500:]`` and ``len(x) > 500``)."""
        scope = node.scope()
        found = self._indexed.get(id(scope))
        if found is None:
            found = {}
            for subscript in scope.nodes_of_class(nodes.Subscript):
                index = subscript.slice
                if isinstance(index, nodes.Slice):
                    sizes = self.slice_sizes(index)
                else:
                    sizes = {"index"} if isinstance(numeric_literal(index), int) else set()
                if sizes:
                    found.setdefault(subscript.value.as_string(), set()).update(sizes)
            self._indexed[id(scope)] = found
        return found

    def unit_of(self, quantity, literal) -> bool:
        """Whether the function divides ``quantity`` by the literal's value somewhere
        (``size / 1024``, ``seconds // 60``): the number is a unit conversion factor."""
        scope = quantity.scope()
        divisors = self._divisors.get(id(scope))
        if divisors is None:
            divisors = set()
            for operation in scope.nodes_of_class(nodes.BinOp):
                if operation.op in ("/", "//", "%"):
                    factor = numeric_literal(operation.right)
                    if factor is not None:
                        divisors.add((operation.left.as_string(), factor))
            self._divisors[id(scope)] = divisors
        return (quantity.as_string(), numeric_literal(literal)) in divisors

    @staticmethod
    def slice_sizes(index: nodes.Slice) -> set:
        """A slice's literal bounds: a keep-the-last-N (``[-500:]``) or keep-the-first-N
        (``[:500]``) slice as the size N it trims to, any other (``[3:]``, the rest
        after a header) as a shape, ``"index"``."""
        lower = numeric_literal(index.lower) if index.lower is not None else None
        upper = numeric_literal(index.upper) if index.upper is not None else None
        if index.upper is None and isinstance(lower, int) and lower < 0:
            return {-lower}
        if index.lower is None and isinstance(upper, int) and upper > 0:
            return {upper}
        if isinstance(lower, int) or isinstance(upper, int):
            return {"index"}
        return set()

    def read_names(self, scope) -> set[str]:
        """Names read anywhere in ``scope`` (a variable bound and never read is dead)."""
        found = self._reads.get(id(scope))
        if found is None:
            found = {n.name for n in scope.nodes_of_class(nodes.Name)}
            self._reads[id(scope)] = found
        return found

    def subject(self, node, limit=None) -> tuple[str, bool] | None:
        """How a length, count, elapsed time or tuning name reads in a message, and
        whether it is the length of a sequence (compared with ``limit``, when given)."""
        stack, seen = [node], 0
        while stack and seen < 16:
            current = stack.pop()
            seen += 1
            if isinstance(current, nodes.Call):
                if is_builtin_call(current, "len") and len(current.args) == 1:
                    sizes = self.indexed(current).get(current.args[0].as_string())
                    if sizes and (limit is None or abs(limit) not in sizes):
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
        wanted = (nodes.Call, nodes.Compare, nodes.Arguments, nodes.Assign, nodes.AnnAssign)
        for node in self.module.nodes_of_class(wanted):
            if isinstance(node, nodes.Call):
                self.call(node)
            elif isinstance(node, nodes.Compare):
                self.compare(node)
            elif isinstance(node, nodes.Arguments):
                self.defaults(node)
            else:
                self.assign(node)

    def assign(self, statement):
        """``pause_s = 0.25``, ``self.refresh_interval = 3.0``, ``limit = to_int(raw, 16)``
        and trims ``self._buffer = self._buffer[-500:]``."""
        if id(statement) in self.owned or statement.value is None:
            return
        value = statement.value
        targets = ([statement.target] if isinstance(statement, nodes.AnnAssign)
                   else statement.targets)
        for target in targets:
            if isinstance(value, nodes.Subscript) and isinstance(value.slice, nodes.Slice):
                self.trim(target, value)
            name = self.bound_name(target, statement)
            if name is None:
                continue
            if self.magic(value) is not None:
                self.finding(value, f"value of '{name}'")
            elif isinstance(value, nodes.Call) and not is_builtin_call(value, "min", "max"):
                self.fallbacks(value, f"'{name}'")

    def bound_name(self, target, statement) -> str | None:
        """The tuning name an assignment binds and something reads, or None."""
        if isinstance(target, nodes.AssignAttr):
            return target.attrname if self.variables.matches(target.attrname) else None
        if not isinstance(target, nodes.AssignName) or not self.variables.matches(target.name):
            return None
        scope = statement.scope()
        if target.name not in self.read_names(scope):
            return None
        others = self.accumulators(scope).get(target.name, set()) - {id(statement)}
        return None if others else target.name

    def accumulators(self, scope) -> dict[str, set[int]]:
        """Name -> the assignments (by ``id``) in ``scope`` that bind it to a value not
        using it (``max_size = node.size``).  A name seeded with a literal and reassigned
        so is a running value, not a tuning value; ``delay = delay * 2`` (a backoff)
        still is one."""
        found = self._accumulators.get(id(scope))
        if found is None:
            found = {}
            for assign in scope.nodes_of_class(nodes.Assign):
                if numeric_literal(assign.value) is not None:
                    continue
                used = {n.name for n in assign.value.nodes_of_class(nodes.Name)}
                for target in assign.targets:
                    if isinstance(target, nodes.AssignName) and target.name not in used:
                        found.setdefault(target.name, set()).add(id(assign))
            self._accumulators[id(scope)] = found
        return found

    def trim(self, target, value: nodes.Subscript):
        sizes = self.slice_sizes(value.slice)
        if not sizes or "index" in sizes or target.as_string() != value.value.as_string():
            return  # only x = x[-N:] and x = x[:N] cut a collection to a capacity
        for bound in (value.slice.lower, value.slice.upper):
            if bound is not None and self.magic(bound) is not None:
                self.finding(bound, f"size limit of the trim of {short_source(value.value)}")

    def fallbacks(self, call: nodes.Call, target: str):
        for literal in fallback_literals(call):
            if self.magic(literal) is not None:
                self.finding(literal, f"fallback of {target} passed to {callee_label(call)}")

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
        if copy_loop_read(call) and self.magic(call.args[0]) is not None:
            self.finding(call.args[0], f"read size of {callee_label(call)} in a copy loop")
            return
        for keyword in call.keywords or ():
            if not keyword.arg or not self.parameters.matches(keyword.arg):
                continue
            if self.magic(keyword.value) is not None:
                self.finding(keyword.value, f"argument for parameter '{keyword.arg}' "
                                            f"of {callee_label(call)}")
            elif isinstance(keyword.value, nodes.Call):
                self.fallbacks(keyword.value, f"parameter '{keyword.arg}'")
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
            value = slot_value(call, slot)
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
                    subject = self.subject(other, numeric_literal(literal))
                    if subject is None:
                        continue
                    text, is_length = subject
                    if not is_length and self.unit_of(other, literal):
                        continue  # size < 1024 ... size / 1024: a unit, not a limit
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
            if self.magic(default) is None:
                continue
            if self.parameters.matches(parameter.name):
                self.finding(default, f"default of parameter '{parameter.name}'")
            elif parameter.name in self.waited_names():
                self.finding(default, f"default of parameter '{parameter.name}', which is "
                                      f"the {self.waited_names()[parameter.name]}")

    def waited_names(self) -> dict[str, str]:
        """Names (final names: ``rate`` of ``self.rate``) whose value a well-known call of
        this module waits for, with the role (``duration of asyncio.sleep``): a parameter
        of that name defaulting to a literal is a tuning value whatever it is called
        (``def __init__(self, rate=5)`` ... ``await asyncio.sleep(self.rate)``)."""
        if self._waited is None:
            self._waited = {}
            for call in self.module.nodes_of_class(nodes.Call):
                if final_name(call.func) not in _WAITING_CALLEES:
                    continue  # known_tuning_slots resolves names: ask only plausible calls
                for slot in known_tuning_slots(call) or ():
                    value = slot_value(call, slot)
                    name = final_name(value) if value is not None else None
                    if name:
                        self._waited.setdefault(name, slot.role)
        return self._waited


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
         "concurrency", "*_concurrency", "workers", "*_workers", "heartbeat", "*_heartbeat",
         "keepalive", "*_keepalive", "keepalive_*"],
        "case-insensitive globs over parameter names that take a time, size, limit, retry or "
        "concurrency value; also used for min()/max() bounds and comparisons")
    measured_names = Setting(
        "measured-names", TextList(),
        ["elapsed", "*_elapsed", "elapsed_*", "count", "*_count", "attempt", "attempts",
         "*_attempts", "retries", "*_retries", "length", "*_length", "*_len", "size",
         "*_size", "size_*", "age", "*_age", "waited"],
        "case-insensitive globs over names holding a measured length, count or elapsed time, "
        "whose comparison with a literal is a limit (`elapsed > 30`)")
    tuning_variable_names = Setting(
        "tuning-variable-names", TextList(),
        ["timeout", "*_timeout", "timeout_*", "*_timeout_*", "delay", "*_delay", "delay_*",
         "interval", "*_interval", "retries", "*_retries", "retry_*", "*_attempts", "limit",
         "*_limit", "limit_*", "ttl", "*_ttl", "backoff", "*_backoff", "backoff_*", "deadline",
         "*_deadline", "seconds", "*_seconds", "*_secs", "*_s", "*_ms", "pause", "pause_*",
         "*_pause", "tries", "tries_*", "*_tries", "max_*_rounds", "max_wait*", "chunk_size",
         "*_chunk_size", "chunksize", "buffer_size", "*_buffer_size", "bufsize", "read_size",
         "max_size", "max_*_size", "maxsize", "queue_size", "*_queue_size", "concurrency",
         "*_concurrency", "workers", "*_workers", "heartbeat", "*_heartbeat", "keepalive",
         "*_keepalive"],
        "case-insensitive globs over variable and attribute names that hold a tuning value: "
        "such a name bound to a literal (`pause_s = 0.25`, `self.refresh_interval = 3.0`) or "
        "to a parser's literal fallback (`limit = to_int(raw, 16)`) and then read is a "
        "finding; generic names (`size`, `count`) are left out, as a local `size` is a "
        "dimension more often than a capacity")
    js_deferral_ms = Setting(
        "js-deferral-ms", Number(minimum=0.0), DEFAULT_JS_DEFERRAL_MS,
        "JavaScript: a one-shot setTimeout whose id is thrown away, with a delay of at most "
        "this many milliseconds, defers work to a later task (as setTimeout(fn, 0)) and is "
        "not a tuning value; a kept id (a debounce) is flagged at any delay")
    non_tuning_callees = Setting(
        "non-tuning-callees", TextList(), ["hashlib.*"],
        "globs over qualified names of callees whose arguments are formats, not tuning "
        "values (`hashlib.blake2b(digest_size=16)`)")
    constants_modules = CONSTANTS_MODULES
    test_files = TEST_FILES
    tuning_constant_words = TUNING_CONSTANT_WORDS
    non_tuning_constant_words = NON_TUNING_CONSTANT_WORDS
    js_constants_modules = JS_CONSTANTS_MODULES
    js_test_files = JS_TEST_FILES


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
