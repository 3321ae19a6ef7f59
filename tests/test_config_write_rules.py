"""Focused cases for INV201 (non-atomic-json-write) and INV202 (unlocked-config-rmw).

Each snippet marks the lines that must be flagged with a trailing ``# expect: CODE`` (see
``marks``); every other line must stay clean.  Snippets run through the rule harness
(``rule_harness``): the engine with the rule's code and INV000, so a crash fails the test.
"""

from __future__ import annotations

import pytest

from lint_rules.sources import SourceFile
from rule_harness import assert_marks, run_rule


# -- INV201 ---------------------------------------------------------------------------


def test_modes_given_by_keyword_and_position():
    assert_marks("INV201", """
        import json
        MODE = "w"

        def save(config, path, mode):
            with open(path, mode="w") as f:
                json.dump(config, f)  # expect: INV201
            with open(file=path, mode=MODE) as f:
                json.dump(config, f)  # expect: INV201
            with open(path, mode) as f:  # the mode is not known here: not flagged
                json.dump(config, f)
            with open(path, "w+") as f:
                json.dump(config, f)  # expect: INV201
    """)


def test_read_modes_are_not_writes():
    assert_marks("INV201", """
        import json, pickle

        def load(path, data):
            with open(path, "rb") as f:
                pickle.dump(data, f)  # nonsense, but a read handle is never a write target
            with open(path) as f:
                json.dump(data, f)
            with open(path, mode="r", encoding="utf-8") as f:
                f.write(json.dumps(data))
    """)


def test_path_open_write_text_and_write_bytes():
    findings = assert_marks("INV201", """
        import json
        from pathlib import Path

        def save(config, path: Path):
            with path.open("w") as fh:
                json.dump(config, fh)  # expect: INV201
            with Path("state.json").open(mode="wt", encoding="utf-8") as fh:
                json.dump(config, fh)  # expect: INV201
            with path.open() as fh:  # read
                json.dump(config, fh)
            path.write_text(json.dumps(config))  # expect: INV201
            path.write_bytes(json.dumps(config).encode())  # expect: INV201
            path.write_text("plain text, not serialised state")
    """)
    assert "with_suffix('.tmp')" in findings[0].message


def test_handle_aliases_and_inline_opens():
    assert_marks("INV201", """
        import json

        def save(config, path):
            f = open(path, "w")
            g = f
            out = g
            json.dump(config, out)  # expect: INV201
            f.close()
            json.dump(config, open(path, "w"))  # expect: INV201
            open(path, "w").write(json.dumps(config))  # expect: INV201
            text = json.dumps(config)
            body = text + "\\n"
            with open(path, "a") as log:
                log.write(body)  # expect: INV201
                log.write(f"{json.dumps(config)}\\n")  # expect: INV201
    """)


def test_import_aliases_resolve():
    assert_marks("INV201", """
        import json as j
        from json import dump
        from pickle import dump as pdump

        def save(config, path):
            with open(path, "w") as f:
                j.dump(config, f)  # expect: INV201
                dump(config, f)  # expect: INV201
            with open(path, "wb") as f:
                pdump(config, f)  # expect: INV201

        def local_dump(obj, fh):
            pass

        def other(config, path):
            with open(path, "w") as f:
                local_dump(config, f)  # not a configured serializer
    """)


def test_temporary_moved_into_place_is_atomic():
    assert_marks("INV201", """
        import json, os, shutil
        from pathlib import Path

        def by_name(config, config_path):
            tmp_path = config_path + ".tmp"
            with open(tmp_path, "w") as f:
                json.dump(config, f)
            os.replace(tmp_path, config_path)

        def by_spelling(config, config_path):
            with open(config_path + ".tmp", "w") as f:
                json.dump(config, f)
            shutil.move(config_path + ".tmp", config_path)

        def by_path_object(config, path: Path):
            tmp = path.with_suffix(".tmp")
            with open(str(tmp), "w") as f:
                json.dump(config, f)
            Path(tmp).rename(path)

        def moved_before_the_write(config, config_path):
            tmp_path = config_path + ".tmp"
            os.replace(tmp_path, config_path)
            with open(tmp_path, "w") as f:
                json.dump(config, f)  # expect: INV201

        def str_replace_is_not_a_move(config, config_path):
            tmp_path = config_path + ".tmp"
            with open(tmp_path, "w") as f:
                json.dump(config, f)  # expect: INV201
            return tmp_path.replace(".tmp", ".bak")
    """)


def test_aiofiles_and_handle_names():
    assert_marks("INV201", """
        import json
        import os
        import aiofiles
        import aiofiles.os

        async def save(config, path):
            async with aiofiles.open(path + ".tmp", "w") as f:
                await f.write(json.dumps(config))
            await aiofiles.os.replace(path + ".tmp", path)

        async def save_in_place(config, path):
            async with aiofiles.open(path, "w") as f:
                await f.write(json.dumps(config))  # expect: INV201

        def moved_by_handle_name(config, path):
            with open(path + ".tmp", "w") as f:
                json.dump(config, f)
            os.replace(f.name, path)
    """)


def test_the_move_must_be_in_the_same_function():
    assert_marks("INV201", """
        import json, os

        def save(config, config_path):
            tmp_path = config_path + ".tmp"

            def write():
                with open(tmp_path, "w") as f:
                    json.dump(config, f)  # expect: INV201

            write()
            os.replace(tmp_path, config_path)
    """)


def test_tempfile_needs_dir_when_moved():
    findings = assert_marks("INV201", """
        import json, os, tempfile

        def no_dir(config, path):
            with tempfile.NamedTemporaryFile("w", delete=False) as tmp:
                json.dump(config, tmp)  # expect: INV201
            os.replace(tmp.name, path)

        def dir_none(config, path):
            with tempfile.NamedTemporaryFile("w", dir=None, delete=False) as tmp:
                json.dump(config, tmp)  # expect: INV201
            os.replace(tmp.name, path)

        def with_dir(config, path):
            with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(path),
                                             delete=False) as tmp:
                json.dump(config, tmp)
            os.replace(tmp.name, path)

        def mkstemp_positional_dir(config, path):
            fd, tmp = tempfile.mkstemp(".tmp", "cfg", os.path.dirname(path))
            with os.fdopen(fd, "w") as f:
                json.dump(config, f)
            os.replace(tmp, path)

        def never_moved(config):
            # A scratch file that is not moved anywhere is not state.
            with tempfile.NamedTemporaryFile("w") as tmp:
                json.dump(config, tmp)
                return run_tool(tmp.name)
    """)
    assert all("EXDEV" in f.message and "dir=" in f.message for f in findings)


def test_console_and_memory_targets():
    assert_marks("INV201", """
        import io, json, sys
        import yaml

        def show(config):
            json.dump(config, sys.stdout)
            yaml.safe_dump(config, sys.stderr)
            sys.stdout.write(json.dumps(config))
            buffer = io.StringIO()
            json.dump(config, buffer)
            print(yaml.dump(config))
    """)


def test_yaml_dump_to_string_then_written():
    assert_marks("INV201", """
        import yaml
        from pathlib import Path

        def save(settings, path: Path):
            path.write_text(yaml.dump(settings))  # expect: INV201
    """)


def test_atomic_write_helpers():
    source = """
        import json, os

        def persist(path, data):
            with open(path, "w") as f:
                json.dump(data, f)

        def atomic_write_json(path, data):
            with open(path, "w") as f:
                json.dump(data, f)

        def caller(config, path):
            atomic_write_json(path, config)
            with atomic_write(path) as f:
                json.dump(config, f)
    """
    flagged = run_rule("INV201", source)
    assert [(f.line, f.code) for f in flagged] == [(6, "INV201")]  # persist: not a helper
    helpers = {"atomic-write-helpers": ["persist", "atomic_write", "atomic_write_json"]}
    assert run_rule("INV201", source, settings=helpers) == []


def test_configured_serializers():
    assert_marks("INV201", """
        import orjson
        from pathlib import Path

        def save(state, path: Path):
            path.write_bytes(orjson.dumps(state))  # expect: INV201
    """, settings={"string-serializers": ["orjson.dumps"]})


def test_module_level_writes_and_noqa():
    assert_marks("INV201", """
        import json
        CONFIG = {"workers": []}
        with open("config.json", "w") as f:
            json.dump(CONFIG, f)  # expect: INV201
        with open("other.json", "w") as f:
            json.dump(CONFIG, f)  # noqa: INV201
    """)


# -- INV202 ---------------------------------------------------------------------------


def test_rmw_through_parts_and_aliases():
    findings = assert_marks("INV202", """
        def toggle(worker_id):
            config = load_config()
            worker = next(w for w in config["workers"] if w["id"] == worker_id)
            worker["enabled"] = not worker["enabled"]
            save_config(config)  # expect: INV202

        def bump():
            cfg = load_config()
            cfg["generation"] += 1
            same = cfg
            save_config(same)  # expect: INV202

        def rename(new_name):
            settings = load_config().get("settings", {})
            settings.update(name=new_name)
            save_config(settings)  # expect: INV202

        def set_version(value):
            config = load_config()
            config.meta.version = value
            save_config(config)  # expect: INV202

        def untouched():
            config = load_config()
            save_config(config)

        def unrelated(other):
            config = load_config()
            other["x"] = config["x"]
            save_config(other)
    """)
    assert "load_config() at line 3" in findings[0].message
    assert "async with config_transaction() as config:" in findings[0].message


def test_lock_must_cover_the_whole_span():
    assert_marks("INV202", """
        import asyncio
        import threading

        _config_lock = asyncio.Lock()
        _file_lock = threading.Lock()
        _limit = asyncio.Semaphore(2)

        async def under_lock():
            async with _config_lock:
                config = load_config()
                config["x"] = 1
                save_config(config)

        def under_thread_lock():
            with _file_lock:
                config = load_config()
                config["x"] = 1
                save_config(config)

        async def load_outside_lock():
            config = load_config()
            config["x"] = 1
            async with _config_lock:
                save_config(config)  # expect: INV202

        async def under_semaphore():
            async with _limit:
                config = load_config()
                config["x"] = 1
                save_config(config)  # expect: INV202

        async def acquired():
            await _config_lock.acquire()
            try:
                config = load_config()
                config["x"] = 1
                save_config(config)
            finally:
                _config_lock.release()
    """)


def test_route_handlers_never_save_outside_the_transaction():
    findings = assert_marks("INV202", """
        from aiohttp import web

        r = web.RouteTableDef()

        @r.post("/distributed/config")
        async def bulk(request):
            data = await request.json()
            save_config(data)  # expect: INV202
            return web.json_response({"status": "success"})

        async def registered(req):
            save_config(await req.json())  # expect: INV202

        async def other_registered(req):
            async with config_transaction() as config:
                config.update(await req.json())
                save_config(config)  # redundant but locked

        def setup(app):
            app.router.add_post("/x", registered)
            app.add_routes([web.post("/y", other_registered)])

        def not_a_handler(config):
            save_config(config)
    """)
    assert "route handler 'bulk'" in findings[0].message


def test_configured_names():
    settings = {"config-loaders": ["read_settings"], "config-savers": ["write_settings"],
                "config-transactions": ["settings_txn"]}
    findings = assert_marks("INV202", """
        async def set_theme(request):
            s = read_settings()
            s["theme"] = "dark"
            write_settings(s)  # expect: INV202

        async def set_font(request):
            async with settings_txn() as s:
                s["font"] = "mono"

        def untouched_default_names():
            config = load_config()
            config["x"] = 1
            save_config(config)
    """, settings=settings)
    assert "async with settings_txn() as config:" in findings[0].message


@pytest.mark.parametrize("code, needle", [
    ("INV201", "import json\n\ndef save(c, p):\n    json.dump(c, open(p))\n"),
    ("INV202", "def bump():\n    c = load_config()\n    save_config(c)\n"),
])
def test_files_without_the_needles_are_never_built(monkeypatch, code, needle):
    built = []
    tree = SourceFile.tree

    def recording_tree(source):
        built.append(source.path)
        return tree.fget(source)

    monkeypatch.setattr(SourceFile, "tree", property(recording_tree))
    assert run_rule(code, "def add(a, b):\n    return a + b\n", filename="plain.py") == []
    assert built == []
    # A file that holds the rule's needles is parsed: the recording above can see a build.
    assert run_rule(code, needle, filename="needle.py") == []
    assert {path.rsplit("/", 1)[-1] for path in built} == {"needle.py"}
