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
DEFAULT_CLONE_SIMILARITY = 0.5

# Worker processes (see parallel.py): how long a worker that was told to stop, with no file
# left to check, may take to exit before it is killed.
WORKER_EXIT_TIMEOUT_SECONDS = 5.0
