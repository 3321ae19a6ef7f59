"""The suite's own tuning values, in one place (as INV401/INV402 ask of every project)."""

# Deep-stack worker thread (see deep_stack.py): virtual size and recursion limit.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 60_000

# Parallel checking (see parallel.py): below this many files one process is faster, and
# files go to workers in chunks of this size.
MIN_FILES_FOR_WORKERS = 24
FILES_PER_WORKER_CHUNK = 8

# Defaults of the clone settings (see shared_settings.py): a one-line helper such as
# ``return f"[Distributed][exec:{trace_execution_id}]"`` has 6 normalised nodes; a
# 4-statement try/except parser about 20.
DEFAULT_CLONE_MIN_SIZE = 6
DEFAULT_CLONE_NEAR_MIN_SIZE = 18
DEFAULT_CLONE_SIMILARITY = 0.55
# JavaScript near copies (`js-clone-similarity`): small handlers written in one file share
# their framework's boilerplate; calibrated on the reviewed corpus (0.55 keeps 76% of the JS
# findings acted on, 0.62 all but the copies a maintainer would extract; 0.65 loses one).
DEFAULT_JS_CLONE_SIMILARITY = 0.62
# Up to 10 statements (a parse-int-or-default helper has 8, a try/except route handler
# 4-6), a pair whose literals or called names differ is two functions doing two things.
DEFAULT_CLONE_VARIANT_MIN_STATEMENTS = 11
# Near copies sharing mostly (this share of the shared weight) their first statements have a
# common preamble, not a common implementation.
CLONE_PREAMBLE_SHARE = 0.6
# Near copies sharing this share of their weight in one call of a project function are two
# call sites of an extracted helper.
CLONE_CALL_SHARE = 0.5
# Runs of up to this many statements opening two function bodies are a preamble (read the
# request, check a field), not a copy.
CLONE_PREAMBLE_STATEMENTS = 3
# Small near copies calling different names are two functions, unless they also have this
# many statements in common past their opening.
CLONE_SHARED_STATEMENTS = 2

# Worker processes (see parallel.py): how long a worker that was told to stop, with no file
# left to check, may take to exit before it is killed.
WORKER_EXIT_TIMEOUT_SECONDS = 5.0

# User-supplied regular expressions (lock-pattern; see settings.Regex): each match may run
# for at most this much CPU time, and a pattern may be at most this many characters once
# its counted repeats ({m,n}) are expanded, which bounds compiling it.  Names are matched in
# microseconds; a second means the pattern backtracks without end.
REGEX_MATCH_TIMEOUT_SECONDS = 1.0
MAX_REGEX_EXPANDED_SIZE = 100_000
# How much of a text a message shows (the name a pattern timed out on).
SHOWN_TEXT_CHARACTERS = 40

# The most C stack one level of the recursion limit may take on the deep-stack thread: the
# limit for a stack is its size divided by this (see deep_stack.py).  Measured on CPython
# 3.11: at most ~650 bytes per level for recursion through C (map(), a property, nested
# generators, __init__) and ~80 bytes per syntax-tree level for ast.parse, which allows 3
# tree levels per level of the limit; 8 KiB leaves a wide margin for other builds.
DEEP_STACK_BYTES_PER_LEVEL = 8 * 1024
# When the system refuses a DEEP_STACK_BYTES stack (address-space limits, strict
# overcommit), halved stacks are tried down to this size, each with its own limit.
DEEP_STACK_MIN_BYTES = 16 * 1024 * 1024

# Fuzzing (benchmarks/mutants.py): a CLI run over a folder of mutants that takes this long
# hangs; it is killed and reported.
FUZZ_RUN_TIMEOUT_SECONDS = 600.0

# A process of a run (the CLI, a worker) whose astroid cache holds more lines of modules
# than this after a file drops the cache (the modules built for inference are kept between
# files); the next files rebuild what they import.  About 1 KB of memory per cached line;
# a ComfyUI-sized project (5-10k lines) never reaches it, a 100k-line tree does a few
# times per process (then 150 MB at most per process, against 200 MB with a 150k budget).
CACHE_BUDGET_LINES = 40_000

# Baseline and CI-report fingerprints (see baseline.py): bytes of the BLAKE2b digest of a
# flagged line, and of a finding's identity (16 hex characters: no collision in practice
# among one file's findings of one code in one function).
FINGERPRINT_BYTES = 8

# The full text format's code frame (see reporters.py): a flagged line longer than this
# many characters is shown cut to a window that starts this many characters before the
# finding; a tab advances to the next multiple of this many columns.
FRAME_MAX_CHARACTERS = 160
FRAME_CONTEXT_CHARACTERS = 40
FRAME_TAB_WIDTH = 4

# The progress line on a terminal (see reporters.Progress): shown once a run has taken
# this long, rewritten at most this often.
PROGRESS_DELAY_SECONDS = 2.0
PROGRESS_INTERVAL_SECONDS = 0.1

# INV801 (undocumented-mixin): at most this many undocumented names are listed in one
# message; the others are counted.
MAX_UNDOCUMENTED_NAMES_SHOWN = 10

# INV303 (field-copy-boilerplate): this many field-copy statements onto one target in one
# function are a finding (`field-copy-min-statements`); two copies are left alone.
DEFAULT_FIELD_COPY_MIN_STATEMENTS = 3
# How many field names one INV303 message lists before counting the rest.
MAX_COPIED_FIELDS_SHOWN = 8

# INV401 in JavaScript (`js-deferral-ms`): a one-shot setTimeout of at most this many
# milliseconds whose id is thrown away defers work to a later task, as setTimeout(fn, 0)
# does (a frame is about 16 ms; "after the click handlers ran" needs a few tens).
DEFAULT_JS_DEFERRAL_MS = 50

# INV401/INV402 literal folding (see analyses/tuning_values.py): ``2 ** 10`` is folded, a
# power with a larger exponent or base is left alone (never evaluate a huge number).
FOLDED_POWER_MAX_EXPONENT = 64
FOLDED_POWER_MAX_BASE = 2 ** 32
# Memoised name spellings (camelCase -> snake_case) and JS prefilter patterns: one entry
# per distinct identifier / settings combination; bounded so a huge tree cannot grow them.
NAME_CACHE_SIZE = 4096
PREFILTER_PATTERN_CACHE_SIZE = 64

# Analysis budgets of the suite's own rules, named MAX_* and so INV402's (moved here from
# the modules that use them).
MAX_MUTATIONS_PER_FILE = 3  # benchmarks/mutants.py: mutants written per source file
MAX_WRAPPER_ROUNDS = 8  # JS request wrapper-of-wrapper chains deeper than this stay unresolved
MAX_REACHABLE_FUNCTIONS = 256  # JS functions followed from one teardown path
MAX_DELEGATION_ROUNDS = 8  # JS wrapper-of-retrying-wrapper chains deeper than this are ignored
MAX_CALL_RESULT_ROUNDS = 8  # rounds of following what a call returns
MAX_CACHED_CLONE_PROJECTS = 4  # projects whose clone index is kept between runs
# A bucket of identical clone windows larger than this is boilerplate repeated everywhere;
# it is not paired (the quadratic number of pairs would be noise, and slow).
MAX_CLONE_BUCKET = 200
MAX_REEXPORT_HOPS = 8  # re-exports of re-exports followed to the definition
MAX_INFERRED_NEW_OBJECTS = 4  # inferred values looked at per expression (new objects)
MAX_SHOWN_SOURCE_CHARACTERS = 40  # source text shown in a message
MAX_INFERRED_SUSPENDING = 8  # inferred values looked at per call (suspending calls)
MAX_NAMED_COPIES = 4  # INV301: copies named in one message; the others are counted
PROJECT_SCAN_TTL_SECONDS = 5.0  # a long-running process rereads project files after this

# The result cache (lint_rules/result_cache.py): configurations (suite version and
# effective settings) whose entries are kept, the most recently used first; and project
# scopes (sets of files a run compared) whose project-wide findings are kept per
# configuration.
MAX_CACHED_CONFIGURATIONS = 4
MAX_CACHED_PROJECT_SCOPES = 8
CONTENT_DIGEST_BYTES = 16  # content digests of files (the result cache's keys)
CLONE_LABEL_DIGEST_BYTES = 12  # digests standing for long strings in clone labels
# Hash codes of clone labels and names a process keeps before it starts over (a language
# server runs for days; forgotten codes are recomputed alike, only costing time).
CLONE_CODE_MEMO_LIMIT = 500_000
