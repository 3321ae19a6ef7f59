"""The suite's own tuning values, in one place (as INV401/INV402 ask of every project)."""

# Deep-stack worker thread (see deep_stack.py): virtual size and recursion limit.
DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 60_000
