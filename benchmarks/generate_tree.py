"""Write a synthetic, deterministic aiohttp-style project to benchmark the linters on.

    python benchmarks/generate_tree.py OUT N_LINES [--seed SEED]

The tree looks like the code the rules were written for: a ``distributed`` package with
route modules (handlers that read request bodies, take asyncio locks, await helpers and
build ``json_response``s), job managers with locks, shared helpers reached through
relative imports (``from ..utils.network import probe_worker``), and a ``web/`` folder of
browser JavaScript (an API client with a retry loop, UI modules with listeners and
timers).  A small share of the code breaks the invariants, as real code does.  Modules are
added until the tree holds at least ``N_LINES`` lines; the same seed gives the same tree.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

NOUNS = [
    "worker", "job", "tile", "image", "prompt", "queue", "node", "setting", "host", "model",
    "upscale", "batch", "result", "session", "cluster", "task", "preview", "seed", "lora",
    "checkpoint", "sampler", "mask", "latent", "frame", "video", "audio", "schedule",
]
VERBS = ["update", "delete", "create", "get", "list", "refresh", "launch", "stop", "sync",
         "clear", "probe", "requeue", "assign", "cancel", "restart", "collect", "submit"]

# -- fixed modules ---------------------------------------------------------------------------

PACKAGE_INIT = '"""Synthetic distributed-rendering plugin (generated for benchmarks)."""\n'

CONSTANTS = '''\
"""Timeouts, intervals and limits."""

PROBE_TIMEOUT = 2.0
HEARTBEAT_INTERVAL = 5.0
MAX_RETRIES = 3
MAX_PAYLOAD_BYTES = 50 * 1024 * 1024
'''

NETWORK = '''\
"""HTTP helpers shared by the routes and the job managers."""
import asyncio
import logging

import aiohttp
from aiohttp import web

from ..constants import PROBE_TIMEOUT

log = logging.getLogger(__name__)
_session = None


def get_client_session():
    global _session
    if _session is None:
        _session = aiohttp.ClientSession()
    return _session


async def handle_api_error(request, error, status=500):
    """The one place error responses are built and logged."""
    message = str(error)
    log.warning("API error [%s] %s: %s", status, request.path, message)
    return web.json_response({"status": "error", "error": message}, status=status)


async def probe_worker(url, timeout=PROBE_TIMEOUT):
    session = get_client_session()
    try:
        async with session.get(f"{url}/prompt", timeout=timeout) as response:
            if response.status != 200:
                return None
            return await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return None


async def fetch_json(url, payload=None):
    session = get_client_session()
    async with session.post(url, json=payload) as response:
        return await response.json()


def describe(worker):
    return f"{worker.get('name', '?')}@{worker.get('host', 'localhost')}:{worker.get('port')}"
'''

CONFIG = '''\
"""Configuration file access."""
import asyncio
import json
import os

CONFIG_PATH = os.path.join(os.path.dirname(__file__), "config.json")
config_lock = asyncio.Lock()


def load_config():
    try:
        with open(CONFIG_PATH, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {"workers": [], "settings": {}}


def save_config(config):
    temporary = CONFIG_PATH + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=2)
    os.replace(temporary, CONFIG_PATH)


async def update_setting(key, value):
    async with config_lock:
        config = load_config()
        config.setdefault("settings", {})[key] = value
        save_config(config)
    return config
'''

SERVER = '''\
"""Stand-in for the host application's server object."""
import asyncio


class PromptServer:
    instance = None

    def __init__(self):
        self.routes = None
        self.distributed_jobs_lock = asyncio.Lock()
        self.distributed_tile_jobs_lock = asyncio.Lock()
        self.distributed_pending_jobs = {}
'''

# -- Python templates ------------------------------------------------------------------------

ROUTE_HEADER = '''\
"""{title} endpoints."""
import asyncio
import time

from aiohttp import web

from ..constants import PROBE_TIMEOUT
from ..server import PromptServer
from ..utils.config import load_config, save_config, config_lock
from ..utils.network import describe, fetch_json, handle_api_error, probe_worker

prompt_server = PromptServer.instance
routes = web.RouteTableDef()
'''

HANDLERS = [
    # A clean handler: errors through the helper.
    '''
@routes.post("/distributed/{noun}/{verb}")
async def {verb}_{noun}_endpoint(request):
    data = await request.json()
    {noun}_id = data.get("{noun}_id")
    if {noun}_id is None:
        return await handle_api_error(request, "Missing {noun}_id", 400)
    config = load_config()
    items = config.setdefault("{noun}s", {{}})
    items[str({noun}_id)] = {{"updated": time.time(), "value": data.get("value")}}
    save_config(config)
    return web.json_response({{"status": "success", "{noun}_id": {noun}_id}})
''',
    # Snapshot under the lock, I/O after releasing it.
    '''
@routes.post("/distributed/{noun}/{verb}_all")
async def {verb}_all_{noun}s_endpoint(request):
    async with prompt_server.distributed_jobs_lock:
        pending = list(prompt_server.distributed_pending_jobs.items())
    results = {{}}
    for job_id, job in pending:
        results[job_id] = await probe_worker(job["url"], timeout=PROBE_TIMEOUT)
    async with prompt_server.distributed_jobs_lock:
        for job_id, result in results.items():
            if result is None:
                prompt_server.distributed_pending_jobs.pop(job_id, None)
    return web.json_response({{"probed": len(results)}})
''',
    # A raw error response (INV501).
    '''
@routes.get("/distributed/{noun}/{{item_id}}")
async def get_{noun}_endpoint(request):
    item_id = request.match_info["item_id"]
    config = load_config()
    item = config.get("{noun}s", {{}}).get(item_id)
    if item is None:
        return web.json_response({{"error": "unknown {noun}"}}, status=404)
    return web.json_response(item)
''',
    # A probe under the lock, through a helper in another module (INV101).
    '''
@routes.post("/distributed/{noun}/{verb}_timed_out")
async def {verb}_timed_out_{noun}s_endpoint(request):
    now = time.time()
    requeued = []
    async with prompt_server.distributed_tile_jobs_lock:
        for job_id, job in list(prompt_server.distributed_pending_jobs.items()):
            if now - job.get("last_seen", now) > 30:
                if await probe_worker(job["url"]) is None:
                    requeued.append(job_id)
    return web.json_response({{"requeued": requeued}})
''',
    # Config read-modify-write under the config lock.
    '''
@routes.post("/distributed/{noun}/settings")
async def {noun}_settings_endpoint(request):
    data = await request.json()
    if not isinstance(data, dict):
        return await handle_api_error(request, "Expected an object", 400)
    async with config_lock:
        config = load_config()
        config.setdefault("{noun}_settings", {{}}).update(data)
        save_config(config)
    return web.json_response({{"status": "success", "keys": sorted(data)}})
''',
    # Forwarding to a worker outside any lock.
    '''
@routes.post("/distributed/{noun}/forward")
async def forward_{noun}_endpoint(request):
    data = await request.json()
    worker = data.get("worker") or {{}}
    url = f"http://{{worker.get('host', 'localhost')}}:{{worker.get('port', 8188)}}"
    try:
        result = await asyncio.wait_for(fetch_json(url + "/prompt", data), timeout=10)
    except asyncio.TimeoutError:
        return await handle_api_error(request, f"{{describe(worker)}} timed out", 504)
    return web.json_response({{"status": "queued", "result": result}})
''',
]

JOB_MODULE = '''\
"""{title} job bookkeeping."""
import asyncio
import logging
import time

from ..utils.network import get_client_session, probe_worker

log = logging.getLogger(__name__)


class {cls}Manager:
    """Tracks {noun} jobs across workers."""

    def __init__(self):
        self._lock = asyncio.Lock()
        self._jobs = {{}}
        self._events = asyncio.Queue()

    async def add(self, job_id, payload):
        async with self._lock:
            self._jobs[job_id] = {{"payload": payload, "added": time.time(), "done": False}}
            await self._events.put(("added", job_id))

    async def complete(self, job_id, result):
        async with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                log.warning("unknown {noun} job %s", job_id)
                return False
            job["done"] = True
            job["result"] = result
        return True

    async def snapshot(self):
        async with self._lock:
            return {{key: dict(value) for key, value in self._jobs.items()}}
{extra}
    def pending(self):
        return [job_id for job_id, job in self._jobs.items() if not job["done"]]
'''

# Methods added to a job manager class (inserted verbatim, not formatted).
JOB_EXTRAS = [
    # Refresh with I/O under the lock (INV101).
    '''
    async def refresh(self, url):
        async with self._lock:
            session = get_client_session()
            async with session.get(url + "/status") as response:
                status = await response.json()
            self._jobs.update(status.get("jobs", {}))
''',
    # Probe outside the lock (fine).
    '''
    async def drop_dead_workers(self, urls):
        alive = {url: await probe_worker(url) is not None for url in urls}
        async with self._lock:
            for job_id, job in list(self._jobs.items()):
                if not alive.get(job["payload"].get("url"), True):
                    del self._jobs[job_id]
        return alive
''',
    '''
    async def wait_until_done(self, job_id, poll=0.5):
        while True:
            async with self._lock:
                job = self._jobs.get(job_id)
                if job is None or job["done"]:
                    return job
            await asyncio.sleep(poll)
''',
]

# -- JavaScript templates --------------------------------------------------------------------

API_CLIENT = '''\
// API client for the distributed extension.
const BASE = "/distributed";

export async function request(path, options = {}, retries = 3) {
  let lastError = null;
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      const response = await fetch(BASE + path, options);
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      return await response.json();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
  throw lastError;
}

export const api = {
  getConfig: () => request("/config"),
  queue: (payload) => request("/queue", { method: "POST", body: JSON.stringify(payload) }, 1),
  launchWorker: (id) => request("/launch_worker", { method: "POST", body: JSON.stringify({ id }) }),
  status: () => request("/status"),
};
'''

UI_MODULE = '''\
// {title} panel.
import {{ api }} from "./apiClient.js";

export class {cls}Panel {{
  constructor(root) {{
    this.root = root;
    this.items = new Map();
    this.onKey = (event) => this.handleKey(event);
    this.timer = null;
  }}

  mount() {{
    document.addEventListener("keydown", this.onKey);
    this.timer = setInterval(() => this.refresh(), {interval});
    this.render();
  }}

  unmount() {{
    document.removeEventListener("keydown", this.onKey);
    clearInterval(this.timer);
    this.root.replaceChildren();
  }}

  handleKey(event) {{
    if (event.key === "Escape") {{
      this.unmount();
    }}
  }}

  async refresh() {{
    const status = await api.status();
    for (const item of status.{noun}s || []) {{
      this.items.set(item.id, item);
    }}
    this.render();
  }}

  async {verb}(id) {{
    const response = await fetch(`/distributed/{noun}/{verb}`, {{
      method: "POST",
      headers: {{ "Content-Type": "application/json" }},
      body: JSON.stringify({{ {noun}_id: id }}),
    }});
    return response.json();
  }}

  render() {{
    const rows = [...this.items.values()].map((item) => {{
      const row = document.createElement("div");
      row.className = "{noun}-row";
      row.textContent = `${{item.id}}: ${{item.state || "idle"}}`;
      return row;
    }});
    this.root.replaceChildren(...rows);
  }}
}}
'''


def _count_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


class _Tree:
    def __init__(self, out: Path):
        self.out = out
        self.lines = 0
        self.files = 0

    def write(self, relative: str, text: str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.lines += _count_lines(text)
        self.files += 1


def _route_module(rng: random.Random, index: int) -> str:
    noun_pool = rng.sample(NOUNS, 4)
    parts = [ROUTE_HEADER.format(title=noun_pool[0].capitalize())]
    used = set()
    for _ in range(rng.randint(4, 8)):
        # Mostly clean handlers; the invariant-breaking ones (2, 3) are rarer.
        template = rng.choices(range(len(HANDLERS)), weights=[6, 3, 1, 1, 3, 3])[0]
        noun, verb = rng.choice(noun_pool), rng.choice(VERBS)
        key = (template, noun, verb)
        if key in used:
            continue
        used.add(key)
        parts.append(HANDLERS[template].format(noun=noun, verb=verb))
    return "\n".join(parts)


def _job_module(rng: random.Random, index: int) -> str:
    noun = rng.choice(NOUNS)
    extra = "".join(rng.sample(JOB_EXTRAS, rng.randint(1, 2)))
    return JOB_MODULE.format(
        title=noun.capitalize(), cls=noun.capitalize() + str(index), noun=noun, extra=extra,
    )


def _ui_module(rng: random.Random, index: int) -> str:
    noun = rng.choice(NOUNS)
    return UI_MODULE.format(
        title=noun.capitalize(), cls=noun.capitalize() + str(index), noun=noun,
        verb=rng.choice(VERBS), interval=rng.choice([1000, 2000, 5000]),
    )


def generate(out: str | Path, n_lines: int, seed: int = 2024) -> dict:
    """Write the tree; return ``{"files": int, "lines": int}``."""
    out = Path(out)
    rng = random.Random(seed)
    tree = _Tree(out)
    package = "distributed"
    for relative in ("", "utils/", "api/", "jobs/"):
        tree.write(f"{package}/{relative}__init__.py", PACKAGE_INIT)
    tree.write(f"{package}/constants.py", CONSTANTS)
    tree.write(f"{package}/server.py", SERVER)
    tree.write(f"{package}/utils/network.py", NETWORK)
    tree.write(f"{package}/utils/config.py", CONFIG)
    tree.write("web/apiClient.js", API_CLIENT)
    index = 0
    first = ["route", "job", "ui"]  # every kind of module at least once, however small N
    while tree.lines < n_lines or first:
        index += 1
        kind = first.pop(0) if first else rng.choices(["route", "job", "ui"], weights=[5, 3, 2])[0]
        if kind == "route":
            tree.write(f"{package}/api/routes_{index:04d}.py", _route_module(rng, index))
        elif kind == "job":
            tree.write(f"{package}/jobs/jobs_{index:04d}.py", _job_module(rng, index))
        else:
            tree.write(f"web/panel_{index:04d}.js", _ui_module(rng, index))
    return {"files": tree.files, "lines": tree.lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to write the tree into")
    parser.add_argument("n_lines", type=int, help="write at least this many lines")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    stats = generate(args.out, args.n_lines, args.seed)
    print(f"wrote {stats['files']} files, {stats['lines']} lines to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
