"""Latency of the language server: from ``didChange`` to ``publishDiagnostics``.

    python benchmarks/lsp_latency.py [WORKSPACE] [--edits 50] [--lines 1000]

WORKSPACE (default: the shared corpus, ``../shared/corpus`` from the repository root) is
copied to a temporary folder and made one project root (a ``.git`` folder), as a user's
checkout is.  A 1,000-line Python file and a 1,000-line JavaScript file, made of the route
modules and UI modules that ``generate_tree.py`` writes (aiohttp handlers with locks and
``json_response``s; listeners, timers and fetches), are added to it.  The real server
(``python -m lint_rules lsp``) is driven over stdio by pygls's own LSP client: it opens
each file, waits until the workspace is indexed (the diagnostics settle), then makes
``--edits`` edits, one at a time, each changing the file's last line with an incremental
``didChange``, and times until the ``publishDiagnostics`` of that document version arrives
(the per-file rules over the new text, with the document's project-wide findings).
Prints the median and the 95th percentile per file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from generate_tree import generate  # noqa: E402 - the benchmarks folder is no package
from lint_rules.lsp.constants import (  # noqa: E402
    LATENCY_BENCHMARK_PATIENCE_SECONDS as PATIENCE_SECONDS,
    LATENCY_BENCHMARK_SETTLE_SECONDS as SETTLE_SECONDS,
)

DEFAULT_WORKSPACE = ROOT.parent / "shared" / "corpus"
PERCENTILE = 95


def _file_of(folder: Path, pattern: str, lines: int) -> str:
    """``lines`` lines made of the generated files matching ``pattern``, whole files."""
    collected: list[str] = []
    for path in sorted(folder.glob(pattern)):
        collected.extend(path.read_text(encoding="utf-8").splitlines())
        if len(collected) >= lines:
            break
    return "\n".join(collected[:lines - 1]) + "\nedit_marker = 0\n"


def _prepare(workspace: Path, target: Path, lines: int) -> tuple[Path, Path]:
    shutil.copytree(workspace, target, ignore=shutil.ignore_patterns(".git"))
    (target / ".git").mkdir()
    generated = target.parent / "generated"
    generate(generated, lines * 12)
    python = target / "lsp_bench" / "routes.py"
    js = target / "lsp_bench" / "panel.js"
    python.parent.mkdir()
    python.write_text(_file_of(generated / "distributed" / "api", "routes_*.py", lines))
    js.write_text(_file_of(generated / "web", "*.js", lines).replace(
        "edit_marker = 0", "export const editMarker = 0;"))
    return python, js


class _Published:
    """Every publishDiagnostics, as (arrival time, uri, version)."""

    def __init__(self, client: LanguageClient):
        self.events: list[tuple[float, str, int | None]] = []
        self.changed = asyncio.Event()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams):
            self.events.append((time.perf_counter(), params.uri, params.version))
            self.changed.set()

    async def version(self, uri: str, version: int, since: int) -> float:
        """When the diagnostics of ``uri`` at ``version`` arrived (first seen after event
        number ``since``)."""
        deadline = time.perf_counter() + PATIENCE_SECONDS
        while True:
            for when, event_uri, event_version in self.events[since:]:
                if event_uri == uri and event_version == version:
                    return when
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), deadline - time.perf_counter())

    async def settle(self) -> None:
        """Wait until no diagnostics arrive for a while (indexing and its checks done)."""
        while True:
            count = len(self.events)
            await asyncio.sleep(SETTLE_SECONDS)
            if len(self.events) == count:
                return


async def _measure(workspace: Path, files: list[Path], edits: int) -> dict[str, list[float]]:
    client = LanguageClient("lsp-latency", "1")
    published = _Published(client)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(_params):
        return None

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    await client.start_io(sys.executable, "-m", "lint_rules", "lsp", env=env)
    folder = uris.from_fs_path(str(workspace))
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=folder,
        workspace_folders=[types.WorkspaceFolder(uri=folder, name="workspace")]))
    client.initialized(types.InitializedParams())
    timings: dict[str, list[float]] = {}
    for path in files:
        uri = uris.from_fs_path(str(path))
        text = path.read_text(encoding="utf-8")
        last = len(text.splitlines()) - 1
        since = len(published.events)
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=uri, language_id="python" if path.suffix == ".py" else "javascript",
            version=1, text=text)))
        await published.version(uri, 1, since)
        await published.settle()
        previous = text.splitlines()[last]
        samples = []
        for number in range(2, edits + 2):
            line = previous.replace(previous.rstrip(";").split("= ")[-1], str(number))
            since = len(published.events)
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=number),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(last, 0),
                                      types.Position(last, len(previous))),
                    text=line)]))
            samples.append(await published.version(uri, number, since) - sent)
            previous = line
        timings[path.name] = samples
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


def _percentile(samples: list[float], percent: int) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", default=str(DEFAULT_WORKSPACE))
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lsp-latency-") as scratch:
        workspace = Path(scratch) / "workspace"
        files = _prepare(Path(args.workspace), workspace, args.lines)
        timings = asyncio.run(_measure(workspace, list(files), args.edits))
    print(f"didChange -> publishDiagnostics, {args.edits} edits each, workspace "
          f"{args.workspace} (+ the two files):")
    for name, samples in timings.items():
        milliseconds = [sample * 1000 for sample in samples]
        print(f"  {name} ({args.lines} lines): median {statistics.median(milliseconds):.0f} ms, "
              f"p{PERCENTILE} {_percentile(milliseconds, PERCENTILE):.0f} ms, "
              f"max {max(milliseconds):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
