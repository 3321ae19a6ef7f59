"""The explain page of a rule: what ``invariant-lint explain CODE`` prints and the language
server shows (its rationale, every key it reads with the TOML default, bad and good
examples)."""

from __future__ import annotations

import textwrap

from .registry import PARSE_ERROR_CODE, all_rules, readers_of, rule_implementations


def explain_text(code: str) -> str | None:
    """The ``explain`` page of a code (or symbol), or None if unknown."""
    wanted = code.strip()
    if wanted.upper() == PARSE_ERROR_CODE or wanted == "parse-error":
        return (
            f"{PARSE_ERROR_CODE} parse-error\n\n"
            "A file could not be read, decoded or parsed (syntax error, undecodable bytes, a NUL\n"
            "byte, nesting too deep to analyse), or the analyser failed on it (a rule's internal\n"
            "error, a worker process that crashed on the file).  The finding gives the position\n"
            "and message; every other file is still checked.\n"
        )
    for rule in all_rules().values():
        if wanted.upper() == rule.code or wanted == rule.symbol:
            parts = [f"{rule.code} {rule.symbol}: {rule.summary}", "", rule.rationale(), ""]
            parts += _settings_section(rule)
            parts += _examples_section(rule)
            return "\n".join(parts).rstrip() + "\n"
    return None


def _settings_section(rule) -> list[str]:
    """Every key the rule reads, its own and the shared ones, with TOML defaults."""
    declared = rule.settings_class.declarations()
    if not declared:
        return []
    parts = ["Options ([tool.invariant-lint] in pyproject.toml):"]
    for setting in declared:
        parts.append(f"  {setting.key} = {setting.default_toml()}")
        if setting.shared:
            others = [code for code in readers_of(setting.key) if code != rule.code]
            parts.append("      (shared" + (f" with {', '.join(others)})" if others else ")"))
        parts.extend(textwrap.wrap(setting.help, 84, initial_indent="      ",
                                   subsequent_indent="      "))
    return parts + [""]


def _examples_section(rule) -> list[str]:
    """Bad and good examples, per language when the rule covers several."""
    implementations = [r for r in rule_implementations() if r.code == rule.code]
    parts = []
    for implementation in implementations:
        label = f" ({implementation.language})" if len(implementations) > 1 else ""
        parts += [f"Bad{label}:", _indent(implementation.bad_example), "",
                  f"Good{label}:", _indent(implementation.good_example), ""]
    return parts


def _indent(block: str) -> str:
    lines = block.strip("\n").splitlines()
    return "\n".join(("    " + line) if line.strip() else "" for line in lines)
