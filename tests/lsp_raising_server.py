"""The real language server, started with one more rule: INV999, whose check prints to
stdout and then raises, as a buggy rule would.

The rule is registered through the registry's public ``register`` before the server
starts, as any rule module registers itself; nothing in the shipped code knows about it
or looks for it, so the server runs exactly the code users run.  Only the files whose
text holds ``explode_here`` are given to it.
"""

from __future__ import annotations

import sys

from lint_rules.lsp import run
from lint_rules.registry import Rule, register


@register
class RaisingRule(Rule):
    """Always raises (a stand-in for a rule with a bug)."""

    code, symbol, language = "INV999", "always-raises", "python"
    summary = "a test rule whose check raises"
    required_text = ("explode_here",)
    bad_example = "explode_here()\n"
    good_example = "pass\n"

    def check(self, ctx) -> None:
        print("a rule printing to stdout")  # must not reach the protocol stream
        raise RuntimeError("the rule is broken")


if __name__ == "__main__":
    sys.exit(run())
