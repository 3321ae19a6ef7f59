"""The language server, driven over stdio by a real LSP client (pytest-lsp's, on pygls).

Each test starts ``invariant-lint lsp`` as an editor does, opens documents with violations
and asserts what a user sees: the diagnostics (code, source, severity, full range,
message, related places, data), how they follow edits, saves, closes, configuration
changes and files changed on disk, the suppress and documentation code actions, hover and
the explain command.  The documents are checked from the text the client sends: the files
on disk often say something else on purpose.
"""

from __future__ import annotations

import textwrap

from lsprotocol import types

from helpers import CLEAN, RAW_ERROR, write_tree
from lint_rules.cli import explain_text
from lint_rules.registry import all_rules
from lsp_client import (
    codes_and_lines, diagnostics_when, has_codes, open_document, replace_text, run_session,
    uri_of,
)

RAW_ERROR_RANGE = ((2, 11), (2, 56))  # 0-based (line, character) of the json_response call
RETRYING_JS = textwrap.dedent("""\
    export async function submit(url, body) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        try {
          return await fetch(url, { method: "POST", body });
        } catch (error) {
          console.warn(error);
        }
      }
    }
""")
RETRY_LINE = 4  # 1-based line of the retried POST
HELPER = textwrap.dedent("""\
    def parse_positive_int(value, default):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return default
        return number if number > 0 else default
""")
CLONE_FINDING_LINE = 1
OTHER_RAW_ERROR = (  # an INV501 at line 4, in code that is no copy of RAW_ERROR's
    "from aiohttp import web\n"
    "async def other(request):\n"
    "    data = await request.json()\n"
    "    return web.Response(status=500, text=str(data))\n"
)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with LSP edits applied (single-line positions, UTF-16 = ASCII here)."""
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        before = "".join(lines[:start.line]) + lines[start.line][:start.character]
        after = lines[end.line][end.character:] + "".join(lines[end.line + 1:])
        lines = (before + edit.new_text + after).splitlines(keepends=True)
    return "".join(lines)


def _code_actions(client, uri: str, diagnostic: types.Diagnostic):
    return client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))


def _git_project(tmp_path, files: dict[str, str]):
    write_tree(tmp_path, files)
    (tmp_path / ".git").mkdir()
    return tmp_path


# -- diagnostics -------------------------------------------------------------------------

def test_python_and_js_documents_get_diagnostics_from_their_buffers(tmp_path):
    # On disk both files are clean: only the buffers hold the violations.
    _git_project(tmp_path, {"api.py": CLEAN, "web/apiClient.js": "export const x = 1;\n"})

    async def scenario(client):
        python_uri = open_document(client, tmp_path / "api.py", RAW_ERROR)
        js_uri = open_document(client, tmp_path / "web/apiClient.js", RETRYING_JS)
        python = await diagnostics_when(client, python_uri, has_codes(("INV501", 3)))
        js = await diagnostics_when(client, js_uri, has_codes(("INV701", RETRY_LINE)))
        return python[0], js[0]

    python, js = run_session([tmp_path], scenario)
    assert (python.code, python.source) == ("INV501", "invariant-lint")
    assert python.severity == types.DiagnosticSeverity.Error
    start, end = RAW_ERROR_RANGE
    assert ((python.range.start.line, python.range.start.character),
            (python.range.end.line, python.range.end.character)) == (start, end)
    assert python.message.startswith("error response built directly with json_response")
    assert python.data == {"code": "INV501", "symbol": "raw-error-response",
                           "explainCommand": "invariant-lint.explain"}
    assert (js.code, js.source) == ("INV701", "invariant-lint")
    assert (js.range.start.line, js.range.start.character) == (RETRY_LINE - 1, 19)
    assert js.range.end.line == RETRY_LINE - 1 and js.range.end.character > 19


def test_columns_are_utf16_after_non_ascii_text(tmp_path):
    # Python's columns are UTF-8 bytes: "é" is 2 of them but 1 UTF-16 unit, "😀" 4 and 2.
    text = RAW_ERROR.replace('{"error": "x"}', '{"error": "é😀"}').replace(
        "    return", '    s = "é😀"; return')
    _git_project(tmp_path, {})

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py", text)
        return (await diagnostics_when(client, uri, has_codes(("INV501", 3))))[0]

    diagnostic = run_session([tmp_path], scenario)
    line = text.splitlines()[2]
    start = line.index("web.json_response")
    assert diagnostic.range.start.character == start + 1  # "😀" is two UTF-16 units
    assert diagnostic.range.end.character == len(line) + 2


def test_an_edit_that_fixes_the_violation_clears_it_and_close_clears_all(tmp_path):
    _git_project(tmp_path, {"api.py": RAW_ERROR})
    fixed = RAW_ERROR.replace('{"error": "x"}, status=400', '{"status": "ok"}')

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py")
        await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        replace_text(client, uri, fixed, 2)
        await diagnostics_when(client, uri, has_codes(), "no diagnostics after the fix")
        # An incremental change brings it back: the status on line 3 becomes 400 again.
        line = fixed.splitlines()[2]
        column = line.index('{"status": "ok"}')
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(2, column),
                                  types.Position(2, column + len('{"status": "ok"}'))),
                text='{"error": "x"}, status=400')]))
        await diagnostics_when(client, uri, has_codes(("INV501", 3)), "the edit's finding")
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        await diagnostics_when(client, uri, has_codes(), "cleared diagnostics")

    run_session([tmp_path], scenario)


def test_save_checks_the_buffer_and_documents_of_other_languages_are_ignored(tmp_path):
    _git_project(tmp_path, {"api.py": CLEAN, "notes.txt": "json_response status=400\n"})

    async def scenario(client):
        text_uri = open_document(client, tmp_path / "notes.txt", language="plaintext")
        uri = open_document(client, tmp_path / "api.py")
        await diagnostics_when(client, uri, has_codes())
        replace_text(client, uri, RAW_ERROR, 2)
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        return text_uri in client.diagnostics

    assert run_session([tmp_path], scenario) is False


# -- project-wide rules ------------------------------------------------------------------

def test_a_clone_of_a_file_on_disk_is_reported_with_its_twin_as_related(tmp_path):
    _git_project(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": CLEAN, "pkg/b.py": HELPER})

    async def scenario(client):
        uri = open_document(client, tmp_path / "pkg/a.py", HELPER)
        return await diagnostics_when(client, uri, has_codes(("INV301", CLONE_FINDING_LINE)))

    [clone] = run_session([tmp_path], scenario)
    assert "'parse_positive_int' duplicates 'parse_positive_int' at pkg/b.py:1" in clone.message
    [related] = clone.related_information
    assert related.location.uri == uri_of(tmp_path / "pkg/b.py")
    assert related.location.range.start.line == 0


def test_deleting_a_clone_in_one_buffer_republishes_its_open_twin(tmp_path):
    _git_project(tmp_path, {"a.py": HELPER, "b.py": HELPER})

    async def scenario(client):
        first = open_document(client, tmp_path / "a.py")
        second = open_document(client, tmp_path / "b.py")
        await diagnostics_when(client, first, has_codes(("INV301", 1)))
        await diagnostics_when(client, second, has_codes(("INV301", 1)))
        replace_text(client, second, CLEAN, 2)  # the twin is gone from b's buffer
        await diagnostics_when(client, first, has_codes(), "a's clone finding gone")
        await diagnostics_when(client, second, has_codes())
        replace_text(client, second, HELPER, 3)
        await diagnostics_when(client, first, has_codes(("INV301", 1)), "a's finding back")

    run_session([tmp_path], scenario)


def test_files_changed_on_disk_update_the_index(tmp_path):
    _git_project(tmp_path, {"a.py": HELPER, "b.py": HELPER})

    async def scenario(client):
        first = open_document(client, tmp_path / "a.py")
        await diagnostics_when(client, first, has_codes(("INV301", 1)))
        assert [r.method for r in client.registrations] == [
            "workspace/didChangeWatchedFiles"]
        (tmp_path / "b.py").unlink()
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri_of(tmp_path / "b.py"), type=types.FileChangeType.Deleted)]))
        await diagnostics_when(client, first, has_codes(), "no clone once b.py is deleted")
        (tmp_path / "c.py").write_text(HELPER, encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri_of(tmp_path / "c.py"), type=types.FileChangeType.Created)]))
        found = await diagnostics_when(client, first, has_codes(("INV301", 1)))
        assert "at c.py:1" in found[0].message

    run_session([tmp_path], scenario)


def test_intervals_are_matched_across_the_workspaces_js_files(tmp_path):
    # INV712 pairs properties by name across files: cleared in another file, not flagged.
    _git_project(tmp_path, {
        "web/timer.js": "export function start(ui) {\n"
                        "  ui.refreshTimer = setInterval(() => ui.poll(), ui.period);\n}\n",
        "web/teardown.js": "export function stop(ui) {\n  clearInterval(ui.refreshTimer);\n}\n",
    })

    async def scenario(client):
        uri = open_document(client, tmp_path / "web/timer.js")
        # The edit renames the property, so no file clears it any more.
        await diagnostics_when(client, uri, has_codes())
        text = (tmp_path / "web/timer.js").read_text().replace("refreshTimer", "pollTimer")
        replace_text(client, uri, text, 2)
        return await diagnostics_when(client, uri, has_codes(("INV712", 2)))

    run_session([tmp_path], scenario)


# -- code actions, hover, documentation --------------------------------------------------

def test_suppress_action_adds_noqa_and_the_finding_goes(tmp_path):
    _git_project(tmp_path, {"api.py": RAW_ERROR})

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py")
        [diagnostic] = await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        actions = await _code_actions(client, uri, diagnostic)
        assert [a.title for a in actions] == ["Suppress INV501 on this line",
                                              "Show documentation for INV501"]
        suppress = actions[0]
        assert suppress.kind == types.CodeActionKind.QuickFix
        [edit] = suppress.edit.changes[uri]
        fixed = _apply(RAW_ERROR, [edit])
        assert fixed.splitlines()[2].endswith("status=400)  # noqa: INV501 -- TODO: say why")
        replace_text(client, uri, fixed, 2)
        await diagnostics_when(client, uri, has_codes(), "the suppressed finding gone")

    run_session([tmp_path], scenario)


def test_suppress_action_merges_into_the_lines_noqa_list(tmp_path):
    text = RAW_ERROR.replace("status=400)", "status=400)  # noqa: E501 -- long line")
    _git_project(tmp_path, {"api.py": text})

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py")
        [diagnostic] = await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        [suppress, _docs] = await _code_actions(client, uri, diagnostic)
        fixed = _apply(text, suppress.edit.changes[uri])
        assert fixed.splitlines()[2].endswith("  # noqa: E501, INV501 -- long line")
        replace_text(client, uri, fixed, 2)
        await diagnostics_when(client, uri, has_codes())

    run_session([tmp_path], scenario)


def test_js_suppress_action_adds_a_next_line_directive_indented_like_the_line(tmp_path):
    _git_project(tmp_path, {"apiClient.js": RETRYING_JS})

    async def scenario(client):
        uri = open_document(client, tmp_path / "apiClient.js")
        [diagnostic] = await diagnostics_when(client, uri, has_codes(("INV701", RETRY_LINE)))
        [suppress, _docs] = await _code_actions(client, uri, diagnostic)
        fixed = _apply(RETRYING_JS, suppress.edit.changes[uri])
        lines = fixed.splitlines()
        assert lines[RETRY_LINE - 1] == (
            "      // invariant-lint-disable-next-line INV701 -- TODO: say why")
        assert lines[RETRY_LINE] == RETRYING_JS.splitlines()[RETRY_LINE - 1]
        replace_text(client, uri, fixed, 2)
        await diagnostics_when(client, uri, has_codes())

    run_session([tmp_path], scenario)


def test_js_suppress_action_adds_the_code_to_a_directive_above(tmp_path):
    # The directive above names another code: the new one joins it, before the reason.
    text = RETRYING_JS.replace(
        "      return await fetch",
        "      // invariant-lint-disable-next-line INV702 -- no queue here\n"
        "      return await fetch")
    _git_project(tmp_path, {"apiClient.js": text})

    async def scenario(client):
        uri = open_document(client, tmp_path / "apiClient.js")
        # The INV702 it names suppresses nothing: INV001 says so, before and after.
        found = await diagnostics_when(client, uri, has_codes(
            ("INV001", RETRY_LINE), ("INV701", RETRY_LINE + 1)))
        [diagnostic] = [d for d in found if d.code == "INV701"]
        [suppress, _docs] = await _code_actions(client, uri, diagnostic)
        fixed = _apply(text, suppress.edit.changes[uri])
        assert fixed.splitlines()[RETRY_LINE - 1] == (
            "      // invariant-lint-disable-next-line INV702 INV701 -- no queue here")
        replace_text(client, uri, fixed, 2)
        await diagnostics_when(client, uri, has_codes(("INV001", RETRY_LINE)))

    run_session([tmp_path], scenario)


def test_documentation_action_runs_the_explain_command(tmp_path):
    _git_project(tmp_path, {"api.py": RAW_ERROR})

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py")
        [diagnostic] = await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        [_suppress, docs] = await _code_actions(client, uri, diagnostic)
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command=docs.command.command, arguments=docs.command.arguments))
        return result, client.messages[-1]

    result, shown = run_session([tmp_path], scenario)
    assert result == explain_text("INV501")
    assert shown.type == types.MessageType.Info and shown.message == result


def test_hover_over_a_diagnostic_shows_the_rule_summary(tmp_path):
    _git_project(tmp_path, {"api.py": RAW_ERROR})

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py")
        await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        inside = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(2, 20)))
        outside = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(0, 2)))
        return inside, outside

    inside, outside = run_session([tmp_path], scenario)
    assert outside is None
    assert inside.contents.kind == types.MarkupKind.Markdown
    summary = all_rules()["INV501"].summary
    assert inside.contents.value.startswith(
        f"**INV501** `raw-error-response`: {summary}\n\nerror response built directly")
    assert "`invariant-lint explain INV501`" in inside.contents.value


# -- configuration -----------------------------------------------------------------------

def test_a_changed_config_file_changes_the_diagnostics(tmp_path):
    _git_project(tmp_path, {"api.py": RAW_ERROR})
    config = tmp_path / "pyproject.toml"

    async def scenario(client):
        uri = open_document(client, tmp_path / "api.py")
        await diagnostics_when(client, uri, has_codes(("INV501", 3)))
        config.write_text('[tool.invariant-lint]\nignore = ["INV501"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Created)]))
        await diagnostics_when(client, uri, has_codes(), "INV501 ignored by the new config")
        config.write_text('[tool.invariant-lint]\nselect = ["INV5"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri_of(config), type=types.FileChangeType.Changed)]))
        await diagnostics_when(client, uri, has_codes(("INV501", 3)), "INV501 selected again")

    run_session([tmp_path], scenario)


def test_a_bad_config_is_shown_once_and_the_defaults_are_used(tmp_path):
    _git_project(tmp_path, {
        "pyproject.toml": '[tool.invariant-lint]\nignroe = ["INV501"]\n',
        "api.py": RAW_ERROR, "routes.py": OTHER_RAW_ERROR,
    })

    async def scenario(client):
        first = open_document(client, tmp_path / "api.py")
        second = open_document(client, tmp_path / "routes.py")
        await diagnostics_when(client, first, has_codes(("INV501", 3)))
        await diagnostics_when(client, second, has_codes(("INV501", 4)))
        return [m for m in client.messages if m.type == types.MessageType.Error]

    [shown] = run_session([tmp_path], scenario)
    assert "unknown key 'ignroe' in [tool.invariant-lint] (did you mean 'ignore'?)" \
        in shown.message
    assert "using the defaults" in shown.message


def test_each_workspace_folder_has_its_own_configuration(tmp_path):
    strict, lenient = tmp_path / "strict", tmp_path / "lenient"
    write_tree(strict, {"pyproject.toml": "[tool.invariant-lint]\n", "api.py": RAW_ERROR})
    write_tree(lenient, {"pyproject.toml": '[tool.invariant-lint]\nignore = ["INV501"]\n',
                         "api.py": RAW_ERROR})

    async def scenario(client):
        strict_uri = open_document(client, strict / "api.py")
        lenient_uri = open_document(client, lenient / "api.py")
        await diagnostics_when(client, strict_uri, has_codes(("INV501", 3)))
        await diagnostics_when(client, lenient_uri, has_codes())

    run_session([strict, lenient], scenario)


def test_a_document_outside_every_workspace_folder_is_checked_alone(tmp_path):
    workspace, elsewhere = tmp_path / "workspace", tmp_path / "elsewhere"
    _git_project(workspace, {"a.py": CLEAN})
    _git_project(elsewhere, {"b.py": HELPER})

    async def scenario(client):
        uri = open_document(client, elsewhere / "stray.py", RAW_ERROR + "\n\n" + HELPER)
        # Its INV501 is reported; its root is not walked, so b.py's copy is not compared.
        return codes_and_lines(await diagnostics_when(client, uri, lambda d: bool(d)))

    assert run_session([workspace], scenario) == [("INV501", 3)]


def test_excluded_documents_get_no_diagnostics(tmp_path):
    _git_project(tmp_path, {"pyproject.toml": '[tool.invariant-lint]\nexclude = ["vendor"]\n',
                            "vendor/lib.py": RAW_ERROR, "api.py": RAW_ERROR})

    async def scenario(client):
        vendored = open_document(client, tmp_path / "vendor/lib.py")
        own = open_document(client, tmp_path / "api.py")
        await diagnostics_when(client, own, has_codes(("INV501", 3)))
        return await diagnostics_when(client, vendored, lambda d: True)

    assert run_session([tmp_path], scenario) == []
