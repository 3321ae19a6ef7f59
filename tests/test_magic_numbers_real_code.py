"""INV401/INV402 on tuning values as real code writes them, in Python and JavaScript.

Each category of issue 7 section 3 is one file of a temporary project, with the lines
that must be flagged marked ``# expect: CODE`` (``// expect:``) and lines that must not be
flagged beside them.  The Python files go through every front end (the CLI, the pylint
plugin, the flake8 plugin), the JavaScript files through the CLI; each front end runs once
over the whole project.  Exact messages, settings and bad input follow.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from helpers import run_cli, run_module, write_tree
from js_rules.analyses.tuning_values import may_hold_tuning_value, name_fragments, numeric_value
from js_rules.parser import parse_js
from lint_rules.analyses.tuning_values import snake_name
from marks import marks_in
from rule_harness import run_project, run_rule

CODES = ("INV401", "INV402")

PYTHON_CATEGORIES = {
    # a local variable or attribute whose name says tuning, bound to a literal, then used
    "tuning_variables.py": """\
        import asyncio
        import time


        class Relay:
            def __init__(self):
                self.refresh_interval = 3.0  # expect: INV401
                self.name = "relay"
                self.retry_count = 0


        async def probe(client):
            tries_left = 4  # expect: INV401
            pause_s = 0.25  # expect: INV401
            while tries_left:
                if await client.ok():
                    return True
                tries_left -= 1
                await asyncio.sleep(pause_s)
            return False


        def publish(monitor):
            stats_interval = 15.0  # expect: INV401
            max_wait_rounds = 30  # expect: INV401
            unused_timeout = 9
            for _ in range(max_wait_rounds):
                time.sleep(stats_interval)


        def backoff(client):
            delay = 0.5  # expect: INV401
            while not client.ok():
                time.sleep(delay)
                delay = delay * 2


        def widest(nodes):
            max_size = 100
            for node in nodes:
                if node.width > max_size:
                    max_size = node.width
            return max_size


        def font(entry, size=None):
            size = 0.8
            return f"{entry}: {size}em"


        class Monitor:
            def __init__(self, rate=5, label="cpu", width=640):  # expect: INV401
                self.rate = rate
                self.width = width

            async def run(self):
                await asyncio.sleep(self.rate)
    """,
    # a bound on a measured size in any receiver form, and its trim
    "measured_buffers.py": """\
        class LogBuffer:
            def __init__(self):
                self._buffer = []
                self.lines = []

            def add(self, line):
                self._buffer.append(line)
                if len(self._buffer) > 500:  # expect: INV401
                    self._buffer = self._buffer[-500:]  # expect: INV401
                self.lines = self.lines[:200]  # expect: INV401

            def header(self, parts):
                if len(parts) > 3 and parts[3:]:
                    return parts[3:]
                return self._buffer[1:]
    """,
    # keyword arguments that say time or size on unresolved callees, read sizes, fallbacks
    "keywords_reads_fallbacks.py": """\
        import os


        async def connect(session, url):
            return await session.ws_connect(url, heartbeat=20.0, keepalive=30)  # expect: INV401


        def fetch(client, url):
            return client.get(url, ttl=60, chunk_size=8192, retries_left=2)  # expect: INV401


        def copy(stream, out):
            while True:
                chunk = stream.read(65536)  # expect: INV401
                if not chunk:
                    break
                out.write(chunk)


        async def relay(reader, writer):
            while data := await reader.read(4096):  # expect: INV401
                writer.write(data)


        def header(handle):
            magic = handle.read(4)
            size = int.from_bytes(handle.read(8), "little")
            return magic, size


        def settings(request, to_int, config):
            limit = to_int(request.query.get("limit"), 16)  # expect: INV401
            workers = int(os.environ.get("WORKERS", 4))  # expect: INV401
            pool = config.getint("relay", "pool", fallback=8)
            name = to_int(request.query.get("name"), 16)
            return limit, workers, pool, name


        def call(client, parse):
            return client.run(limit=parse(os.environ.get("LIMIT"), 32))  # expect: INV401
    """,
    # INV402: class-level constants, bound names, env-derived defaults however os is reached
    "module_constants.py": """\
        import os
        import os as system
        from os import environ, getenv

        RELAY_BACKLOG = 500  # expect: INV402
        MAX_PENDING = 8  # expect: INV402
        UPLOAD_SIZE_LIMIT = 50 * 1024 * 1024  # expect: INV402
        STALL_THRESHOLD = int(system.environ.get("STALL", 12))  # expect: INV402
        QUEUE_CAPACITY = int(getenv("CAPACITY") or 64)  # expect: INV402
        PROBE_TIMEOUT = float(environ.get("PROBE_TIMEOUT", "2.5"))  # expect: INV402
        RETRY_DELAY = float(os.environ["DELAY"]) if "DELAY" in os.environ else 0.5  # expect: INV402
        MAX_DEPTH = 8
        MAX_RESOLUTION = 16384
        MAX_NAME_LENGTH = 64
        API_VERSION = 2
        NAME_LIMIT = os.environ["NAME_LIMIT"]


        class Queue:
            MAX_RETRIES = 3  # expect: INV402
            FLUSH_THRESHOLD = 32  # expect: INV402
            KIND = "queue"
    """,
    # not flagged: domain and format constants
    "domain_constants.py": """\
        UTF8_BOM = b"\\xef\\xbb\\xbf"


        def latent(torch, batch):
            return torch.zeros([batch, 4, 64, 64])


        def resize(image, comfy):
            return comfy.utils.common_upscale(image, 512, 512, "bilinear", "center")


        def channels(image):
            return [image[..., c] for c in range(3)]


        def status_of(response):
            if response.status >= 500:
                return "server"
            return "missing" if response.status == 404 else "ok"


        def pack(flags):
            return (flags & 0xFF) | (flags >> 8 & 0x0F)


        def parse(key):
            parts = key.split(":")
            return parts if len(parts) == 3 else None


        def strip_bom(data):
            return data[3:] if data[:3] == UTF8_BOM else data


        def human(size):
            if size < 1024:
                return f"{size} B"
            if size < 1024 * 1024:
                return f"{size / 1024:.1f} KB"
            return f"{size / (1024 * 1024):.1f} MB"
    """,
    # not flagged: the constants module, tests
    "utils/constants.py": """\
        RELAY_BACKLOG = 500
        PAUSE_S = 0.25
        pause_s = 0.25
        LOG_TRIM = [-500]
        print(pause_s)
    """,
    "tests/test_relay.py": """\
        import time


        def test_relay(relay):
            pause_s = 0.01
            tries_left = 3
            while tries_left and not relay.ready(timeout=0.5):
                tries_left -= 1
                time.sleep(pause_s)
    """,
}

JS_CATEGORIES = {
    "web/timers.js": """\
        export function flash(button) {
            // Deferred page work (a label, a blur): a feel, not a tuning value.
            setTimeout(() => { button.textContent = "Save"; }, 500);
            window.setTimeout(() => button.blur(), 1200);
        }

        export function reconnect(url) {
            const socket = new WebSocket(url);
            socket.onclose = () => setTimeout(() => reconnect(url), 3000); // expect: INV401
            const controller = new AbortController();
            setTimeout(() => controller.abort(), 8000); // expect: INV401
            return new Promise((resolve, reject) => {
                setTimeout(() => reject(new Error("timed out")), 6000); // expect: INV401
                socket.onopen = resolve;
            });
        }

        export async function sleepThenProbe(api) {
            await new Promise((r) => setTimeout(r, 300)); // expect: INV401
            const signal = AbortSignal.timeout(5000); // expect: INV401
            const timer = setInterval(() => api.poll(), 2000); // expect: INV401
            return [signal, timer];
        }

        export function debounce(run) {
            clearTimeout(run.pending);
            run.pending = setTimeout(run, 750); // expect: INV401
        }

        export function defer(input) {
            setTimeout(() => input.focus(), 10);
            setTimeout(() => input.select(), 0);
            setTimeout(() => input.scrollIntoView());
            requestAnimationFrame(() => input.blur());
        }
    """,
    "web/loops.js": """\
        export async function retry(api) {
            const start = Date.now();
            for (let attempt = 0; attempt < 5; attempt++) { // expect: INV401
                if (await api.ok()) return true;
                if (Date.now() - start > 10000) break; // expect: INV401
            }
            let retryCount = 0;
            while (retryCount < 3) retryCount++; // expect: INV401
            if (performance.now() - start >= 250) return false; // expect: INV401
            for (let c = 0; c < 3; c++) api.channel(c);
            return api.status >= 500;
        }
    """,
    "web/options.js": """\
        export function request(api, timeoutMs = 4000) { // expect: INV401
            const pollIntervalMs = 750; // expect: INV401
            api.every(pollIntervalMs);
            return api.get({ timeout: 8000, retryDelay: 250, w: 512 }, timeoutMs); // expect: INV401
        }

        export class Panel {
            constructor() {
                this.refreshInterval = 3000; // expect: INV401
                this.columns = 3;
            }
        }

        export function grow(nodes) {
            let maxSize = 100;
            for (const node of nodes) if (node.size > maxSize) maxSize = node.size;
            return maxSize;
        }
    """,
    "web/module_constants.js": """\
        const RETRY_DELAY_MS = 100; // expect: INV402
        export const PROBE_TIMEOUTS = { quick: 1500, full: 5000 }; // expect: INV402
        const MAX_LOG_LINES = 500; // expect: INV402
        const QUEUE_POLL_INTERVAL = Object.freeze(2 * 1000); // expect: INV402
        const MAX_DEPTH = 8;
        const API_VERSION = 2;
        const LABEL_TIMEOUT = "slow";
        let RETRY_LIMIT = 3; // expect: INV401

        export class Poller {
            static POLL_INTERVAL_MS = 2000; // expect: INV402
            static KIND = "poller";
        }

        export const use = () => [RETRY_DELAY_MS, MAX_LOG_LINES, QUEUE_POLL_INTERVAL, MAX_DEPTH,
            API_VERSION, LABEL_TIMEOUT, RETRY_LIMIT];
    """,
    "web/constants.js": """\
        export const TIMEOUTS = Object.freeze({ PROBE: 5000, PAUSE: 300 });
        export const RETRY_DELAY_MS = 100;
        setTimeout(() => null, 500);
    """,
    "web/tests/timers.test.js": """\
        export const FAST_POLL_INTERVAL_MS = 5;
        setTimeout(() => null, 500);
        for (let attempt = 0; attempt < 3; attempt++) attempt;
    """,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project (a ``[tool.invariant-lint]`` table) holding every category's file."""
    root = tmp_path_factory.mktemp("magic_real_code")
    files = {f"relay/{name}": textwrap.dedent(text) for name, text in PYTHON_CATEGORIES.items()}
    files.update({name: textwrap.dedent(text) for name, text in JS_CATEGORIES.items()})
    files["relay/__init__.py"] = ""
    files["relay/utils/__init__.py"] = ""
    files["pyproject.toml"] = "[tool.invariant-lint]\n"
    return write_tree(root, files)


def _by_file(project: Path, found) -> dict[str, set[tuple[int, str]]]:
    result: dict[str, set[tuple[int, str]]] = {}
    for path, line, code in found:
        if code in CODES:
            relative = Path(path).resolve().relative_to(project.resolve()).as_posix()
            result.setdefault(relative, set()).add((line, code))
    return result


@pytest.fixture(scope="module")
def cli_found(project):
    proc = run_cli("check", "--select", ",".join(CODES), "--format", "json", ".", cwd=project)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert not [f for f in document["findings"] if f["code"] == "INV000"]
    return _by_file(project, [(project / f["path"], f["line"], f["code"])
                              for f in document["findings"]]), document["findings"]


@pytest.fixture(scope="module")
def pylint_found(project):
    files = sorted(str(p) for p in (project / "relay").rglob("*.py"))
    proc = run_module("pylint", "--load-plugins=lint_rules.pylint_plugin", "--disable=all",
                      "--enable=magic-number,constant-outside-constants-module",
                      "--output-format=json", "--score=n", "--persistent=n", *files,
                      cwd=project)
    assert proc.returncode < 32, proc.stderr
    codes = {"magic-number": "INV401", "constant-outside-constants-module": "INV402"}
    return _by_file(project, [(project / item["path"], item["line"], codes[item["symbol"]])
                              for item in json.loads(proc.stdout or "[]")])


@pytest.fixture(scope="module")
def flake8_found(project):
    proc = run_module("flake8", "--isolated", "--select=INV401,INV402",
                      "--format=%(path)s\t%(row)d\t%(code)s", "relay", cwd=project)
    assert proc.returncode in (0, 1), proc.stderr
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    return _by_file(project, [(project / path, int(row), code) for path, row, code in rows])


def _wanted(name: str, text: str) -> set[tuple[int, str]]:
    return {(line, code) for line, code in marks_in(textwrap.dedent(text)) if code in CODES}


@pytest.mark.parametrize("name", sorted(PYTHON_CATEGORIES))
@pytest.mark.parametrize("front_end", ["cli", "pylint", "flake8"])
def test_python_category(name, front_end, request):
    found = request.getfixturevalue(f"{front_end}_found")
    if front_end == "cli":
        found = found[0]
    assert found.get(f"relay/{name}", set()) == _wanted(name, PYTHON_CATEGORIES[name])


@pytest.mark.parametrize("name", sorted(JS_CATEGORIES))
def test_javascript_category(name, cli_found):
    assert cli_found[0].get(name, set()) == _wanted(name, JS_CATEGORIES[name])


def _messages(findings, path: str, line: int) -> list[str]:
    return [f["message"] for f in findings if f["path"].endswith(path) and f["line"] == line]


@pytest.mark.parametrize("path, line, message", [
    ("relay/tuning_variables.py", 14, "magic number 0.25 used as the value of 'pause_s'; "
     "define it in relay/utils/constants.py and import the named constant"),
    ("relay/tuning_variables.py", 52, "magic number 5 used as the default of parameter "
     "'rate', which is the duration of asyncio.sleep; define it in relay/utils/constants.py and "
     "import the named constant"),
    ("relay/measured_buffers.py", 8, "magic number 500 used as the limit compared with "
     "len(self._buffer); define it in relay/utils/constants.py and import the named constant"),
    ("relay/measured_buffers.py", 9, "magic number -500 used as the size limit of the trim of "
     "self._buffer; define it in relay/utils/constants.py and import the named constant"),
    ("relay/keywords_reads_fallbacks.py", 14, "magic number 65536 used as the read size of "
     "stream.read() in a copy loop; define it in relay/utils/constants.py and import the named "
     "constant"),
    ("relay/keywords_reads_fallbacks.py", 32, "magic number 16 used as the fallback of 'limit' "
     "passed to to_int(); define it in relay/utils/constants.py and import the named constant"),
    ("relay/keywords_reads_fallbacks.py", 40, "magic number 32 used as the fallback of "
     "parameter 'limit' passed to parse(); define it in relay/utils/constants.py and import the "
     "named constant"),
    ("relay/module_constants.py", 11, "tuning constant RETRY_DELAY defined outside the "
     "constants module; move it to relay/utils/constants.py and import it from there"),
    ("web/timers.js", 19, "magic number 300 used as the delay of setTimeout; define it in "
     "web/constants.js and import the named constant"),
    ("web/timers.js", 20, "magic number 5000 used as the timeout of AbortSignal.timeout; "
     "define it in web/constants.js and import the named constant"),
    ("web/loops.js", 5, "magic number 10000 used as the limit compared with elapsed time; "
     "define it in web/constants.js and import the named constant"),
    ("web/loops.js", 3, "magic number 5 used as the limit compared with 'attempt'; define it "
     "in web/constants.js and import the named constant"),
    ("web/options.js", 4, "magic number 8000 used as the 'timeout' option; define it in "
     "web/constants.js and import the named constant"),
    ("web/module_constants.js", 2, "tuning constant PROBE_TIMEOUTS defined outside the "
     "constants module; move it to web/constants.js and import it from there"),
])
def test_messages(cli_found, path, line, message):
    assert message in _messages(cli_found[1], path, line)


def test_positions_are_the_literals_and_the_declarations(cli_found):
    findings = cli_found[1]
    where: dict[tuple[str, int], list[int]] = {}
    for f in findings:
        where.setdefault((f["path"].rsplit("/", 1)[-1], f["line"]), []).append(f["column"])
    assert where[("options.js", 4)][0] == 31  # 1-based column of 8000
    assert where[("keywords_reads_fallbacks.py", 5)] == [52, 68]  # heartbeat=, keepalive=
    assert where[("module_constants.js", 1)] == [7]  # the declarator RETRY_DELAY_MS = 100
    assert where[("module_constants.js", 11)] == [5]  # static POLL_INTERVAL_MS


# -- settings ----------------------------------------------------------------------------

def test_js_constants_modules_and_test_files_settings(tmp_path):
    text = "const RETRY_DELAY_MS = 100;\nsetTimeout(() => null, 500);\n"
    files = {"web/settings.js": text, "web/timing.js": text, "web/spec/a.js": text}
    found = run_project(CODES, tmp_path, files, settings={
        "js-constants-modules": ["web/settings.js"], "js-test-files": ["spec"]})
    assert [(Path(f.path).name, f.line, f.code) for f in found] == [
        ("timing.js", 1, "INV402"), ("timing.js", 2, "INV401")]
    assert "/web/settings.js and import it from there" in found[0].message


def test_js_deferral_setting():
    text = "setTimeout(go, 40);\nsetTimeout(go, 80);\n"
    assert [f.line for f in run_rule(CODES, text, filename="a.js")] == [2]
    assert [f.line for f in run_rule(CODES, text, filename="a.js",
                                     settings={"js-deferral-ms": 100})] == []
    assert [f.line for f in run_rule(CODES, text, filename="a.js",
                                     settings={"js-deferral-ms": 0})] == [1, 2]


def test_tuning_variable_names_setting():
    text = "def f(run):\n    spin_rounds = 9\n    run(spin_rounds)\n"
    assert run_rule(CODES, text) == []
    found = run_rule(CODES, text, settings={"tuning-variable-names": ["*_rounds"]})
    assert [(f.line, f.code) for f in found] == [(2, "INV401")]
    js = "export function f(run) { let spinRounds = 9; run(spinRounds); }\n"
    found = run_rule(CODES, js, filename="a.js", settings={"tuning-variable-names": ["*_rounds"]})
    assert [(f.line, f.code) for f in found] == [(1, "INV401")]


def test_non_tuning_constant_words_setting(tmp_path):
    # A project with constants modules (INV402 reports only in such a project).
    write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n", "constants.py": "",
                          "constants.js": ""})
    text = "MAX_DEPTH = 8\nMAX_HOPS = 4\n"
    assert [f.line for f in run_rule(CODES, text, directory=tmp_path)] == [2]
    found = run_rule(CODES, text, settings={"non-tuning-constant-words": ["HOPS"]},
                     directory=tmp_path)
    assert [f.line for f in found] == [1]
    js = "const MAX_DEPTH = 8;\nconst MAX_HOPS = 4;\n"
    assert [f.line for f in run_rule(CODES, js, filename="a.js", directory=tmp_path)] == [2]


# -- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("filename, text", [
    ("empty.js", ""), ("empty.py", ""), ("comments.js", "// setTimeout(f, 500)\n"),
    ("strings.js", 'const s = "timeout: 5000";\n'),
    ("huge.js", "const x = " + " + ".join(["1"] * 2000) + ";\nsetTimeout(f, x);\n"),
    ("bom.js", "\ufeffsetTimeout(() => null, 0);\n"),
])
def test_inputs_without_findings(filename, text):
    assert run_rule(CODES, text, filename=filename) == []


def test_syntax_error_is_inv000_only():
    found = run_rule(CODES, "setTimeout(() => {, 500);\n", filename="broken.js",
                     expect_inv000=True)
    assert [f.code for f in found] == ["INV000"]


def test_undecodable_js_is_inv000_only(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.invariant-lint]\n", encoding="utf-8")
    (tmp_path / "latin1.js").write_bytes(b"// caf\xe9\nsetTimeout(f, 500);\n")
    proc = run_cli("check", "--select", "INV401,INV402,INV000", "--format", "json", ".",
                   cwd=tmp_path)
    codes = [f["code"] for f in json.loads(proc.stdout)["findings"]]
    assert codes == ["INV000"]


# -- helpers -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, snake", [
    ("retryDelayMs", "retry_delay_ms"), ("HTTPTimeout", "http_timeout"),
    ("pause_s", "pause_s"), ("refreshInterval", "refresh_interval"), ("TTL", "ttl"),
])
def test_snake_name(name, snake):
    assert snake_name(name) == snake


@pytest.mark.parametrize("source, value", [
    ("500", 500), ("-5", -5), ("60 * 1000", 60000), ("2 ** 10", 1024), ("0.25", 0.25),
    ("1e3", 1000), ("'500'", None), ("x * 2", None), ("2 ** 999", None), ("true", None),
    ("1 / 0", None),
])
def test_numeric_value(source, value):
    expression = parse_js(f"({source});", module=True).body[0].expression
    assert numeric_value(expression) == value


def test_prefilter_needs_a_timer_or_a_tuning_name_meeting_a_number():
    fragments = name_fragments(("*_timeout", "retry_*", "attempt"))
    assert fragments == ("attempt", "retry", "timeout")
    assert may_hold_tuning_value("setTimeout(() => {\n  go();\n}, 500);", fragments)
    assert not may_hold_tuning_value("setTimeout(f); setTimeout(g, 0);", fragments)
    assert may_hold_tuning_value("if (Date.now() - start > 5000) stop();", fragments)
    assert not may_hold_tuning_value("const id = Date.now() + '_';", fragments)
    assert may_hold_tuning_value("const x = { requestTimeout: 500 }", fragments)
    assert may_hold_tuning_value("while (attempt < 3) {}", fragments)
    assert not may_hold_tuning_value("const width = 500; el.remove();", fragments)
