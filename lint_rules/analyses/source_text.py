"""How a piece of source reads inside a one-line message.

Findings quote the code they are about (``len(self.recent_logs)``, ``probe()``); a long
expression is cut so that the message stays readable on one line.
"""

from __future__ import annotations

from astroid import nodes

from .qualified_names import final_name
from ..constants import MAX_SHOWN_SOURCE_CHARACTERS as _MAX_SHOWN


def short_source(node) -> str:
    """A node's source text, cut to 40 characters (``...`` marks the cut)."""
    text = node.as_string()
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def callee_label(call: nodes.Call) -> str:
    """``probe_worker()``: the callee as written, or its final name when that is long."""
    text = call.func.as_string()
    if len(text) > _MAX_SHOWN:
        text = final_name(call.func) or "the callee"
    return f"{text}()"


def listed(items: list[str], limit: int) -> str:
    """``a, b, c`` for a message; past ``limit`` items, ``a, b, c and 4 more``."""
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown
