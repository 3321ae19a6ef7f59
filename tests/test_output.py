"""Output people read: the full and concise text formats, colour, --statistics, check
--help, and the progress line, on real terminals (pseudo-terminals) and pipes."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from helpers import AWAIT_UNDER_LOCK, RAW_ERROR, ROOT, run_cli, write_tree
from lint_rules.reporters import Progress, one_line

ESC = "\x1b["

# INV701 whose message quotes a URL with a newline in it.
NEWLINE_IN_MESSAGE = (
    "async function request(url, options) {\n"
    "    for (let i = 0; i < 3; i++) {\n"
    "        try { return await fetch(url, options); } catch (e) { }\n"
    "    }\n"
    "}\n"
    "export function submit(p) {\n"
    "    return request('/distributed/queue\\nx', { method: 'POST', body: p });\n"
    "}\n"
)


def _on_terminal(args, cwd, env=None) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; (exit code, screen)."""
    controller, terminal = pty.openpty()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    for name in ("NO_COLOR", "FORCE_COLOR"):
        if name not in (env or {}):
            environment.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "lint_rules", *args], cwd=cwd,
                            stdout=terminal, stderr=terminal, stdin=subprocess.DEVNULL,
                            env=environment)
    os.close(terminal)
    screen = _read_all(controller)
    os.close(controller)
    return proc.wait(timeout=300), screen.replace("\r\n", "\n")


def _read_all(controller: int) -> str:
    """Everything written to a pseudo-terminal whose other end is closed (one read may
    return only part of it)."""
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the writer
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def test_concise_is_one_line_per_finding_even_with_a_newline_in_the_message(tmp_path):
    write_tree(tmp_path, {"apiClient.js": NEWLINE_IN_MESSAGE})
    proc = run_cli("check", ".", cwd=tmp_path)  # a pipe: concise
    lines = proc.stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith("Found 1 finding")
    assert lines[0].startswith("apiClient.js:7:12: INV701 POST '/distributed/queue\\nx' through")
    assert run_cli("check", "--output-format", "concise", ".", cwd=tmp_path).stdout \
        == proc.stdout
    assert run_cli("check", "--format", "concise", ".", cwd=tmp_path).stdout == proc.stdout
    assert one_line("a\nb\r\tc\x1b") == "a\\nb\\r\\tc\\x1b"


def test_full_format_frames_the_flagged_range(tmp_path):
    text = RAW_ERROR.replace("    return", '    x = "éé"; return')  # UTF-8 before it
    write_tree(tmp_path, {"routes.py": text})
    proc = run_cli("check", "--output-format", "full", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == (
        "routes.py:3:24: INV501 error response built directly with json_response "
        "(status 400)\n"
        "  |\n"
        '3 |     x = "éé"; return web.json_response({"error": "x"}, status=400)\n'
        "  |                      " + "^" * 45 + "\n"
        "  |\n"
        "  = help: return await handle_api_error(request, ..., 400) instead "
        "(more: `invariant-lint explain INV501`)\n"
        "\n"
        "Found 1 finding in 1 file checked (INV501: 1).\n")


def test_full_format_notes_related_places_and_escapes_the_source(tmp_path):
    write_tree(tmp_path, {"jobs.py": AWAIT_UNDER_LOCK.replace(
        "            await client.fetch()", "            await client.fetch()\t# \x1b[31m")})
    proc = run_cli("check", "--output-format", "full", "--select", "INV101", ".", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("jobs.py:10:13: INV101 ")
    # the tab reaches the next multiple of 4 columns; the escape character is replaced
    assert lines[2] == "10 |             await client.fetch()    # \N{REPLACEMENT CHARACTER}[31m"
    assert lines[3] == "   |             " + "^" * len("await client.fetch()")
    assert lines[6] == "   = note: jobs.py:9:1: '_lock' is acquired here"
    assert ESC not in proc.stdout


def test_a_terminal_gets_the_full_format_in_colour(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR})
    code, screen = _on_terminal(["check", "."], tmp_path)
    assert code == 1
    assert f"{ESC}1mroutes.py:3:12:{ESC}0m {ESC}1;31mINV501{ESC}0m" in screen
    assert f"{ESC}31m{'^' * 45}{ESC}0m" in screen and "help:" in screen
    code, screen = _on_terminal(["check", "."], tmp_path, {"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert ESC not in screen and "  = help: " in screen
    code, screen = _on_terminal(["check", "--output-format", "json", "."], tmp_path)
    assert ESC not in screen and screen.lstrip().startswith("{")


def test_force_color_colours_a_pipe(tmp_path):
    write_tree(tmp_path, {"routes.py": RAW_ERROR})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FORCE_COLOR": "1"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run([sys.executable, "-m", "lint_rules", "check", "."], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.stdout.startswith(f"{ESC}1mroutes.py:3:12:{ESC}0m {ESC}1;31mINV501{ESC}0m ")
    assert "|" not in proc.stdout  # still concise: colour is not the format


def test_statistics(tmp_path):
    write_tree(tmp_path, {"a.py": RAW_ERROR, "b.py": RAW_ERROR.replace("400", "404"),
                          "jobs.py": AWAIT_UNDER_LOCK})
    proc = run_cli("check", "--statistics", "--select", "INV1,INV5", ".", cwd=tmp_path)
    assert proc.stdout == (
        "2  INV501  raw-error-response\n"
        "1  INV101  await-under-lock\n"
        "Found 3 findings in 3 files checked (INV101: 1, INV501: 2).\n")
    bad = run_cli("check", "--statistics", "--format", "json", ".", cwd=tmp_path)
    assert bad.returncode == 2 and "--statistics prints text" in bad.stderr


def test_check_help_documents_values_exit_codes_and_all():
    text = run_cli("check", "--help").stdout
    for needle in ("full", "concise", "json", "sarif", "github", "gitlab", "ALL",
                   "exit codes:", "130", "--write-baseline", "--add-noqa", "--sarif-root",
                   "at most 10"):
        assert needle in text, needle


# -- the progress line ---------------------------------------------------------------------

class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_line_on_a_terminal_after_the_delay():
    controller, terminal = pty.openpty()
    with open(terminal, "w", encoding="utf-8", closefd=True) as stream:
        assert Progress.for_run("full", stream) is not None
        assert Progress.for_run("json", stream) is None  # never with machine formats
        clock = _Clock()
        progress = Progress(stream, delay=2.0, clock=clock)
        progress(1, 10)  # within the delay: nothing
        clock.now = 2.5
        progress(3, 10)
        clock.now = 2.55
        progress(4, 10)  # too soon after the last one
        clock.now = 3.0
        progress(10, 10)
        progress.finish()
    screen = _read_all(controller)
    os.close(controller)
    last = "invariant-lint: 10/10 files checked, comparing them across the project"
    assert screen == ("\rinvariant-lint: 3/10 files checked"
                      "\r" + last + "\r" + " " * len(last) + "\r")


def test_progress_line_shows_when_the_delay_is_up_without_an_advance():
    controller, terminal = pty.openpty()
    with open(terminal, "w", encoding="utf-8", closefd=True) as stream:
        # The clock stands still, so no call would ever show the line: the timer does.
        progress = Progress(stream, delay=0.05, clock=_Clock())
        progress(4, 4)  # the files are done; the project-wide rules run on
        progress._timer.join()
        screen = os.read(controller, 65536).decode("utf-8")
        progress.finish()
    os.close(controller)
    assert screen.endswith("4/4 files checked, comparing them across the project")


def test_no_progress_line_off_a_terminal(tmp_path):
    path = tmp_path / "err.txt"
    with open(path, "w", encoding="utf-8") as stream:
        assert Progress.for_run("full", stream) is None
        assert Progress.for_run("concise", stream) is None
