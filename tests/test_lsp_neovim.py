"""End to end in a real editor: headless Neovim's built-in LSP client, configured with the
README's snippet (``tests/lsp_nvim_init.lua``, which the README must show verbatim), starts
``invariant-lint lsp``, opens a Python and a JavaScript file and prints
``vim.diagnostic.get()`` as JSON.

CI installs Neovim (``.ci/run``), so there the test fails without it; on a developer's
machine without Neovim (and without ``CI`` set) it is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from helpers import RAW_ERROR, RAW_ERROR_COLUMN, RAW_ERROR_LINE, ROOT, write_tree
from lsp_client import PATIENCE_SECONDS, server_env
from test_lsp import RETRY_LINE, RETRYING_JS

INIT = ROOT / "tests" / "lsp_nvim_init.lua"
DRIVER = ROOT / "tests" / "lsp_nvim_driver.lua"
ERROR_SEVERITY = 1  # vim.diagnostic.severity.ERROR


def _nvim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is not installed: .ci/run installs Debian's neovim package")
        pytest.skip("nvim is not installed (CI installs it)")
    return found


def _invariant_lint_on_path(folder) -> dict[str, str]:
    """An ``invariant-lint`` command that runs this worktree's code, first on PATH."""
    folder.mkdir()
    script = folder / "invariant-lint"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lint_rules "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    env = server_env()
    return {**env, "PATH": f"{folder}{os.pathsep}{env.get('PATH', '')}"}


def test_the_readme_shows_the_snippet_neovim_is_tested_with():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```lua\n{INIT.read_text(encoding='utf-8')}```" in readme


def test_neovim_shows_the_servers_diagnostics_for_python_and_js(tmp_path):
    nvim = _nvim()
    project = tmp_path / "project"
    write_tree(project, {"api.py": RAW_ERROR, "web/apiClient.js": RETRYING_JS})
    (project / ".git").mkdir()
    output = tmp_path / "diagnostics.json"
    env = {**_invariant_lint_on_path(tmp_path / "bin"),
           "LSP_TEST_FILES": "api.py:web/apiClient.js", "LSP_TEST_OUTPUT": str(output),
           "LSP_TEST_PATIENCE_MS": str(int(PATIENCE_SECONDS * 1000)),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    proc = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(INIT), "-c", f"luafile {DRIVER}"],
        cwd=project, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=PATIENCE_SECONDS * 2)
    assert output.exists(), (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    result = json.loads(output.read_text())
    assert result["published"] is True, result
    python, js = result["diagnostics"]["api.py"], result["diagnostics"]["web/apiClient.js"]
    assert [(d["code"], d["lnum"] + 1, d["col"] + 1, d["source"], d["severity"])
            for d in python] == [("INV501", RAW_ERROR_LINE, RAW_ERROR_COLUMN, "invariant-lint",
                                  ERROR_SEVERITY)]
    assert python[0]["message"].startswith("error response built directly with json_response")
    assert [(d["code"], d["lnum"] + 1, d["col"], d["source"]) for d in js] == [
        ("INV701", RETRY_LINE, 19, "invariant-lint")]
