"""The language server: pygls wiring between the LSP client and the checker.

Every handler here is a translation: the client's notifications go to the
:class:`~.checker.Checker` (which runs the engine on its own thread), the checker's
findings come back as ``textDocument/publishDiagnostics``, and code actions, hover and the
explain command read what was last published.  Only protocol messages are written to
stdout: :func:`run` moves ``sys.stdout`` to stderr before anything else can print, and logs
go to stderr.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from .. import __version__
from ..findings import Finding
from .checker import CONFIG_FILE_NAMES, Checker, OpenDocument
from .code_actions import code_actions
from .constants import CLIENT_REQUEST_TIMEOUT_SECONDS
from .diagnostics import EXPLAIN_COMMAND, to_diagnostic
from .documents import is_checked
from .hover import explain_page, hover

LOG = logging.getLogger("invariant-lint.lsp")
WATCHED_GLOBS = ("**/*.py", "**/*.pyi", "**/*.js", "**/*.mjs", "**/*.cjs",
                 *(f"**/{name}" for name in CONFIG_FILE_NAMES))


class _Answered:
    """Stands in for a request that could not be read and was answered with an error."""

    jsonrpc = "answered"  # not "2.0": pygls drops it without handling it


class InvariantLintProtocol(LanguageServerProtocol):
    """pygls's protocol, answering a request it cannot read with the protocol's error
    instead of leaving the client waiting."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "method" in data and "id" in data:
                self._send_response(data["id"], error=error.to_response_error())
                return _Answered()
            raise


class InvariantLintServer(LanguageServer):
    """The ``invariant-lint lsp`` server."""

    def __init__(self):
        super().__init__("invariant-lint", __version__, protocol_cls=InvariantLintProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.checker = Checker(self._publish_from_checker, self._show_error)
        self.published: dict[str, list[types.Diagnostic]] = {}  # uri -> last diagnostics
        self.loop: asyncio.AbstractEventLoop | None = None

    # -- errors ---------------------------------------------------------------------------
    def report_server_error(self, error: Exception, source) -> None:
        """A message that could not be read gets the protocol's error response (id null);
        any other failure is logged, to stderr and ``window/logMessage``."""
        if source is JsonRpcException:  # raised while reading a message
            unreadable = isinstance(error, (ValueError, UnicodeError))  # JSONDecodeError too
            problem = (JsonRpcParseError if unreadable else JsonRpcInvalidRequest)(str(error))
            # By hand: the response's id must be null, which pygls's types leave out.
            self.protocol._send_data({"jsonrpc": "2.0", "id": None, "error": {
                "code": problem.code, "message": problem.message}})
            return
        LOG.error("invariant-lint: %s", error)
        try:
            self.window_log_message(types.LogMessageParams(types.MessageType.Error,
                                                           f"invariant-lint: {error}"))
        except Exception:  # noqa: BLE001 - the client is gone: nothing more to tell it
            LOG.debug("could not send the error to the client", exc_info=True)

    def _show_error(self, text: str) -> None:
        self._on_loop(lambda: self.window_show_message(
            types.ShowMessageParams(types.MessageType.Error, text)))

    # -- publishing -----------------------------------------------------------------------
    def _on_loop(self, callback) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(callback)

    def _publish_from_checker(self, document: OpenDocument, findings: list[Finding],
                              version: int | None) -> None:
        encoding = self.position_encoding()
        checked_lines = (document.checked_text or document.text).splitlines()

        def lines_of(path: str) -> list[str]:
            if path == document.path:
                return checked_lines
            other = self.checker.text_at(path)
            if other is not None:
                return other.splitlines()
            project = document.project
            source = project.source_at(path) if project is not None else None
            return source.lines if source is not None else []

        diagnostics = [to_diagnostic(finding, lines_of, encoding) for finding in findings]
        self._on_loop(lambda: self._send(document, diagnostics, version))

    def _send(self, document: OpenDocument, diagnostics: list[types.Diagnostic],
              version: int | None) -> None:
        if not self.checker.is_current(document):
            return  # closed since (or closed and reopened): its diagnostics are cleared
        self.published[document.uri] = diagnostics
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=document.uri, diagnostics=diagnostics, version=version))

    def position_encoding(self) -> str:
        """The negotiated position encoding: "utf-8", "utf-16" or "utf-32"."""
        encoding = self.workspace.position_encoding if self.protocol._workspace else None
        return str(getattr(encoding, "value", encoding) or "utf-16")


def _path_of(uri: str) -> str | None:
    path = uris.to_fs_path(uri)
    return path if path and uri.startswith("file:") else None


def _folders(server: InvariantLintServer) -> list[str]:
    folders = []
    for folder in server.workspace.folders.values():
        path = _path_of(folder.uri)
        if path is not None:
            folders.append(path)
    root = server.workspace.root_path
    if not folders and root:
        folders.append(root)
    return folders


def build_server() -> InvariantLintServer:
    """A server with every feature registered."""
    server = InvariantLintServer()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: InvariantLintServer, _params):
        ls.loop = asyncio.get_running_loop()
        ls.checker.start(_folders(ls))
        watch = ls.client_capabilities.workspace
        watch = watch.did_change_watched_files if watch is not None else None
        if watch is not None and watch.dynamic_registration:
            registration = types.Registration(
                id="invariant-lint-watched-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]))
            try:
                await asyncio.wait_for(ls.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])),
                    CLIENT_REQUEST_TIMEOUT_SECONDS)
            except (asyncio.TimeoutError, JsonRpcException) as error:
                LOG.warning("invariant-lint: the client did not register file watchers: %s",
                            error)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: InvariantLintServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        path = _path_of(item.uri)
        if path is None:
            return
        if is_checked(path) or _is_config(path):
            ls.checker.opened(item.uri, path, ls.workspace.get_text_document(item.uri).source,
                              item.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: InvariantLintServer, params: types.DidChangeTextDocumentParams):
        document = ls.workspace.get_text_document(params.text_document.uri)
        ls.checker.changed(params.text_document.uri, document.source,
                           params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: InvariantLintServer, params: types.DidSaveTextDocumentParams):
        ls.checker.saved(params.text_document.uri, params.text)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: InvariantLintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.checker.closed(uri)
        if ls.published.pop(uri, None) is not None or _path_of(uri):
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: InvariantLintServer,
                                 params: types.DidChangeWatchedFilesParams):
        paths = [path for path in map(_path_of, (change.uri for change in params.changes))
                 if path is not None]
        if paths:
            ls.checker.files_changed(paths)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: InvariantLintServer, _params):
        ls.checker.folders_changed(_folders(ls))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: InvariantLintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        path = _path_of(uri)
        if path is None:
            return []
        text = ls.workspace.get_text_document(uri).source
        diagnostics = params.context.diagnostics or [
            d for d in ls.published.get(uri, []) if _overlaps(d.range, params.range)]
        return code_actions(uri, path, text, diagnostics, ls.position_encoding())

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: InvariantLintServer, params: types.HoverParams):
        return hover(ls.published.get(params.text_document.uri, []), params.position)

    @server.command(EXPLAIN_COMMAND)
    def explain(ls: InvariantLintServer, code: str):
        page = explain_page(code)
        if page is None:
            raise JsonRpcInvalidRequest(f"unknown rule {code!r}")
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, page))
        return page

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: InvariantLintServer, _params):
        ls.checker.stop()

    return server


def _is_config(path: str) -> bool:
    return path.replace("\\", "/").rsplit("/", 1)[-1] in CONFIG_FILE_NAMES


def _overlaps(first: types.Range, second: types.Range) -> bool:
    def key(position):
        return (position.line, position.character)
    return key(first.start) <= key(second.end) and key(second.start) <= key(first.end)


class _ClientOutput:
    """The protocol's output stream.  When the client stops reading (it crashed, or closed
    the pipe) there is nobody left to serve: the server says so on stderr and exits at
    once, instead of failing on every later write or waiting for input that never ends."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, data: bytes) -> None:
        try:
            self._stream.write(data)
        except (OSError, ValueError):  # BrokenPipeError; ValueError: the stream is closed
            self._client_gone()

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            self._client_gone()

    def close(self) -> None:
        try:
            self._stream.close()
        except (OSError, ValueError):
            LOG.debug("the output was closed already")

    @staticmethod
    def _client_gone() -> None:
        LOG.warning("invariant-lint: the client closed the connection; exiting")
        logging.shutdown()
        os._exit(0)


def run() -> int:
    """Serve LSP over stdin/stdout until the client exits or disconnects."""
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not corrupt the protocol
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    # pygls logs every unreadable message with a traceback, then hands the error to
    # report_server_error, which logs it in one line: its own logs would only repeat it.
    logging.getLogger("pygls").setLevel(logging.CRITICAL)
    server = build_server()
    try:
        server.start_io(sys.stdin.buffer, _ClientOutput(protocol_out))
    finally:
        server.checker.stop()
    return 0
