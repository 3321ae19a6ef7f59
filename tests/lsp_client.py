"""Driving the real ``invariant-lint lsp`` process with a real LSP client (pytest-lsp's
``LanguageClient``, built on pygls's), over stdio.

:func:`run_session` starts the server as a user's editor does (``python -m lint_rules lsp``,
the worktree first on the path), initializes it with the given workspace folders, runs an
async scenario with the client and shuts the server down.  Waiting is for an event (the
diagnostics of a document meeting a condition) with a generous limit that only a broken
server reaches, never a measured time.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Awaitable, Callable, Union

from lsprotocol import types
from pygls import uris
from pytest_lsp import LanguageClient
from pytest_lsp.client import make_test_lsp_client

from helpers import ROOT

# Only a server that is broken takes this long to answer (a check of a small file takes
# well under a second; the indexing of a test workspace a few).
PATIENCE_SECONDS = 60.0
POLL_SECONDS = 0.02

CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf16]),
    workspace=types.WorkspaceClientCapabilities(
        workspace_folders=True,
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)),
    text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            related_information=True, version_support=True),
        code_action=types.CodeActionClientCapabilities(),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])),
)


def server_command() -> list[str]:
    """The command that starts the server."""
    return [sys.executable, "-m", "lint_rules", "lsp"]


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the server: this worktree's packages first."""
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": pythonpath, **(extra or {})}


def uri_of(path: Path | str) -> str:
    """The file URI of a path."""
    return uris.from_fs_path(str(Path(path).resolve()))


async def start(folders: list[Path]) -> LanguageClient:
    """A client connected to a new server process, initialized with ``folders``."""
    client = make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    _read_code_actions_by_their_shape(client)
    await client.start_io(*server_command(), env=server_env())
    await client.initialize_session(types.InitializeParams(
        capabilities=CAPABILITIES,
        root_uri=uri_of(folders[0]) if folders else None,
        workspace_folders=[types.WorkspaceFolder(uri=uri_of(f), name=f.name)
                           for f in folders] or None))
    return client


def _read_code_actions_by_their_shape(client: LanguageClient) -> None:
    """lsprotocol reads any code action result with a ``command`` key as a ``Command``, so
    a ``CodeAction`` that runs a command (the documentation action) would lose its fields;
    a ``Command``'s ``command`` is a string, a ``CodeAction``'s an object."""
    converter = client.protocol._converter

    def structure(value, _type):
        kind = types.Command if isinstance(value.get("command"), str) else types.CodeAction
        return converter.structure(value, kind)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], structure)


def run_session(folders: list[Path], scenario: Callable[[LanguageClient], Awaitable]):
    """Run ``scenario(client)`` against a fresh server; the server is shut down after."""
    async def main():
        client = await start(folders)
        try:
            return await scenario(client)
        finally:
            if client.error is None:
                await asyncio.wait_for(client.shutdown_session(), PATIENCE_SECONDS)
            await client.stop()
    return asyncio.run(main())


def open_document(client: LanguageClient, path: Path, text: str | None = None,
                  language: str | None = None) -> str:
    """Open ``path`` (its text on disk unless ``text`` is given); returns its URI."""
    uri = uri_of(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    language = language or ("python" if path.suffix in (".py", ".pyi") else "javascript")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1,
                                             text=text)))
    return uri


def replace_text(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """Send the whole new text of a document (a full-document change)."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics_when(client: LanguageClient, uri: str,
                           condition: Callable[[list[types.Diagnostic]], bool],
                           what: str = "the expected diagnostics") -> list[types.Diagnostic]:
    """The diagnostics of ``uri`` once they meet ``condition``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE_SECONDS
    while True:
        published = client.diagnostics.get(uri)
        if published is not None and condition(list(published)):
            return list(published)
        if client.error is not None:
            raise AssertionError(f"the client failed: {client.error}")
        if loop.time() > deadline:
            raise AssertionError(f"no {what} for {uri}; last published: {published}")
        await asyncio.sleep(POLL_SECONDS)


def codes_and_lines(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each diagnostic, sorted."""
    return sorted((str(d.code), d.range.start.line + 1) for d in diagnostics)


def has_codes(*expected: tuple[str, int]) -> Callable[[list[types.Diagnostic]], bool]:
    """A condition: exactly these (code, 1-based line) pairs."""
    return lambda diagnostics: codes_and_lines(diagnostics) == sorted(expected)
