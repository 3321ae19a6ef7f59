"""The suite's own tuning values, in one place (as INV401/INV402 ask of every project)."""

# Deep-stack worker thread (see deep_stack.py): virtual size and recursion limit.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 60_000

# Parallel checking (see parallel.py): below this many files one process is faster, and
# files go to workers in chunks of this size.
MIN_FILES_FOR_WORKERS = 24
FILES_PER_WORKER_CHUNK = 8
