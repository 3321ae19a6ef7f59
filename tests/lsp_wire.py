"""The language server at the byte level: a server process, the raw bytes written to its
stdin, and every byte of its stdout split into protocol frames (``Content-Length`` headers
and JSON bodies).  For the robustness tests, which send what no well-behaved client sends.
Any stdout byte that is not part of a well-formed frame is recorded as garbage.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time

from lsp_client import PATIENCE_SECONDS, server_command, server_env, uri_of


class WireSession:
    """A server process and a reader of its stdout frames."""

    def __init__(self, command: list[str] | None = None, cwd=None, read_output: bool = True):
        self.process = subprocess.Popen(
            command or server_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=server_env(), cwd=cwd)
        self.messages: queue.Queue = queue.Queue()
        self.garbage = bytearray()  # stdout bytes outside well-formed frames
        self.stderr = b""
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        if read_output:
            self._reader.start()
        else:  # a client that reads nothing: the server's writes meet a closed pipe
            self.process.stdout.close()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        self._next_id = 0

    # -- reading ------------------------------------------------------------------------
    def _read_stdout(self) -> None:
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    self.garbage.extend(header)
                    self.messages.put(None)
                    return
                header += byte
            length = None
            for line in header.decode("ascii", "replace").split("\r\n"):
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                self.garbage.extend(header)
                continue
            body = stream.read(length)
            try:
                self.messages.put(json.loads(body))
            except ValueError:
                self.garbage.extend(body)

    def _read_stderr(self) -> None:
        self.stderr = self.process.stderr.read()

    def next_message(self, accept=lambda message: True) -> dict:
        """The next message from the server that ``accept`` takes (others are skipped)."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("the server sent no such message")
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                raise AssertionError("the server sent no such message") from None
            if message is None:
                raise AssertionError(f"the server closed its output; stderr:\n"
                                     f"{self.stderr.decode(errors='replace')[-3000:]}")
            if accept(message):
                return message

    def response_to(self, request_id) -> dict:
        """The response to the request ``request_id``."""
        return self.next_message(lambda m: "method" not in m and m.get("id") == request_id)

    def diagnostics_of(self, path, condition=lambda diagnostics: True) -> list[dict]:
        """The next published diagnostics of ``path`` meeting ``condition``."""
        uri = uri_of(path)
        message = self.next_message(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and condition(m["params"]["diagnostics"]))
        return message["params"]["diagnostics"]

    # -- writing ------------------------------------------------------------------------
    def send_bytes(self, body: bytes) -> None:
        """One frame with ``body`` as it is."""
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps(message).encode("utf-8"))

    def request(self, method: str, params=None) -> int:
        """Send a request; returns its id."""
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method,
                   **({"params": params} if params is not None else {})})
        return self._next_id

    def notify(self, method: str, params=None) -> None:
        self.send({"jsonrpc": "2.0", "method": method,
                   **({"params": params} if params is not None else {})})

    def initialize(self, folder) -> dict:
        """initialize (answered) and initialized, with one workspace folder."""
        request = self.request("initialize", {
            "processId": None, "rootUri": uri_of(folder), "capabilities": {},
            "workspaceFolders": [{"uri": uri_of(folder), "name": "workspace"}]})
        response = self.response_to(request)
        self.notify("initialized", {})
        return response

    def open(self, path, text: str, language: str = "python") -> None:
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri_of(path), "languageId": language, "version": 1, "text": text}})

    # -- ending -------------------------------------------------------------------------
    def shutdown(self) -> int:
        """shutdown and exit, as a client does; the exit code."""
        self.response_to(self.request("shutdown"))
        self.notify("exit")
        return self.wait()

    def wait(self) -> int:
        """The exit code once the process ends (it must end on its own)."""
        try:
            code = self.process.wait(timeout=PATIENCE_SECONDS)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        if self._reader.is_alive():
            self._reader.join(PATIENCE_SECONDS)
        self._stderr_reader.join(PATIENCE_SECONDS)
        return code
