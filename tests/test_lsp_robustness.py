"""The language server under hostile input, at the byte level (:mod:`lsp_wire`).

Malformed JSON-RPC, unknown methods, unreadable parameters, documents outside the
workspace, huge and non-UTF-8 documents, a rule that raises, a client that vanishes: the
server answers with the protocol's errors or a diagnostic, keeps serving, exits when its
client is gone, and writes nothing to stdout but protocol frames.
"""

from __future__ import annotations

import sys

from helpers import RAW_ERROR, ROOT, write_tree
from lsp_wire import WireSession

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602


def _project(tmp_path):
    write_tree(tmp_path, {"api.py": RAW_ERROR})
    (tmp_path / ".git").mkdir()
    return tmp_path


def _codes(diagnostics: list[dict]) -> list[tuple[str, int]]:
    return sorted((d["code"], d["range"]["start"]["line"] + 1) for d in diagnostics)


def _still_serving(session: WireSession, tmp_path) -> None:
    """The server still checks documents after what came before."""
    session.open(tmp_path / "api.py", RAW_ERROR)
    diagnostics = session.diagnostics_of(tmp_path / "api.py", lambda d: bool(d))
    assert _codes(diagnostics) == [("INV501", 3)]


def _ends_cleanly(session: WireSession) -> None:
    assert session.shutdown() == 0
    assert not session.garbage, bytes(session.garbage[:500])
    assert b"Traceback" not in session.stderr, session.stderr.decode(errors="replace")


def test_malformed_json_gets_a_parse_error_and_the_server_goes_on(tmp_path):
    session = WireSession()
    session.send_bytes(b'{"jsonrpc": "2.0", "id": 1, "method": ')
    error = session.next_message()
    assert error["id"] is None and error["error"]["code"] == PARSE_ERROR
    session.send_bytes(b"\xff\xfe not utf-8 \x80")
    assert session.next_message()["error"]["code"] == PARSE_ERROR
    session.send_bytes(b"[1, 2, 3]")  # a batch: not LSP
    assert session.next_message()["error"]["code"] == INVALID_REQUEST
    session.initialize(_project(tmp_path))
    _still_serving(session, tmp_path)
    _ends_cleanly(session)


def test_unknown_methods_and_unreadable_params_get_protocol_errors(tmp_path):
    session = WireSession()
    session.initialize(_project(tmp_path))
    unknown = session.request("invariantLint/noSuchMethod", {})
    assert session.response_to(unknown)["error"]["code"] == METHOD_NOT_FOUND
    session.notify("invariantLint/noSuchNotification", {})  # ignored, as the protocol says
    unreadable = session.request("textDocument/hover", {"textDocument": 42})
    assert session.response_to(unreadable)["error"]["code"] == INVALID_PARAMS
    unknown_command = session.request("workspace/executeCommand",
                                      {"command": "invariant-lint.explain",
                                       "arguments": ["INV9999"]})
    assert "error" in session.response_to(unknown_command)
    # A notification about a document never opened is no failure.
    session.notify("textDocument/didChange", {
        "textDocument": {"uri": "file:///nowhere/never-opened.py", "version": 2},
        "contentChanges": [{"text": "x = 1\n"}]})
    _still_serving(session, tmp_path)
    _ends_cleanly(session)


def test_a_document_that_is_not_utf8_is_one_inv000_where_the_bytes_are(tmp_path):
    session = WireSession()
    session.initialize(_project(tmp_path))
    # Lone surrogates: how clients pass on bytes that do not decode as UTF-8.
    text = 'x = 1\ny = "\udcff\udcfe"\n'
    session.open(tmp_path / "latin.py", text)
    [finding] = session.diagnostics_of(tmp_path / "latin.py", lambda d: bool(d))
    assert (finding["code"], finding["range"]["start"]["line"]) == ("INV000", 1)
    assert finding["message"].startswith("cannot decode as utf-8")
    # A file declaring another encoding is checked as the text the editor shows.
    cookie = "# -*- coding: latin-1 -*-\nname = 'café'; " + RAW_ERROR.splitlines()[0] + "\n" \
        + "\n".join(RAW_ERROR.splitlines()[1:]) + "\n"
    session.open(tmp_path / "cookie.py", cookie)
    [finding] = session.diagnostics_of(tmp_path / "cookie.py", lambda d: bool(d))
    assert (finding["code"], finding["range"]["start"]) == (
        "INV501", {"line": 3, "character": 11})
    _ends_cleanly(session)


def test_a_huge_document_is_checked_and_the_server_stays_responsive(tmp_path):
    session = WireSession()
    session.initialize(_project(tmp_path))
    filler = "".join(f"value_{n} = {n}\n" for n in range(200_000))  # some 3.5 MB
    session.open(tmp_path / "huge.py", filler + RAW_ERROR)
    hover = session.request("textDocument/hover", {
        "textDocument": {"uri": (tmp_path / "huge.py").as_uri()},
        "position": {"line": 0, "character": 0}})
    assert "result" in session.response_to(hover)
    diagnostics = session.diagnostics_of(tmp_path / "huge.py", lambda d: bool(d))
    assert _codes(diagnostics) == [("INV501", 200_003)]
    _ends_cleanly(session)


def test_input_too_deep_to_parse_is_an_inv000_diagnostic(tmp_path):
    session = WireSession()
    session.initialize(_project(tmp_path))
    session.open(tmp_path / "deep.py", "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n")
    [finding] = session.diagnostics_of(tmp_path / "deep.py", lambda d: bool(d))
    assert finding["code"] == "INV000"
    assert finding["message"].startswith("too deeply nested to parse")
    _still_serving(session, tmp_path)
    _ends_cleanly(session)


def test_a_rule_that_raises_is_an_inv000_and_stdout_stays_protocol_only(tmp_path):
    session = WireSession([sys.executable, str(ROOT / "tests" / "lsp_raising_server.py")])
    session.initialize(_project(tmp_path))
    session.open(tmp_path / "boom.py", "explode_here()\n" + RAW_ERROR.replace(
        "from aiohttp", "\nfrom aiohttp"))
    diagnostics = session.diagnostics_of(tmp_path / "boom.py", lambda d: bool(d))
    assert _codes(diagnostics) == [("INV000", 1), ("INV501", 5)]
    [crash] = [d for d in diagnostics if d["code"] == "INV000"]
    assert crash["message"] == "internal error in INV999: RuntimeError: the rule is broken"
    _still_serving(session, tmp_path)
    _ends_cleanly(session)
    assert b"a rule printing to stdout" in session.stderr


def test_a_client_that_disconnects_abruptly_ends_the_server(tmp_path):
    session = WireSession()
    session.initialize(_project(tmp_path))
    session.open(tmp_path / "api.py", RAW_ERROR)
    session.diagnostics_of(tmp_path / "api.py", lambda d: bool(d))
    session.send_bytes(b'{"jsonrpc": "2.0", "method": "textDocument/didCh')  # cut short
    session.process.stdin.close()  # the editor crashed: no shutdown, no exit
    assert session.wait() == 0
    assert not session.garbage, bytes(session.garbage[:500])
    assert b"Traceback" not in session.stderr, session.stderr.decode(errors="replace")


def test_a_client_that_reads_nothing_ends_the_server(tmp_path):
    session = WireSession(read_output=False)
    _project(tmp_path)
    session.request("initialize", {"processId": None, "capabilities": {},
                                   "rootUri": (tmp_path).as_uri()})
    session.notify("initialized", {})
    session.open(tmp_path / "api.py", RAW_ERROR)  # its diagnostics meet a closed pipe
    session.process.stdin.close()
    assert session.wait() in (0, 1)
    assert b"Traceback" not in session.stderr, session.stderr.decode(errors="replace")
