"""Editors lint unsaved buffers through pylint too: ``pylint --from-stdin PATH`` reads the
buffer on stdin.  The plugin must check that text, not the file at PATH (before the fix a
violation typed into the buffer was missed, and one deleted from it still reported)."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import CLEAN, RAW_ERROR, RAW_ERROR_COLUMN, RAW_ERROR_LINE, ROOT, write_tree


def _pylint_from_stdin(path, buffer: str) -> list[str]:
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    proc = subprocess.run(
        [sys.executable, "-m", "pylint", "--load-plugins=lint_rules.pylint_plugin",
         "--disable=all", "--enable=raw-error-response,parse-error",
         "--msg-template={path}:{line}:{column}: {msg_id} {msg}", "--score=n",
         "--from-stdin", str(path)],
        input=buffer, capture_output=True, text=True, cwd=path.parent, timeout=300,
        env={**os.environ, "PYTHONPATH": pythonpath})
    assert "Traceback" not in proc.stderr, proc.stderr
    return [line for line in proc.stdout.splitlines() if "W9501" in line or "F0010" in line]


def test_a_violation_only_in_the_buffer_is_reported(tmp_path):
    write_tree(tmp_path, {"api.py": CLEAN})
    [line] = _pylint_from_stdin(tmp_path / "api.py", RAW_ERROR)
    assert line.startswith(f"api.py:{RAW_ERROR_LINE}:{RAW_ERROR_COLUMN - 1}: W9501 INV501 "
                           "error response built directly with json_response")


def test_a_violation_only_on_disk_is_not_reported(tmp_path):
    write_tree(tmp_path, {"api.py": RAW_ERROR})
    assert _pylint_from_stdin(tmp_path / "api.py", CLEAN) == []


def test_the_buffers_suppression_comments_apply(tmp_path):
    write_tree(tmp_path, {"api.py": CLEAN})
    suppressed = RAW_ERROR.replace("status=400)", "status=400)  # noqa: INV501")
    assert _pylint_from_stdin(tmp_path / "api.py", suppressed) == []


def test_the_column_is_the_buffers(tmp_path):
    # The buffer's violation is indented further than the disk's would be.
    write_tree(tmp_path, {"api.py": RAW_ERROR})
    shifted = RAW_ERROR.replace("    return web", "    if True:\n        return web")
    [line] = _pylint_from_stdin(tmp_path / "api.py", shifted)
    assert line.startswith(f"api.py:{RAW_ERROR_LINE + 1}:{RAW_ERROR_COLUMN - 1 + 4}: W9501 ")
