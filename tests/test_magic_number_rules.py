"""INV401 magic-number and INV402 constant-outside-constants-module: the tricky cases.

Snippets run through the rule harness (``rule_harness``): the engine with both codes and
INV000, over a project whose ``pyproject.toml`` holds the settings (path patterns such as
``test-files`` and ``constants-modules`` are relative to that folder), so a crash fails
the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_rules.analyses.tuning_values import (
    constants_module_label,
    literal_built,
    numeric_literal,
    readable_pattern,
)
from lint_rules.config import ConfigError, build_config, load_config
from lint_rules.path_patterns import PathPatterns
from rule_harness import run_project, run_rule

CODES = ("INV401", "INV402")


def _check(tmp_path, text, name="mod.py", files=None, settings=None):
    """Findings for ``text`` written as ``<unique package>/<name>`` (plus ``files`` of the
    package) in a project at ``tmp_path`` configured with ``settings`` (TOML keys).  Every
    file of the project is checked; the other files must stay clean."""
    package = f"pkg_{tmp_path.name}"  # astroid caches modules by name: keep them unique
    tree = {f"{package}/__init__.py": "", f"{package}/{name}": text}
    for relative, content in (files or {}).items():
        tree[f"{package}/{relative}"] = content
    found = run_project(CODES, tmp_path, tree, settings=settings)
    target = tmp_path / package / name
    assert [f for f in found if Path(f.path) != target] == [], "findings in the other files"
    return sorted(found, key=lambda f: (f.line, f.column))


def _lines(findings, code=None):
    return sorted(f.line for f in findings if code is None or f.code == code)


# -- positional arguments ----------------------------------------------------------------

def test_positional_argument_resolved_through_inference(tmp_path):
    found = _check(tmp_path, """\
        async def probe(url, timeout=None):
            return url, timeout

        async def main(url):
            await probe(url, 5.0)
            await probe(url, None)
            await probe(5.0, url)
    """)
    assert _lines(found) == [5]
    assert "argument for parameter 'timeout' of probe()" in found[0].message
    assert (found[0].line, found[0].column) == (5, 21)


def test_positional_argument_of_bound_method_and_constructor(tmp_path):
    found = _check(tmp_path, """\
        class Client:
            def __init__(self, host, timeout=None):
                self.host, self.timeout = host, timeout

            def poll(self, job, retries=None):
                return job, retries

            @classmethod
            def connect(cls, host, delay=None):
                return cls(host), delay

        def run(client):
            Client("host").poll("job", 3)
            Client("host", 30)
            Client.connect("host", 7)
            Client.poll(client, "job", 4)
    """)
    assert _lines(found) == [13, 14, 15, 16]
    assert "'retries'" in found[0].message and "'timeout'" in found[1].message
    assert "'delay'" in found[2].message and "'retries'" in found[3].message


def test_positional_argument_across_modules(tmp_path):
    found = _check(tmp_path, """\
        from .net import probe_worker

        async def check(url):
            return await probe_worker(url, 2.5)
    """, name="use.py", files={"net.py": """\
        async def probe_worker(url, timeout):
            return url, timeout
    """})
    assert _lines(found) == [4]
    assert "parameter 'timeout' of probe_worker()" in found[0].message


def test_unresolved_or_starred_positional_not_flagged(tmp_path):
    found = _check(tmp_path, """\
        from somewhere_not_installed import fetch

        def probe(url, timeout=None):
            return url, timeout

        def run(args):
            fetch("url", 30)
            probe(*args, 30)
            range(3)
            round(2.5, 3)
    """)
    assert found == []


# -- literals: unary minus, expressions, floats, allowlist ---------------------------------

def test_unary_minus_counts_as_a_literal(tmp_path):
    found = _check(tmp_path, """\
        import asyncio

        async def run(call):
            await asyncio.sleep(-2)
            call(timeout=-1)
            call(retries=-3)
            call(delay=+4)
    """)
    assert _lines(found) == [4, 6, 7]
    assert "magic number -2 used as the duration of asyncio.sleep" in found[0].message
    assert (found[0].line, found[0].column) == (4, 24)  # the minus sign, not the digit


def test_literal_expressions_floats_and_booleans(tmp_path):
    found = _check(tmp_path, """\
        import time

        def run(call, base):
            call(timeout=60 * 5)
            call(timeout=base * 5)
            time.sleep(1.0)
            time.sleep(1)
            call(retries=True)
            call(limit=0.0)
    """)
    assert _lines(found) == [4, 6]
    assert "magic number 60 * 5 used as" in found[0].message


def test_allowlist_option(tmp_path):
    text = """\
        import time

        def run():
            time.sleep(2)
            time.sleep(2.0)
            time.sleep(0.5)
            time.sleep(3)
    """
    assert _lines(_check(tmp_path, text)) == [4, 5, 6, 7]
    assert _lines(_check(tmp_path, text, settings={"allowed-numbers": ["2", 0.5]})) == [7]


def test_allowlist_rejects_non_numbers(tmp_path):
    with pytest.raises(ConfigError, match="allowed-numbers: expected a list of numbers"):
        build_config({"allowed-numbers": ["two"]})
    # TOML is typed: a string is not a list.  setup.cfg holds text, split at commas.
    with pytest.raises(ConfigError, match="allowed-numbers: expected a list of numbers"):
        build_config({"allowed-numbers": "2, 0.5"})
    (tmp_path / "setup.cfg").write_text("[invariant-lint]\nallowed-numbers = 2, 0.5\n",
                                        encoding="utf-8")
    config = load_config(str(tmp_path / "setup.cfg"))
    assert config.values["allowed-numbers"] == (2.0, 0.5)


def test_parameter_names_option(tmp_path):
    text = """\
        def run(call):
            call(grace_period=15)
            call(timeout=15)
    """
    assert _lines(_check(tmp_path, text)) == [3]
    settings = {"tuning-parameter-names": ["*_period"]}
    assert _lines(_check(tmp_path, text, settings=settings)) == [2]


# -- roles ---------------------------------------------------------------------------------

def test_roles_and_messages(tmp_path):
    found = _check(tmp_path, """\
        import asyncio
        import time

        import aiohttp

        async def run(coro, timeout, items, started):
            await asyncio.wait_for(coro, 3)
            await asyncio.wait_for(coro, timeout=4)
            aiohttp.ClientTimeout(5, sock_read=6)
            poll = min(10.0, timeout)
            if len(items) > 200:
                items.pop(0)
            now = time.time()
            if now - started > 30:
                return poll
            if 45 < time.monotonic() - started:
                return None

        def probe(url, *, timeout=2.0, retries: int = 3, name="x"):
            return url
    """, files={"utils/__init__.py": "", "utils/constants.py": "X = 1\n"})
    messages = {}
    for finding in found:
        messages.setdefault(finding.line, finding.message)
    assert sorted(messages) == [7, 8, 9, 10, 11, 14, 16, 19]
    assert "3 used as the timeout of asyncio.wait_for" in messages[7]
    assert "4 used as the timeout of asyncio.wait_for" in messages[8]
    assert "5 used as the 'total' field of aiohttp.ClientTimeout" in messages[9]
    assert "10.0 used as the bound of min() against 'timeout'" in messages[10]
    assert "200 used as the limit compared with len(items)" in messages[11]
    assert "30 used as the limit compared with elapsed time" in messages[14]
    assert "default of parameter 'timeout'" in messages[19]
    assert all("utils/constants.py and import the named constant" in m
               for m in messages.values())
    assert len([f for f in found if f.line == 9]) == 2  # total and sock_read
    assert len([f for f in found if f.line == 19]) == 2  # timeout and retries


def test_near_misses(tmp_path):
    found = _check(tmp_path, """\
        import asyncio

        from aiohttp import web

        async def handler(request, items, response, x):
            if response.status == 404 or response.status_code >= 500:
                return web.json_response({"ok": True}, status=201)
            first, page = items[3], items[10:20]
            total = x * 2 + 60
            for _ in range(3):
                await asyncio.sleep(0)
            if len(items) > 0 and len(items) == 7:
                return first, page, total

        def split(text):
            parts = text.split(":")
            if len(parts) < 2 or len(parts) >= 4:
                return None
            return parts[0], parts[-1]
    """)
    assert found == []


def test_length_minimums_are_not_limits_but_loop_bounds_are(tmp_path):
    found = _check(tmp_path, """\
        def group(bucket, results, source):
            if len(bucket) < 2:
                return None
            if 3 > len(bucket):
                return None
            while len(results) < 50:
                results.append(source())
            if len(results) >= 500:
                results.clear()
            if 7 <= len(results):
                return results
            if len(results) >= 2 or len(bucket) > 3 and bucket[3:]:
                return bucket
    """)
    assert _lines(found) == [6, 8, 10]


def test_non_tuning_callees_option(tmp_path):
    text = """\
        import hashlib
        import zlib

        def digest(data):
            zlib.compressobj(9, wbits=15, buf_size=64)
            return hashlib.blake2b(data, digest_size=16).hexdigest()
    """
    assert _lines(_check(tmp_path, text)) == [5]
    assert _lines(_check(tmp_path, text, settings={"non-tuning-callees": ["zlib.*"]})) == [6]


# -- exemptions and the constants module ------------------------------------------------------

BAD = """\
    import time

    POLL_TIMEOUT = 25

    def run():
        time.sleep(2.5)
"""


FLAGGED = [(3, "INV402"), (6, "INV401")]
# INV402 reports only in a project that has a constants module: the projects below have one.
HAS_CONSTANTS = {"constants.py": ""}


@pytest.mark.parametrize("relative", [
    "tests/helpers.py", "test/helpers.py", "test_poll.py", "poll_test.py", "conftest.py",
    "utils/constants.py", "constants.py", "src/tests/unit/helpers.py",
])
def test_tests_and_constants_modules_are_exempt(tmp_path, relative):
    package = f"proj_{tmp_path.name}"
    assert run_project(CODES, tmp_path, {f"{package}/{relative}": BAD, **HAS_CONSTANTS}) == []
    # The control: the same code elsewhere in the project is flagged.
    found = run_project(CODES, tmp_path, {f"{package}/{relative}": BAD, "poll.py": BAD,
                                          **HAS_CONSTANTS})
    assert [(Path(f.path).name, f.line, f.code) for f in found] == [
        ("poll.py", line, code) for line, code in FLAGGED]


def test_a_file_merely_named_like_a_test_is_not_exempt(tmp_path):
    found = _check(tmp_path, BAD, name="testing_utils.py", files=HAS_CONSTANTS)
    assert [(f.line, f.code) for f in found] == FLAGGED


def test_a_project_inside_a_tests_folder_is_not_a_test(tmp_path):
    # test-files patterns are matched relative to the configuration file's folder: a
    # checkout under /home/u/tests/ holds no test files because of where it sits.
    checkout = tmp_path / "tests" / f"checkout_{tmp_path.name}"
    checkout.mkdir(parents=True)
    found = _check(checkout, BAD, name="poll.py", files=HAS_CONSTANTS)
    assert [(f.line, f.code) for f in found] == FLAGGED


def test_without_a_config_test_files_are_relative_to_the_project_root(tmp_path):
    # No configuration file: the patterns are matched below the project root (here the
    # version-control root), not against the folders above it.
    repo = tmp_path / "test" / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "constants.py").write_text("", encoding="utf-8")
    found = run_rule(CODES, BAD, filename="pkg/poll.py", directory=repo)
    assert [(f.line, f.code) for f in found] == FLAGGED
    assert run_rule(CODES, BAD, filename="pkg/tests/poll.py", directory=repo) == []


@pytest.mark.parametrize("relative, exempt", [
    ("checks/helpers.py", True),  # a folder name, at any depth
    ("pkg/checks/helpers.py", True),
    ("pkg/fixtures/data.py", True),  # anchored at the configuration folder
    ("other/pkg/fixtures/data.py", False),
    ("tests/helpers.py", False),  # the setting replaces the default
    ("test_poll.py", False),
])
def test_test_files_setting(tmp_path, relative, exempt):
    settings = {"test-files": ["checks", "pkg/fixtures"]}
    found = run_project(CODES, tmp_path, {relative: BAD, **HAS_CONSTANTS}, settings=settings)
    assert [(f.line, f.code) for f in found] == ([] if exempt else FLAGGED)


def test_test_files_rejects_a_string():
    with pytest.raises(ConfigError, match="test-files: expected a list of path patterns"):
        build_config({"test-files": "tests"})


def test_constants_module_option_pointing_elsewhere(tmp_path):
    settings = {"constants-modules": ["**/settings/tuning.py"]}
    files = {"settings/__init__.py": "", "settings/tuning.py": BAD}
    assert _check(tmp_path, BAD, name="settings/tuning.py", files=files,
                  settings=settings) == []
    found = _check(tmp_path, BAD, name="utils/constants.py",
                   files={**files, "utils/__init__.py": ""}, settings=settings)
    assert [(f.line, f.code) for f in found] == FLAGGED
    assert "settings/tuning.py and import it from there" in found[0].message
    assert "settings/tuning.py and import the named constant" in found[1].message


def test_without_a_constants_module_only_inv401_reports(tmp_path):
    # A project with no constants module: a named module-level constant is the best place
    # a value has (INV402 is silent); an unnamed literal is still a magic number.
    (found,) = _check(tmp_path, BAD)
    assert (found.line, found.code) == (6, "INV401")
    assert "define it in constants.py" in found.message
    # Once the project has one, the constant belongs there.
    found = _check(tmp_path, BAD, files={"utils/__init__.py": "", "utils/constants.py": ""})
    assert [(f.line, f.code) for f in found] == FLAGGED
    assert "move it to" in found[0].message and "utils/constants.py" in found[0].message
    assert readable_pattern("**/utils/constants.py") == "utils/constants.py"
    assert constants_module_label(str(tmp_path / "x.py"), PathPatterns(())) == \
        "the constants module"


def test_path_globs(tmp_path):
    def matches(relative, *patterns):
        return PathPatterns(patterns, str(tmp_path)).matches(str(tmp_path / relative))

    assert matches("src/pkg/utils/constants.py", "**/constants.py")
    assert matches("constants.py", "**/constants.py")
    assert not matches("pkg/utils/constants_old.py", "**/constants.py")
    # A pattern with a folder is anchored at the base; ``**/`` lets it match at any depth.
    assert matches("utils/constants.py", "utils/constants.py")
    assert not matches("pkg/utils/constants.py", "utils/constants.py")
    assert matches("pkg/utils/constants.py", "**/utils/constants.py")
    assert not matches("pkg/myutils/constants.py", "**/utils/constants.py")
    assert matches("pkg/config/limits.py", "**/config/*.py")
    assert not matches("pkg/config/sub/limits.py", "**/config/*.py")
    # Relative to the base: the folders above it never match.
    assert not PathPatterns(["tests"], str(tmp_path / "tests" / "checkout")).matches(
        str(tmp_path / "tests" / "checkout" / "poll.py"))


def test_anchored_constants_module_setting(tmp_path):
    settings = {"constants-modules": ["utils/constants.py"]}
    assert run_project(CODES, tmp_path, {"utils/constants.py": BAD}, settings=settings) == []
    (tmp_path / "nested").mkdir()
    files = {"pkg/utils/constants.py": BAD, "utils/constants.py": ""}
    found = run_project(CODES, tmp_path / "nested", files, settings=settings)
    assert [(f.line, f.code) for f in found] == FLAGGED


# -- INV402 --------------------------------------------------------------------------------

def test_inv402_definitions(tmp_path):
    found = _check(tmp_path, """\
        import enum
        import os

        import aiohttp

        from . import constants

        TUNNEL_START_TIMEOUT: float = float(os.environ.get("TUNNEL_START_TIMEOUT", "25"))
        JOB_POLL_MAX_ATTEMPTS = int(os.getenv("ATTEMPTS") or 3)
        CACHE_TTL = 60 * 5
        RETRY_BACKOFF = (0.5, 1, 2)
        HTTP_TIMEOUT = aiohttp.ClientTimeout(total=30)
        READ_TIMEOUT, WRITE_TIMEOUT = 5, 10
        PROBE_TIMEOUT = constants.PROBE_TIMEOUT
        SLOW_TIMEOUT = PROBE_TIMEOUT * 2
        ENV_TIMEOUT = os.environ.get("TIMEOUT")
        DEFAULT_HOST = "localhost"
        API_VERSION = 2
        MAX_DEPTH = 8
        TIMEOUT_MESSAGE = "timed out after 5 seconds"

        class Manager:
            LOG_BUFFER_SIZE = 200

            def start(self):
                START_TIMEOUT = 25
                return START_TIMEOUT

        class Reason(enum.Enum):
            TIMEOUT = 1
            RETRY_LIMIT = 2
    """, files={"constants.py": "PROBE_TIMEOUT = 2.0\n"})
    # HTTP_TIMEOUT's total=30 is not INV401's; the local START_TIMEOUT is (a tuning
    # variable bound to a literal and read), not INV402's.
    assert [(f.line, f.code) for f in found if f.code == "INV401"] == [(26, "INV401")]
    found = [f for f in found if f.code == "INV402"]
    names = [f.message.split()[2] for f in found]
    assert names == ["TUNNEL_START_TIMEOUT", "JOB_POLL_MAX_ATTEMPTS", "CACHE_TTL",
                     "RETRY_BACKOFF", "HTTP_TIMEOUT", "READ_TIMEOUT", "WRITE_TIMEOUT",
                     "LOG_BUFFER_SIZE"]
    assert found[-1].line == 23 and found[-1].column == 4
    assert "/constants.py and import it from there" in found[0].message


def test_inv401_still_flags_literals_in_other_module_level_code(tmp_path):
    found = _check(tmp_path, """\
        import aiohttp

        SESSION_DEFAULTS = dict(timeout=aiohttp.ClientTimeout(total=30))
        http_timeout = aiohttp.ClientTimeout(total=40)
    """)
    assert [(f.line, f.code) for f in found] == [(3, "INV401"), (4, "INV401")]


def test_word_option(tmp_path):
    text = "NETWORK_HOPS = 8\nPOLL_TIMEOUT = 5\n"
    assert _lines(_check(tmp_path, text, files=HAS_CONSTANTS)) == [2]
    settings = {"tuning-constant-words": ["HOPS"]}
    assert _lines(_check(tmp_path, text, files=HAS_CONSTANTS, settings=settings)) == [1]


# -- helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, wanted", [
    ("time.sleep(1.0)", True), ("f(timeout=25)", True), ("f(timeout=.5)", True),
    ("f(limit=1 + 1)", True), ("x = 0\ny = 1\nz = 0.0\nw = -1\n", False),
    ("name1 = v1[0]", False),
])
def test_text_prefilter(text, wanted):
    from lint_rules.rules.magic_number import MagicNumber

    assert MagicNumber().wants(text) is wanted


@pytest.mark.parametrize("text, wanted", [
    ("TIMEOUT = 5", True), ("    LOG_BUFFER_SIZE: int = 200", True),
    ("A, B_TIMEOUT = 1, 2", True), ("if DEBUG: TIMEOUT = 5", True),
    ("timeout = 5\nif X == 5: pass\nself.TIMEOUT = 3 if x else 2", False),
])
def test_constant_prefilter(text, wanted):
    from lint_rules.rules.constant_outside_constants_module import (
        ConstantOutsideConstantsModule,
    )

    assert ConstantOutsideConstantsModule().wants(text) is wanted


def test_literal_helpers():
    from astroid import extract_node

    assert numeric_literal(extract_node("-(2 ** 3)")) == -8
    assert numeric_literal(extract_node("True")) is None
    assert numeric_literal(extract_node("1 / 0")) is None
    assert numeric_literal(extract_node("10 ** 100000")) is None
    assert literal_built(extract_node('float(os.environ.get("X", "25"))'))
    assert not literal_built(extract_node('float(os.environ["X"])'))
    assert not literal_built(extract_node('os.environ.get("X")'))
    assert not literal_built(extract_node('X = "25"').value)
    assert literal_built(extract_node('{"probe": 5}'))
