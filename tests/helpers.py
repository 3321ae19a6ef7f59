"""Helpers shared by the CLI, config and bad-input tests: run the CLI, write file trees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One INV501 violation: a raw error response with a 4xx status, at line 3, column 12.  The
# last line makes the file's project one that has adopted an error helper (INV501 reports
# only there).
ADOPTS_ERROR_HELPER = "from errors import handle_api_error  # the project's error helper\n"
RAW_ERROR_BODY = (
    "from aiohttp import web\n"
    "async def h(r):\n"
    '    return web.json_response({"error": "x"}, status=400)\n'
)
RAW_ERROR = RAW_ERROR_BODY + ADOPTS_ERROR_HELPER
# A module defining the error helper, for projects whose files do not import it.
ERROR_HELPER_MODULE = (
    "from aiohttp import web\n\n\nasync def handle_api_error(request, message, status):\n"
    '    return web.json_response({"error": message}, status=status)\n'
)
RAW_ERROR_LINE, RAW_ERROR_COLUMN = 3, 12

CLEAN = "def add(a, b):\n    return a + b\n"

# One INV101 violation: an await under a lock, at line 10, column 13 (1-based); the lock is
# acquired at line 9.
AWAIT_UNDER_LOCK = (
    "import asyncio\n"
    "\n"
    "\n"
    "class Jobs:\n"
    "    def __init__(self):\n"
    "        self._lock = asyncio.Lock()\n"
    "\n"
    "    async def run(self, client):\n"
    "        async with self._lock:\n"
    "            await client.fetch()\n"
)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` and return ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run_module(module: str, *args: str, cwd: Path | str | None = None, timeout: float = 300):
    """``python -m MODULE ARGS`` in a subprocess, with the repository importable first."""
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": pythonpath},
    )


def run_cli(*args: str, cwd: Path | str | None = None):
    """``python -m lint_rules ARGS``: the ``invariant-lint`` command."""
    return run_module("lint_rules", *args, cwd=cwd)


def run_json(*args: str, cwd: Path | str | None = None):
    """Run ``check --format json ARGS``; return (process, parsed document)."""
    proc = run_cli("check", "--format", "json", *args, cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    document = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, document


def located(document) -> list[tuple[str, int, str]]:
    """(path, line, code) of every finding, in report order."""
    return [(f["path"], f["line"], f["code"]) for f in document["findings"]]


# A helper and a renamed copy of it, for the project-wide clone rules (INV301).
HELPER = '''\
def parse_positive_int(raw, fallback):
    """A positive whole number from a query value, else the fallback."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return fallback
    if value <= 0:
        return fallback
    return value
'''

COPIED_HELPER = '''\
def coerce_positive_int(text, default):
    try:
        number = int(str(text).strip())
    except (TypeError, ValueError):
        return default
    if number <= 0:
        return default
    return number
'''
