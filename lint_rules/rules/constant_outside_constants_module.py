"""A timeout, interval, retry, size or concurrency constant is defined in the constants
module, not locally (refactor plan, Task 5.2).

``TUNNEL_START_TIMEOUT = 25`` sat in the Cloudflare tunnel module, invisible to anyone
tuning the deployment and impossible to override from the environment.  Task 5.2 moves
such constants into ``utils/constants.py`` (``TUNNEL_START_TIMEOUT: float =
float(os.environ.get("TUNNEL_START_TIMEOUT", "25"))``) and imports them where they are
used, so every tuning knob lives in one file.

Flagged (at the assignment): a module- or class-level UPPER_CASE name with a word matching
``tuning-constant-words`` (TIMEOUT, INTERVAL, DELAY, RETRIES, ATTEMPTS, LIMIT, *SIZE, TTL,
BACKOFF, CONCURRENCY, WORKERS, and the words of a bound: MAX, BACKLOG, CAPACITY,
THRESHOLD ...), annotated or not, bound to a value built from literals only: a number, an
expression of numbers (``60 * 5``), a tuple of them, or calls on them and on the
environment, however ``os`` is reached: ``float(os.environ.get("X", "25"))``,
``int(getenv("X") or 3)``, ``float(os.environ["X"]) if "X" in os.environ else 5.0`` -
outside the configured ``constants-modules`` (declared with INV401) and tests.  Class-level
constants (``LOG_BACKLOG = 500`` in a class body) count as module-level ones.

In JavaScript: a module-level ``const`` (or a class's ``static`` field) with such an
UPPER_CASE name bound to numbers (``const RETRY_DELAY_MS = 100``, ``const TIMEOUTS = {
PROBE: 5000 }``) outside ``js-constants-modules`` (``**/constants.js``) and ``js-test-files``.

Only in a project that has a constants module (a file matching ``constants-modules``, or
``js-constants-modules`` for JavaScript): without one, a named module-level constant is the
best place a value has, and "move it to constants.py" is advice about a file that does not
exist (INV401 still reports the unnamed literals).

Not flagged: a constant imported from the constants module or assigned from another name
(``TIMEOUT = constants.TIMEOUT``), names that do not say tuning value (``DEFAULT_HOST``,
``API_VERSION``), Enum members, and local variables (INV401 looks at those).  The literal
of a definition flagged here is never flagged again by INV401.
"""

from __future__ import annotations

import re

from ..analyses.tuning_values import (
    is_exempt,
    tuning_constant_definitions,
)
from ..analyses.project_files import matching_project_file
from ..registry import Rule, register
from ..settings import Settings
from ..shared_settings import (
    CONSTANTS_MODULES, JS_CONSTANTS_MODULES, JS_TEST_FILES, NON_TUNING_CONSTANT_WORDS,
    TEST_FILES, TUNING_CONSTANT_WORDS,
)

# An UPPER_CASE name assigned (or annotated and assigned) at the start of a line: files
# without one cannot hold a finding and are never built into a tree.
_UPPER_ASSIGNMENT = re.compile(r"^[^\n=#]*?(?<![\w.])_*[A-Z][A-Z0-9_]*\s*(?::[^=\n]*)?=(?!=)", re.M)


class ConstantOutsideConstantsModuleSettings(Settings):
    tuning_constant_words = TUNING_CONSTANT_WORDS
    non_tuning_constant_words = NON_TUNING_CONSTANT_WORDS
    js_constants_modules = JS_CONSTANTS_MODULES
    js_test_files = JS_TEST_FILES
    constants_modules = CONSTANTS_MODULES
    test_files = TEST_FILES


@register
class ConstantOutsideConstantsModule(Rule):
    code = "INV402"
    symbol = "constant-outside-constants-module"
    summary = "tuning constant (timeout, interval, retry, size, concurrency) defined " \
              "outside the constants module"
    language = "python"
    settings_class = ConstantOutsideConstantsModuleSettings
    bad_example = '''
# utils/cloudflare_tunnel.py
TUNNEL_START_TIMEOUT = 25

class CloudflareTunnelManager:
    LOG_BUFFER_SIZE = 200

# utils/constants.py
# (the project's constants module, where they belong)
'''
    good_example = '''
# utils/cloudflare_tunnel.py
from .constants import CLOUDFLARE_LOG_BUFFER_SIZE, TUNNEL_START_TIMEOUT

# utils/constants.py
TUNNEL_START_TIMEOUT: float = float(os.environ.get("TUNNEL_START_TIMEOUT", "25"))
CLOUDFLARE_LOG_BUFFER_SIZE: int = 200
'''

    def wants(self, text: str) -> bool:
        return bool(_UPPER_ASSIGNMENT.search(text))

    def check(self, ctx):
        settings = ctx.settings
        modules, tests = self.exempt_patterns(settings)
        if is_exempt(ctx.path, modules, tests):
            return
        definitions = self.definitions(ctx)
        label = matching_project_file(ctx.path, modules) if definitions else None
        if label is None:
            return  # no constants module in the project: a named constant is the best place
        for definition in definitions:
            ctx.report(self.reported_node(definition),
                       f"tuning constant {definition.name} defined outside the constants "
                       f"module; move it to {label} and import it from there")

    # The language's parts of check(): each implementation (see js_rules) overrides them.
    @staticmethod
    def exempt_patterns(settings):
        """(constants modules, test files) of the language."""
        return settings.constants_modules, settings.test_files

    @staticmethod
    def definitions(ctx):
        """The file's tuning constants defined at module or class level."""
        settings = ctx.settings
        return ctx.analysis(tuning_constant_definitions, settings.tuning_constant_words,
                            settings.non_tuning_constant_words)

    @staticmethod
    def reported_node(definition):
        return definition.statement
