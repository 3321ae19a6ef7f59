"""The language server's tuning values (the suite's INV402 asks for one home for them)."""

# How long the document must stay unchanged after an edit before it is checked: long
# enough to merge the notifications of one burst of typing, short enough to stay well
# inside the 150 ms a user reads as "at once".
CHANGE_DEBOUNCE_SECONDS = 0.03

# How long after the last edit of a document its project's project-wide rules run again
# (clone and interval rules compare the whole project: done on every keystroke they would
# hold up the next keystroke's diagnostics).
PROJECT_CHECK_DELAY_SECONDS = 0.3

# Files loaded per indexing step between two checks of open documents (loading is reading,
# decoding and compiling: well under a millisecond a file).
FILES_PER_INDEX_STEP = 25

# benchmarks/lsp_latency.py: how long to wait for the server before giving up (only a
# broken server takes that long), and how long without new diagnostics means the workspace
# is indexed and checked.
LATENCY_BENCHMARK_PATIENCE_SECONDS = 120.0
LATENCY_BENCHMARK_SETTLE_SECONDS = 2.0

# How long the client may take to answer the server's own requests (registering file
# watchers) before the server goes on without the answer.
CLIENT_REQUEST_TIMEOUT_SECONDS = 10.0
