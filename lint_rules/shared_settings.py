"""Settings read by more than one rule, and the suite's general keys, declared once.

A rule's settings class lists the shared settings it reads by naming them
(``lock_pattern = LOCK_PATTERN``); ``invariant-lint explain`` shows them with the rule's
own.  No rule owns these keys, so none of them copies a default at its read site.
"""

from __future__ import annotations

from .constants import (
    DEFAULT_CLONE_MIN_SIZE, DEFAULT_CLONE_NEAR_MIN_SIZE, DEFAULT_CLONE_SIMILARITY,
    DEFAULT_CLONE_VARIANT_MIN_STATEMENTS, DEFAULT_JS_CLONE_SIMILARITY,
)
from .settings import (
    Boolean, Integer, Number, PathPatternList, Regex, Setting, Settings, Text, TextList,
)

# -- general: what a run checks and reports ------------------------------------------------

SELECT = Setting("select", TextList(), ["INV"], "codes or prefixes to report", shared=True)
IGNORE = Setting("ignore", TextList(), [], "codes or prefixes never to report", shared=True)
EXCLUDE = Setting("exclude", PathPatternList(), [],
                  "path patterns not to check (see Path patterns)", shared=True)
EXTEND_EXCLUDE = Setting("extend-exclude", PathPatternList(), [],
                         "path patterns added to exclude", shared=True)

BASELINE = Setting("baseline", Text(), "",
                   "baseline file whose recorded findings are not reported, relative to this "
                   "file's folder (empty: none; see `check --write-baseline`)", shared=True)
REQUIRE_SUPPRESSION_REASON = Setting(
    "require-suppression-reason", Boolean(), False,
    "report a suppression of an INV code that gives no reason after `--` (INV002)",
    shared=True)
CACHE_DIR = Setting(
    "cache-dir", Text(), "",
    "folder of the result cache, relative to this file's folder (empty: "
    "`.invariant-lint-cache` there; see `check --no-cache`)", shared=True)


class GeneralSettings(Settings):
    """The keys of the suite itself (not of any rule)."""

    select = SELECT
    ignore = IGNORE
    exclude = EXCLUDE
    extend_exclude = EXTEND_EXCLUDE
    baseline = BASELINE
    require_suppression_reason = REQUIRE_SUPPRESSION_REASON
    cache_dir = CACHE_DIR


# -- read by several rules -----------------------------------------------------------------

LOCK_PATTERN = Setting(
    "lock-pattern", Regex(), r"(?:^|_)(?i:lock)$|(?<=[a-z0-9])Lock$",
    "regular expression matched against the final name of a lock (an `async with` or "
    "acquire() target) that inference cannot identify; the default matches names ending "
    "in lock as a word (self._lock, jobs_lock, configLock), not clock",
    shared=True)

TEST_FILES = Setting(
    "test-files", PathPatternList(),
    ["tests", "test", "test_*.py", "*_test.py", "test_*.pyi", "*_test.pyi", "conftest.py"],
    "path patterns of test files: tuning literals are allowed there and they are not "
    "compared for copies, as tests repeat themselves on purpose", shared=True)

CONSTANTS_MODULES = Setting(
    "constants-modules", PathPatternList(), ["**/constants.py"],
    "path patterns of the modules where tuning values are defined: never flagged, and "
    "messages name the project's file matching the first pattern",
    shared=True)

JS_CONSTANTS_MODULES = Setting(
    "js-constants-modules", PathPatternList(), ["**/constants.js"],
    "path patterns of the JavaScript modules where tuning values are defined (`export "
    "const TIMEOUTS = {...}`): never flagged, and messages name the project's file "
    "matching the first pattern", shared=True)

JS_TEST_FILES = Setting(
    "js-test-files", PathPatternList(),
    ["tests", "test", "__tests__", "*.test.js", "*.spec.js", "*.test.mjs", "*.spec.mjs"],
    "path patterns of JavaScript test files: tuning literals are allowed there and they "
    "are not compared for copies",
    shared=True)

MUTATING_METHODS = Setting(
    "mutating-methods", TextList(), ["POST", "PUT", "PATCH", "DELETE"],
    "HTTP methods that change server state (case-insensitive): they must not be retried "
    "and must carry an idempotency key", shared=True)

CLONE_MIN_SIZE = Setting(
    "clone-min-size", Integer(minimum=1), DEFAULT_CLONE_MIN_SIZE,
    "smallest function body, in normalised syntax-tree nodes, whose exact or renamed "
    "copies are reported (`return f\"[Distributed][exec:{trace_execution_id}]\"` has 6)",
    shared=True)

CLONE_NEAR_MIN_SIZE = Setting(
    "clone-near-min-size", Integer(minimum=1), DEFAULT_CLONE_NEAR_MIN_SIZE,
    "smallest body for near copies and for copies that differ in literals or called "
    "names (a 4-statement try/except parser has about 20)", shared=True)

CLONE_SIMILARITY = Setting(
    "clone-similarity", Number(minimum=0.0, maximum=1.0), DEFAULT_CLONE_SIMILARITY,
    "how alike two bodies must be to count as near copies: Dice coefficient of their "
    "normalised subtrees, 0 to 1 (0 turns near copies off)", shared=True)

JS_CLONE_SIMILARITY = Setting(
    "js-clone-similarity", Number(minimum=0.0, maximum=1.0), DEFAULT_JS_CLONE_SIMILARITY,
    "clone-similarity for JavaScript: a front end's small handlers share their framework's "
    "boilerplate, so near copies need to be more alike", shared=True)

CLONE_VARIANT_MIN_STATEMENTS = Setting(
    "clone-variant-min-statements", Integer(minimum=1), DEFAULT_CLONE_VARIANT_MIN_STATEMENTS,
    "smallest body, in statements (nested ones count), whose copies with other literals or "
    "called names are reported: in a smaller one (`int` vs `float`, `pause()` vs "
    "`resume()`) the difference is the logic", shared=True)

CLONE_EXCLUDE = Setting(
    "clone-exclude", PathPatternList(), [],
    "path patterns of files, besides test-files, that the clone rules neither compare nor "
    "report (fixtures, generated code); the files are still checked by every other rule",
    shared=True)

TUNING_CONSTANT_WORDS = Setting(
    "tuning-constant-words", TextList(),
    ["TIMEOUT*", "INTERVAL*", "DELAY*", "RETRY", "RETRIES", "ATTEMPT*", "LIMIT*", "*SIZE",
     "TTL", "BACKOFF", "CONCURRENCY", "WORKERS", "DEADLINE", "DURATION", "SECONDS", "SECS",
     "MS", "MAX", "BACKLOG", "CAPACITY", "THRESHOLD*"],
    "globs over the words of an UPPER_CASE constant name (split at _) that make it a "
    "tuning value; such constants belong in the constants modules", shared=True)

NON_TUNING_CONSTANT_WORDS = Setting(
    "non-tuning-constant-words", TextList(),
    ["DEPTH", "NESTING", "RECURSION", "LEVEL*", "RESOLUTION", "WIDTH", "HEIGHT", "DIM*",
     "CHANNELS", "BITS", "LEN", "LENGTH"],
    "globs over words of an UPPER_CASE constant name that make it an algorithm or format "
    "bound rather than a tuning value, even with a tuning word (`MAX_DEPTH`, "
    "`MAX_RESOLUTION`, `MAX_NAME_LENGTH`)", shared=True)
