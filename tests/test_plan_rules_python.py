"""Focused cases for the plan rules INV203 (state-outside-initializer), INV303
(field-copy-boilerplate), INV601 (import-via-shim) and INV801 (undocumented-mixin).

Snippets mark the lines that must be flagged with ``# expect: CODE``; single files run
through ``assert_marks``, small projects through ``run_project`` with the marks of every
file compared (``assert_project_marks``).  The last section drives the real pylint and
flake8 front ends on one bad and one good case of each rule.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from helpers import run_module, write_tree
from marks import marks_in
from rule_harness import assert_marks, run_project, run_rule


def assert_project_marks(codes, root, files, **options):
    """Run a project and require exactly the marks of its files (path, line, code)."""
    findings = run_project(codes, root, files, **options)
    found = {(Path(f.path).relative_to(root).as_posix(), f.line, f.code) for f in findings}
    expected = {(path, line, code) for path, text in files.items()
                for line, code in marks_in(textwrap.dedent(text))}
    assert found == expected, findings
    return findings


# -- INV203 state-outside-initializer ----------------------------------------------------

INITIALIZER = """\
import asyncio
import server

prompt_server = server.PromptServer.instance


def ensure_distributed_state(server_instance=None):
    ps = server_instance or prompt_server
    if not hasattr(ps, "distributed_pending_jobs"):
        ps.distributed_pending_jobs = {}
    if not hasattr(ps, "distributed_jobs_lock"):
        ps.distributed_jobs_lock = asyncio.Lock()
    ps.distributed_job_count = 0
"""


def _state_project(**modules):
    files = {"pkg/__init__.py": "", "pkg/api/__init__.py": "",
             "pkg/api/queue_orchestration.py": INITIALIZER}
    files.update({f"pkg/{name}.py": text for name, text in modules.items()})
    return files


def test_inv203_every_way_of_reaching_the_holder(tmp_path):
    assert_project_marks("INV203", tmp_path, _state_project(distributed="""
        import asyncio
        import server as _server
        from server import PromptServer
        from .api.queue_orchestration import prompt_server

        prompt_server.distributed_jobs_lock = asyncio.Lock()  # expect: INV203
        _server.PromptServer.instance.tile_jobs = []  # expect: INV203
        PromptServer.instance.other = set()  # expect: INV203
        alias = prompt_server
        alias.via_alias = {}  # expect: INV203
        either = None or alias
        either.via_or = {}  # expect: INV203


        def defaults(ps=_server.PromptServer.instance):
            ps.made = {}  # expect: INV203
            (ps if ps else None).either_branch = 1  # expect: INV203


        class Node:
            def __init__(self):
                self.server = PromptServer.instance

            def run(self):
                self.server.queue = asyncio.Queue()  # expect: INV203
                self.local = {}
    """, other="""
        from .api.queue_orchestration import prompt_server as ps
        ps.elsewhere = {}  # expect: INV203
    """))


def test_inv203_creation_idioms_and_what_is_not_creation(tmp_path):
    assert_project_marks("INV203", tmp_path, _state_project(routes="""
        import asyncio
        from .api.queue_orchestration import prompt_server

        if not hasattr(prompt_server, "distributed_pending_jobs"):
            prompt_server.distributed_pending_jobs = make()  # expect: INV203
        if getattr(prompt_server, "results", None) is None or True:
            prompt_server.results = load()  # expect: INV203
        if not hasattr(prompt_server, "other"):
            pass
        else:
            prompt_server.other = load()
        setattr(prompt_server, "x_lock", asyncio.Lock())  # expect: INV203
        setattr(prompt_server, name(), asyncio.Lock())
        prompt_server.new_flag = False  # expect: INV203
        prompt_server.distributed_job_count = 0  # the initializer creates it: an update
        prompt_server.distributed_pending_jobs["job"] = asyncio.Queue()
        prompt_server.distributed_job_count += 1
        prompt_server.current = load()
        value = prompt_server.distributed_pending_jobs
        other.thing = {}
    """))


def test_inv203_inside_the_initializer_is_allowed_and_nested_functions_too(tmp_path):
    assert_project_marks("INV203", tmp_path, _state_project(setup="""
        import asyncio
        from .api.queue_orchestration import prompt_server


        def ensure_distributed_state():
            def make_lock():
                prompt_server.nested_lock = asyncio.Lock()
            make_lock()
            prompt_server.fresh = {}
    """))


def test_inv203_message_names_the_initializer_and_where_it_is(tmp_path):
    found = run_project("INV203", tmp_path, _state_project(app="""
        import asyncio
        from .api.queue_orchestration import prompt_server
        prompt_server.distributed_jobs_lock = asyncio.Lock()
        if not hasattr(prompt_server, "flags"):
            prompt_server.flags = {}
        prompt_server.workers_seen = 0
    """))
    # The initializer is named on the finding's own base (absolute here).
    assert [(f.line, f.column, f.message.replace(f"{tmp_path.as_posix()}/", ""))
            for f in found] == [
        (4, 0, "'distributed_jobs_lock' is created on server.PromptServer.instance outside "
               "its initializer; create it in ensure_distributed_state() "
               "(pkg/api/queue_orchestration.py:7) and call that instead"),
        (6, 4, "'flags' is created on server.PromptServer.instance outside its initializer "
               "(checking first that it does not exist does not make this the initializer); "
               "create it in ensure_distributed_state() (pkg/api/queue_orchestration.py:7) "
               "and call that instead"),
        (7, 0, "'workers_seen' is created on server.PromptServer.instance outside its "
               "initializer (which does not create it); create it in "
               "ensure_distributed_state() (pkg/api/queue_orchestration.py:7) and call that "
               "instead"),
    ]
    assert [(r.line, r.message) for r in found[0].related] == [
        (7, "the initializer ensure_distributed_state()")]


def test_inv203_without_an_initializer_in_the_project(tmp_path):
    found = run_project("INV203", tmp_path, {"app.py": """
        import server
        server.PromptServer.instance.jobs = {}
    """})
    assert [f.message for f in found] == [
        "'jobs' is created on server.PromptServer.instance outside its initializer; create it "
        "in ensure_distributed_state() (not defined in this project yet) and call that instead"]


def test_inv203_configured_holders_and_initializers(tmp_path):
    assert_project_marks("INV203", tmp_path, {
        "app.py": """
            import myapp
            from server import PromptServer

            state = myapp.App.current
            state.cache = {}  # expect: INV203
            PromptServer.instance.cache = {}  # not a configured holder any more


            def setup_state():
                state.registry = {}
        """}, settings={"state-holders": ["myapp.App.current"],
                        "state-initializers": ["setup_state"]})


def test_inv203_bad_input_in_the_project(tmp_path):
    findings = run_project("INV203", tmp_path, {
        "broken.py": "import server\nserver.PromptServer.instance.x = (\n",
        "empty.py": "",
        "accents.py": "import server\nserver.PromptServer.instance.caf\u00e9 = {}\n",
    }, expect_inv000=True)
    assert sorted((f.path.rsplit("/", 1)[-1], f.line, f.code) for f in findings) == [
        ("accents.py", 2, "INV203"), ("broken.py", 2, "INV000")]


# -- INV303 field-copy-boilerplate ---------------------------------------------------------

def test_inv303_the_plan_endpoint_and_its_variants():
    assert_marks("INV303", """
        def update_worker(worker, data):
            if "enabled" in data:  # expect: INV303
                worker["enabled"] = data["enabled"]
            if "name" in data and isinstance(data["name"], str):
                worker["name"] = data["name"].strip()
            if "host" in data:
                host = data["host"]
                if host is None:
                    worker.pop("host", None)
                else:
                    worker["host"] = normalize_host(host)
            if "cuda_device" in data:
                if data["cuda_device"] is None:
                    del worker["cuda_device"]
                else:
                    worker["cuda_device"] = data["cuda_device"]


        def gets(master, data):
            master["name"] = data.get("name", master["name"])  # expect: INV303
            master["host"] = data.get("host", master.get("host"))
            port = data.get("port")
            if port is not None:
                master["port"] = int(port)
            if data.get("type"):
                master["type"] = data.get("type")


        def attributes(obj, cfg):
            if "name" in cfg:  # expect: INV303
                obj.name = cfg["name"]
            if cfg.get("port") is not None:
                obj.port = cfg["port"]
            obj.x = cfg.get("x", obj.x)


        def keywords(state, url=None, token=None, region=None):
            if url is not None:  # expect: INV303
                state["url"] = url
            if token is not None:
                state["token"] = token
            if region is not None:
                state["region"] = region
    """)


def test_inv303_near_misses():
    assert_marks("INV303", """
        def two(t, data):
            if "a" in data:
                t["a"] = data["a"]
            if "b" in data:
                t["b"] = data["b"]


        def more_than_copying(t, data, errors):
            if "a" in data:
                log("a")
                t["a"] = data["a"]
            if "b" in data:
                t["b"] = data["b"]
                t["changed"] = True
            if "c" in data:
                t["c"] = data["c"]
            else:
                errors.append("c")
            if "d" in data:
                t["d"] = data["e"]  # reads another field


        def other_targets(worker, master, data):
            if "a" in data:
                worker["a"] = data["a"]
            if "b" in data:
                worker["b"] = data["b"]
            if "a" in data:
                master["a"] = data["a"]


        def locals_and_constructors(data):
            prompt = workflow = fileinfo = None
            if "prompt" in data:
                prompt = data["prompt"]
            if "workflow" in data:
                workflow = data["workflow"]
            if "fileinfo" in data:
                fileinfo = data["fileinfo"]
            return Worker(name=data["name"], host=data["host"], port=data["port"]), prompt


        def plain_gets(t, data):
            t["a"] = data.get("a")
            t["b"] = data.get("b", 0)
            t["c"] = data["c"]


        def pops_only(t, data):
            if "a" in data:
                t.pop("a", None)
            if "b" in data:
                t.pop("b", None)
            if "c" in data:
                t.pop("c", None)


        def not_parameters(t, a, b):
            x = compute()
            if x is not None:
                t["x"] = x
            if a is not None:
                t["a"] = a
            if b is not None:
                t["b"] = b
    """)


def test_inv303_nested_blocks_and_methods_count_per_function():
    assert_marks("INV303", """
        class Routes:
            async def update(self, request):
                data = await request.json()
                worker = self.find(data)
                if worker:
                    if "a" in data:  # expect: INV303
                        worker["a"] = data["a"]
                    for _ in range(1):
                        if "b" in data:
                            worker["b"] = data["b"]
                try:
                    if "c" in data:
                        worker["c"] = data["c"]
                finally:
                    pass

                def inner():
                    if "d" in data:
                        worker["d"] = data["d"]
                return inner
    """)


def test_inv303_message_and_minimum():
    text = """
        def update(worker, data):
            if "enabled" in data:
                worker["enabled"] = data["enabled"]
            if "name" in data:
                worker["name"] = data["name"]
            if "host" in data:
                worker["host"] = normalize_host(data["host"])
    """
    found = run_rule("INV303", text)
    assert [(f.line, f.column, f.end_line, f.message) for f in found] == [(
        3, 4, 3,
        "3 statements copy the fields 'enabled', 'name', 'host' from data onto worker one "
        "at a time; list the fields in a table of (key, normaliser, remove-on-none) and "
        "apply it with one patch helper, e.g. _apply_field_patch(worker, data, FIELDS)")]
    assert [r.line for r in found[0].related] == [5, 7]
    assert run_rule("INV303", text, settings={"field-copy-min-statements": 4}) == []
    two_copies = text.replace('''
            if "host" in data:
                worker["host"] = normalize_host(data["host"])''', "")
    assert len(run_rule("INV303", two_copies, settings={"field-copy-min-statements": 2})) == 1


def test_inv303_keyword_message_and_many_fields():
    names = [f"f{index}" for index in range(10)]
    body = "".join(f"    if {name} is not None:\n        state['{name}'] = {name}\n"
                   for name in names)
    found = run_rule("INV303", f"def setup(state, {', '.join(names)}):\n{body}")
    assert [f.message for f in found] == [
        "10 statements copy the fields 'f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7' and 2 "
        "more from the optional parameters onto state one at a time; list the fields in a "
        "table of (key, normaliser, remove-on-none) and apply it with one patch helper that "
        "skips None, e.g. _apply_field_patch(state, {'f0': f0, 'f1': f1, ...}, FIELDS)"]


@pytest.mark.parametrize("text", ["", "\n\n", "x = 1\n", "if 'a' in d:\n    pass\n"])
def test_inv303_trivial_input(text):
    assert run_rule("INV303", text) == []


def test_inv303_syntax_error_is_inv000():
    found = run_rule("INV303", 'def f(d, t):\n    if "a" in d\n        t["a"] = d["a"]\n',
                     expect_inv000=True)
    assert [(f.code, f.line) for f in found] == [("INV000", 2)]


# -- INV601 import-via-shim -----------------------------------------------------------------

SHIM = """\
# utils/legacy.py - backward-compat shim
from ..upscale.job_store import ensure_tile_jobs_initialized, init_dynamic_job
from ..upscale.job_timeout import requeue as requeue_workers
import asyncio


async def _send_heartbeat_to_master():
    return None
"""


def _shim_project(**files):
    tree = {
        "d/__init__.py": "", "d/api/__init__.py": "", "d/upscale/__init__.py": "",
        "d/utils/__init__.py": "from .legacy import init_dynamic_job\n",
        "d/upscale/job_store.py": "def ensure_tile_jobs_initialized():\n    pass\n\n\n"
                                  "def init_dynamic_job():\n    pass\n",
        "d/upscale/job_timeout.py": "def requeue():\n    pass\n",
        "d/utils/legacy.py": SHIM,
    }
    tree.update(files)
    return tree


def test_inv601_flags_re_exports_only(tmp_path):
    assert_project_marks("INV601", tmp_path, _shim_project(**{"d/api/routes.py": """
        from ..utils.legacy import ensure_tile_jobs_initialized  # expect: INV601
        from ..utils.legacy import _send_heartbeat_to_master
        from ..utils.legacy import requeue_workers, asyncio  # expect: INV601
        from d.utils.legacy import init_dynamic_job as init_job  # expect: INV601
        from ..utils.legacy import *
        from ..utils import legacy
        from ..utils.missing import anything
        from ....too_many_dots import nothing
        from aiohttp import web
        from ..upscale.job_store import init_dynamic_job
    """}))


def test_inv601_messages(tmp_path):
    found = run_project("INV601", tmp_path, _shim_project(**{"d/api/routes.py": """
        from ..utils.legacy import ensure_tile_jobs_initialized
        from ..utils.legacy import requeue_workers, asyncio
        from d.utils.legacy import init_dynamic_job as init_job
    """}))
    assert [f.message for f in found] == [
        "'ensure_tile_jobs_initialized' is imported through the backward-compat shim "
        "'..utils.legacy', which only re-exports it; import it from where it is defined: "
        "from ..upscale.job_store import ensure_tile_jobs_initialized",
        "'requeue_workers', 'asyncio' are imported through the backward-compat shim "
        "'..utils.legacy', which only re-exports them; import them from where they are "
        "defined: from ..upscale.job_timeout import requeue as requeue_workers; "
        "import asyncio",
        "'init_dynamic_job' is imported through the backward-compat shim 'd.utils.legacy', "
        "which only re-exports it; import it from where it is defined: "
        "from d.upscale.job_store import init_dynamic_job as init_job",
    ]


@pytest.mark.parametrize("header", [
    '"""Backward compatibility: the old import path."""\n',
    '"""Deprecated re-exports of the moved helpers."""\n',
    "#!/usr/bin/env python\n# This module is a shim.\n",
])
def test_inv601_self_declared_shims(tmp_path, header):
    assert_project_marks("INV601", tmp_path, {
        "p/__init__.py": "", "p/real.py": "def helper():\n    pass\n",
        "p/old.py": header + "from .real import helper\n",
        "p/user.py": "from .old import helper  # expect: INV601\n",
    })


@pytest.mark.parametrize("header", [
    '"""Helpers.\n\nKeeps backward compatibility of the JSON format."""\n',  # 2nd paragraph
    "x = 1\n# a shim, but after the first statement\n",
    '"""The public API of the package."""\n',
])
def test_inv601_modules_that_are_not_shims(tmp_path, header):
    assert_project_marks("INV601", tmp_path, {
        "p/__init__.py": "", "p/real.py": "def helper():\n    pass\n",
        "p/api.py": header + "from .real import helper\n",
        "p/user.py": "from .api import helper\n",
    })


def test_inv601_package_init_re_exporting_is_no_shim_and_its_own_init_may_import(tmp_path):
    assert_project_marks("INV601", tmp_path, _shim_project(**{
        "d/utils/cloudflare/__init__.py": "from .tunnel import Manager\n__all__ = ['Manager']\n",
        "d/utils/cloudflare/tunnel.py": "class Manager:\n    pass\n",
        "d/api/tunnel_routes.py": "from ..utils.cloudflare import Manager\n",
    }))


def test_inv601_configured_shims_and_allowed_importers(tmp_path):
    files = {
        "p/__init__.py": "", "p/real.py": "def helper():\n    pass\n",
        "p/compat.py": "from .real import helper\n",
        "p/user.py": "from .compat import helper  # expect: INV601\n",
        "p/tests_user.py": "from .compat import helper\n",
    }
    assert_project_marks("INV601", tmp_path, files, settings={
        "shim-modules": ["p/compat.py"], "allowed-shim-importers": ["tests_*.py"]})


def test_inv601_chain_of_shims_names_the_definition(tmp_path):
    found = run_project("INV601", tmp_path, {
        "p/__init__.py": "", "p/real.py": "def helper():\n    pass\n",
        "p/old.py": "# shim\nfrom .real import helper\n",
        "p/older.py": "# shim\nfrom .old import helper\n",
        "p/user.py": "from .older import helper\n",
    })
    assert [(f.path.rsplit("/", 1)[-1], f.message.rsplit(": ", 1)[-1]) for f in found] == [
        ("older.py", "from .real import helper"), ("user.py", "from .real import helper")]


def test_inv601_a_shim_that_does_not_parse_is_no_finding(tmp_path):
    found = run_project("INV601", tmp_path, {
        "p/__init__.py": "", "p/old.py": "# shim\nfrom .real import (\n",
        "p/user.py": "from .old import helper\n",
    }, expect_inv000=True)
    assert [(f.path.rsplit("/", 1)[-1], f.code) for f in found] == [("old.py", "INV000")]


def test_inv601_builds_no_module_that_is_no_shim(tmp_path, monkeypatch):
    # Whether a module is a shim is read from its path and text: the modules a file
    # imports from are built into trees only when they are shims (and, for a finding's
    # message, the modules the shim's names come from).
    import astroid

    built, build = [], astroid.MANAGER.ast_from_file

    def recording(path, *args, **options):
        built.append(path)
        return build(path, *args, **options)

    monkeypatch.setattr(astroid.MANAGER, "ast_from_file", recording)
    found = run_project("INV601", tmp_path, {
        "p/__init__.py": "", "p/real.py": "def helper():\n    pass\n",
        "p/api.py": '"""The public API."""\nfrom .real import helper\n',
        "p/old.py": "# shim\nfrom .real import helper\n",
        "p/user.py": "from .api import helper\nfrom .old import helper as old_helper\n",
    })
    assert [(f.path.rsplit("/", 1)[-1], f.line) for f in found] == [("user.py", 2)]
    # (this process may rebuild other tests' projects: only this one's builds count)
    assert sorted(path.rsplit("/", 1)[-1] for path in built
                  if path.startswith(str(tmp_path))) == ["old.py", "real.py"]


# -- INV801 undocumented-mixin ------------------------------------------------------------

def test_inv801_required_interface():
    found = assert_marks("INV801", """
        import asyncio


        class JobStateMixin:
            \"\"\"Needs: jobs.\"\"\"

            def get(self, job_id):
                return self.jobs[job_id]


        class StaticModeMixin(JobStateMixin):  # expect: INV801
            counter_start = 0

            def process(self, job_id):
                job = self.get(job_id)  # a base defines it
                self.counter += 1
                getattr(self, "dynamic")
                hasattr(self, "probe")
                self.mine = 1
                print(self.mine, self.__class__, self.counter_start)
                callback = lambda: self.in_lambda
                return self._collect(job, self.batch_size, callback, super().process(job_id))

            @property
            def prop(self):
                return self.from_property

            @staticmethod
            def static(other):
                return other.not_self

            @classmethod
            def build(cls):
                return cls.factory()

            def shadowing(self):
                def inner(self):
                    return self.shadowed
                return inner

            class Nested:
                def method(self):
                    return self.nested_only
    """)
    assert found[0].message == (
        "mixin 'StaticModeMixin' has no docstring; document what it requires of the class "
        "it is mixed into: counter, dynamic, probe, in_lambda, _collect, batch_size, "
        "process, from_property, factory")


def test_inv801_docstrings():
    assert_marks("INV801", """
        class NamesOneMixin:
            \"\"\"Requires ``self._lock`` (and more, undocumented).\"\"\"

            def a(self):
                return self._lock, self.other


        class NamesNoneMixin:  # expect: INV801
            \"\"\"Helpers for locking.\"\"\"

            def a(self):
                return self._lock, self.other


        class WordBoundariesMixin:  # expect: INV801
            \"\"\"Uses the lock_holder and others.\"\"\"

            def a(self):
                return self.lock


        class NothingNeededMixin:
            \"\"\"Adds a counter.\"\"\"

            def bump(self):
                self.count = 1
                return self.count


        class EmptyDocstringMixin:  # expect: INV801
            \"\"\"   \"\"\"


        class NotAMixinAtAll:
            def a(self):
                return self.anything
    """)


def test_inv801_messages_cap_and_unknown_bases():
    names = [f"n{index}" for index in range(12)]
    body = "".join(f"        self.{name}()\n" for name in names)
    found = run_rule("INV801", f"""
class ManyMixin:
    \"\"\"Something.\"\"\"

    def run(self):
{body}

class EmptyMixin:
    pass


from missing_dependency import Base


class UnknownBaseMixin(Base):
    def run(self):
        return self.whatever


class DocumentedUnknownBaseMixin(Base):
    \"\"\"Says nothing about what it needs.\"\"\"

    def run(self):
        return self.whatever
""")
    assert [(f.line, f.column, f.end_column, f.message) for f in found] == [
        (2, 0, 15, "the docstring of mixin 'ManyMixin' names none of what it requires of its "
                   "host class: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 and 2 more; list them "
                   "(methods and attributes the host or a co-mixin must provide)"),
        (20, 0, 16, "mixin 'EmptyMixin' has no docstring; it requires nothing of its host "
                    "class: say what it adds"),
        (27, 0, 22, "mixin 'UnknownBaseMixin' has no docstring; document what it requires of "
                    "the class it is mixed into (a base could not be inferred, so that was "
                    "not computed)"),
    ]


def test_inv801_bases_across_modules_and_annotations(tmp_path):
    assert_project_marks("INV801", tmp_path, {
        "mixinpkg/__init__.py": "",
        "mixinpkg/base.py": """
            class Base:
                def __init__(self):
                    self.jobs = {}

                def lookup(self):
                    return None
        """,
        "mixinpkg/mixins.py": """
            from .base import Base


            class UsesBaseMixin(Base):
                \"\"\"Nothing the base lacks is used.\"\"\"

                def a(self):
                    return self.jobs, self.lookup()


            class AnnotatedMixin:
                \"\"\"Tile maths.\"\"\"

                tile_width: int

                def a(self):
                    return self.tile_width


            class PartlyMixin(Base):  # expect: INV801
                \"\"\"Helpers.\"\"\"

                def a(self):
                    return self.jobs, self.missing
        """,
    })


def test_inv801_infers_bases_in_its_own_project_when_a_run_checks_several(tmp_path):
    # Two checked projects with a package of the same name: astroid keeps modules by
    # dotted name, yet each file's imports resolve within its own project.
    for name in ("first", "second", "third"):
        write_tree(tmp_path / name, {"pyproject.toml": "[tool.invariant-lint]\n",
                                     "d/__init__.py": "", "d/upscale/__init__.py": "",
                                     "d/upscale/modes/__init__.py": ""})
    write_tree(tmp_path / "first", {  # its d.upscale is imported (and cached) first
        "d/upscale/other.py": "class Helper:\n    pass\n",
        "d/upscale/modes/use.py": "from ..other import Helper\n\n\n"
                                  "class UseMixin(Helper):\n    pass\n",
    })
    write_tree(tmp_path / "second", {
        "d/upscale/job_state.py": "class JobStateMixin:\n    def _job(self, key):\n"
                                  "        return self.jobs[key]\n",
        "d/upscale/modes/static.py": "from ..job_state import JobStateMixin\n\n\n"
                                     "class StaticModeMixin(JobStateMixin):\n"
                                     "    def run(self):\n"
                                     "        return self._job(self.tile_width)\n",
    })
    for jobs in ("1", "2"):
        proc = run_module("lint_rules", "check", ".", "--no-cache", "--select", "INV801",
                          "-j", jobs, "--output-format", "concise", cwd=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert [line for line in proc.stdout.splitlines() if ": INV" in line] == [
            "first/d/upscale/modes/use.py:4:1: INV801 mixin 'UseMixin' has no docstring; "
            "it requires nothing of its host class: say what it adds",
            "second/d/upscale/job_state.py:1:1: INV801 mixin 'JobStateMixin' has no "
            "docstring; document what it requires of the class it is mixed into: jobs",
            "second/d/upscale/modes/static.py:4:1: INV801 mixin 'StaticModeMixin' has no "
            "docstring; document what it requires of the class it is mixed into: "
            "tile_width",
        ], proc.stderr


def test_inv801_configured_patterns():
    text = """
        class ResultCollector:  # expect: INV801
            def a(self):
                return self.queue


        class HelperMixin:
            def a(self):
                return self.queue
    """
    assert_marks("INV801", text.replace("  # expect: INV801", "").replace(
        "class HelperMixin:", "class HelperMixin:  # expect: INV801"))
    assert_marks("INV801", text, settings={"mixin-patterns": ["*Collector"]})


@pytest.mark.parametrize("text", ["", "class Mixin:\n    pass\n", "# Mixin\n"])
def test_inv801_trivial_input(text):
    found = run_rule("INV801", text)
    assert [f.line for f in found] == ([1] if text.startswith("class") else [])


# -- the real pylint and flake8 front ends ----------------------------------------------------

FRONT_END_PROJECT = {
    "pyproject.toml": "[tool.invariant-lint]\n",
    "pkg/__init__.py": "",
    "pkg/api/__init__.py": "",
    "pkg/api/queue_orchestration.py": INITIALIZER,
    "pkg/state_bad.py": (
        "import asyncio\n"
        "from .api.queue_orchestration import prompt_server\n"
        "\n"
        "prompt_server.distributed_jobs_lock = asyncio.Lock()\n"
    ),
    "pkg/state_good.py": (
        "import asyncio\n"
        "from .api.queue_orchestration import ensure_distributed_state, prompt_server\n"
        "\n"
        "ensure_distributed_state()\n"
        "prompt_server.distributed_pending_jobs['job'] = asyncio.Queue()\n"
    ),
    "pkg/fields_bad.py": (
        "def update(worker, data):\n"
        "    if 'a' in data:\n"
        "        worker['a'] = data['a']\n"
        "    if 'b' in data:\n"
        "        worker['b'] = data['b']\n"
        "    if 'c' in data:\n"
        "        worker['c'] = data['c']\n"
    ),
    "pkg/fields_good.py": (
        "def update(worker, data):\n"
        "    if 'a' in data:\n"
        "        worker['a'] = data['a']\n"
        "    if 'b' in data:\n"
        "        worker['b'] = data['b']\n"
    ),
    "pkg/real.py": "def helper():\n    return 1\n",
    "pkg/legacy.py": "# backward-compat shim\nfrom .real import helper\n\n\ndef own():\n"
                     "    return 2\n",
    "pkg/shim_bad.py": "from .legacy import helper\n",
    "pkg/shim_good.py": "from .legacy import own\nfrom .real import helper\n",
    "pkg/mixin_bad.py": "class StaticModeMixin:\n    def run(self):\n        return self.jobs\n",
    "pkg/mixin_good.py": (
        'class StaticModeMixin:\n    """Requires jobs."""\n\n    def run(self):\n'
        "        return self.jobs\n"
    ),
}
FRONT_END_EXPECTED = [
    ("pkg/fields_bad.py", 2, "INV303"),
    ("pkg/mixin_bad.py", 1, "INV801"),
    ("pkg/shim_bad.py", 1, "INV601"),
    ("pkg/state_bad.py", 4, "INV203"),
]
FRONT_END_FILES = sorted(name for name in FRONT_END_PROJECT if name.endswith(".py"))
SYMBOLS = "state-outside-initializer,field-copy-boilerplate,import-via-shim,undocumented-mixin"


@pytest.fixture(scope="module")
def front_end_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("plan-rules")
    write_tree(root, FRONT_END_PROJECT)
    return root


def test_cli_on_the_front_end_project(front_end_project):
    proc = run_module("lint_rules", "check", "--format", "json", "--select",
                      "INV203,INV303,INV601,INV801", ".", cwd=front_end_project)
    assert proc.returncode == 1, proc.stderr
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(proc.stdout)["findings"]]
    assert found == FRONT_END_EXPECTED


def test_pylint_on_the_front_end_project(front_end_project):
    proc = run_module("pylint", "--load-plugins=lint_rules.pylint_plugin", "--disable=all",
                      f"--enable={SYMBOLS}", "--output-format=json", "--score=n",
                      "--persistent=n", *FRONT_END_FILES, cwd=front_end_project)
    assert proc.returncode < 32 and "Traceback" not in proc.stderr, proc.stderr
    found = sorted((m["path"], m["line"], m["message"].split()[0])
                   for m in json.loads(proc.stdout or "[]"))
    assert found == FRONT_END_EXPECTED


def test_flake8_on_the_front_end_project(front_end_project):
    proc = run_module("flake8", "--select=INV203,INV303,INV601,INV801",
                      "--format=%(path)s\t%(row)d\t%(code)s", *FRONT_END_FILES,
                      cwd=front_end_project)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    found = sorted((path.removeprefix("./"), int(row), code)
                   for path, row, code in (line.split("\t") for line in proc.stdout.splitlines()))
    assert found == FRONT_END_EXPECTED


# -- INV501 only where the project has an error helper ---------------------------------

_RAW_404 = (
    "from aiohttp import web\n"
    "async def get(request):\n"
    "    return web.Response(status=404)  # expect: INV501\n"
)


def test_inv501_is_silent_in_a_project_without_an_error_helper(tmp_path):
    (tmp_path / ".git").mkdir()
    assert run_rule("INV501", _RAW_404, filename="api/routes.py", directory=tmp_path) == []


@pytest.mark.parametrize("helper_file, text", [
    ("utils/network.py", "async def handle_api_error(request, message, status=500):\n"
                         "    return None\n"),
    ("api/other.py", "from ..utils.network import (\n    handle_api_error,\n)\n"),
    ("api/alias.py", "handle_api_error = make_error_helper()\n"),
])
def test_inv501_names_the_projects_helper(tmp_path, helper_file, text):
    (tmp_path / ".git").mkdir()
    write_tree(tmp_path, {helper_file: text})
    (finding,) = assert_marks("INV501", _RAW_404, filename="api/routes.py", directory=tmp_path)
    assert finding.message.endswith(
        f"instead (the project's helper: {(tmp_path / helper_file).as_posix()})")


def test_inv501_definitions_before_imports_and_own_file(tmp_path):
    from lint_rules.analyses.project_helpers import defines_helper

    names = ("handle_api_error",)
    assert defines_helper("async def handle_api_error(r):\n    pass\n", names) == 2
    assert defines_helper("from x import a, handle_api_error\n", names) == 1
    assert defines_helper("x = handle_api_error(1)\n# handle_api_error = 1\n", names) == 0
    assert defines_helper("if handle_api_error == 1:\n    pass\n", names) == 0
    # The checked file's own import is enough, and its message names no other file.
    (tmp_path / ".git").mkdir()
    own = _RAW_404 + "from errors import handle_api_error\n"
    (finding,) = assert_marks("INV501", own, filename="routes.py", directory=tmp_path)
    assert finding.message.endswith("return await handle_api_error(request, ..., 404) instead")
