"""``invariant-lint lsp``: a Language Server Protocol server for Python and JavaScript.

A front end like the CLI and the plugins: it runs the engine over the text of the open
documents and translates findings into diagnostics, code actions and hovers.

* :mod:`.server`: the pygls server, the protocol's entry points, stdout kept for protocol
  messages only;
* :mod:`.checker`: the background thread that runs the engine (debounced, by priority);
* :mod:`.workspace_index`: the project roots of the workspace, for the project-wide rules;
* :mod:`.documents`: buffers as sources, and positions in the client's encoding;
* :mod:`.diagnostics`, :mod:`.code_actions`, :mod:`.hover`: the translations.
"""

from __future__ import annotations


def run() -> int:
    """Serve LSP over stdio until the client exits or disconnects (the ``lsp`` command)."""
    from ..project_roots import serve_editors
    from .server import run as run_server  # pygls loads only for the server

    serve_editors()  # paths as an editor shows them; its working directory is no project
    return run_server()
