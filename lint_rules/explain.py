"""The explain page of every code: what ``invariant-lint explain CODE`` prints, and what the
SARIF report gives as each rule's help (as text and as Markdown).

A rule's page is its summary, its rationale (the rule module's docstring), every option it
reads and its bad and good examples.  The codes the engine itself reports (INV000 and the
suppression audit's INV001 and INV002) have their pages here.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from .registry import (
    PARSE_ERROR_CODE, PARSE_ERROR_SYMBOL, all_rules, opt_in_note, readers_of,
    rule_implementations,
)
from .suppressions import SUPPRESSION_CODE_INFO, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION

_SETTINGS_WIDTH = 84


@dataclass
class ExplainPage:
    """One code's page: a title line, paragraphs of rationale, option lines and examples
    (label, language, code)."""

    code: str
    symbol: str
    summary: str
    rationale: str
    options: list[str] = field(default_factory=list)
    examples: list[tuple[str, str, str]] = field(default_factory=list)

    def text(self) -> str:
        """The page as ``invariant-lint explain`` prints it."""
        title = f"{self.code} {self.symbol}" + (f": {self.summary}" if self.summary else "")
        parts = [title, "", self.rationale, ""]
        if self.options:
            parts += ["Options ([tool.invariant-lint] in pyproject.toml):", *self.options, ""]
        for label, _language, example in self.examples:
            parts += [f"{label}:", _indent(example), ""]
        return "\n".join(parts).rstrip() + "\n"

    def markdown(self) -> str:
        """The page as Markdown (SARIF ``help.markdown``)."""
        parts = [f"**{self.code} `{self.symbol}`**" + (f": {self.summary}" if self.summary else ""),
                 "", self.rationale, ""]
        if self.options:
            parts += ["Options (`[tool.invariant-lint]` in `pyproject.toml`):", "", "```text",
                      *self.options, "```", ""]
        for label, language, example in self.examples:
            fence = "javascript" if language == "js" else "python"
            parts += [f"{label}:", "", f"```{fence}", example.strip("\n"), "```", ""]
        return "\n".join(parts).rstrip() + "\n"


_PARSE_ERROR_RATIONALE = (
    "A file could not be read, decoded or parsed (syntax error, undecodable bytes, a NUL\n"
    "byte, nesting too deep to analyse), or the analyser failed on it (a rule's internal\n"
    "error, a worker process that crashed on the file).  The finding gives the position\n"
    "and message; every other file is still checked."
)

_UNUSED_RATIONALE = """\
A suppression comment that suppresses nothing hides the next real finding on its line, and
one that names a code that does not exist (`# noqa: INV502`, a typo) silently does nothing.

Reported: a `# noqa: CODES` or `// invariant-lint-disable-line` / `-next-line` directive
naming an INV code with no finding of that code on the line it applies to, or naming an INV
code that does not exist.  Only INV codes are judged (`E501` in the same comment is left to
flake8), only codes the run checks (with `--select INV5` a `# noqa: INV101` is not judged),
and never a bare directive.  `# pylint: disable=` pragmas are judged by pylint itself
(`useless-suppression`), with the block scope pylint gives them.  Fix: remove the code from
the comment (or the comment).  A directive that names INV001 keeps its other codes
unjudged."""

_REASON_RATIONALE = """\
A suppression without a reason cannot be reviewed: nobody knows whether the finding was
wrong, or right and accepted, or why.  With `require-suppression-reason = true` a directive
that suppresses an INV finding, by naming its code or by being bare, must say why after `--`:
`# noqa: INV501 -- the helper is not importable here` or
`// invariant-lint-disable-next-line INV701 -- the endpoint is idempotent`.  A pylint pragma
cannot carry `--` (pylint reads every word as a message name): its reason is a comment after
it, `# pylint: disable=raw-error-response  # the helper is not importable here`."""

_ENGINE_PAGES = {
    UNUSED_SUPPRESSION: (_UNUSED_RATIONALE, [
        ("Bad", "python",
         'async def health(request):\n'
         '    return web.json_response({"ok": True})  # noqa: INV501\n'),
        ("Good", "python",
         'async def health(request):\n'
         '    return web.json_response({"ok": True})\n'),
    ]),
    SUPPRESSION_WITHOUT_REASON: (_REASON_RATIONALE, [
        ("Bad", "python",
         'async def legacy(request):\n'
         '    return web.json_response({"error": "gone"}, status=410)  # noqa: INV501\n'),
        ("Good", "python",
         'async def legacy(request):\n'
         '    return web.json_response(  # noqa: INV501 -- old clients parse this shape\n'
         '        {"error": "gone"}, status=410)\n'),
    ]),
}


def explain_page(code: str) -> ExplainPage | None:
    """The page of a code (or symbol), or None if it is unknown."""
    wanted = code.strip()
    if wanted.upper() == PARSE_ERROR_CODE or wanted == PARSE_ERROR_SYMBOL:
        return ExplainPage(PARSE_ERROR_CODE, PARSE_ERROR_SYMBOL, "", _PARSE_ERROR_RATIONALE)
    for engine_code, symbol, summary in SUPPRESSION_CODE_INFO:
        if wanted.upper() == engine_code or wanted == symbol:
            rationale, examples = _ENGINE_PAGES[engine_code]
            return ExplainPage(engine_code, symbol, summary, rationale,
                               _engine_options(engine_code), examples)
    for rule in all_rules().values():
        if wanted.upper() == rule.code or wanted == rule.symbol:
            rationale = rule.rationale()
            if rule.opt_in:
                rationale += "\n\n" + "\n".join(
                    textwrap.wrap(f"This rule is {opt_in_note(rule.code)}.", 88))
            return ExplainPage(rule.code, rule.symbol, rule.summary, rationale,
                               _settings_lines(rule), _examples(rule))
    return None


def explain_text(code: str) -> str | None:
    """The ``explain`` page of a code (or symbol) as text, or None if unknown."""
    page = explain_page(code)
    return page.text() if page is not None else None


def _engine_options(code: str) -> list[str]:
    if code != SUPPRESSION_WITHOUT_REASON:
        return []
    from .shared_settings import REQUIRE_SUPPRESSION_REASON as setting

    return [f"  {setting.key} = {setting.default_toml()}",
            *textwrap.wrap(setting.help, _SETTINGS_WIDTH, initial_indent="      ",
                           subsequent_indent="      ")]


def _settings_lines(rule) -> list[str]:
    """Every key the rule reads, its own and the shared ones, with TOML defaults."""
    lines = []
    for setting in rule.settings_class.declarations():
        lines.append(f"  {setting.key} = {setting.default_toml()}")
        if setting.shared:
            others = [code for code in readers_of(setting.key) if code != rule.code]
            lines.append("      (shared" + (f" with {', '.join(others)})" if others else ")"))
        lines.extend(textwrap.wrap(setting.help, _SETTINGS_WIDTH, initial_indent="      ",
                                   subsequent_indent="      "))
    return lines


def _examples(rule) -> list[tuple[str, str, str]]:
    """Bad and good examples, per language when the rule covers several."""
    implementations = [r for r in rule_implementations() if r.code == rule.code]
    found = []
    for implementation in implementations:
        label = f" ({implementation.language})" if len(implementations) > 1 else ""
        found += [(f"Bad{label}", implementation.language, implementation.bad_example),
                  (f"Good{label}", implementation.language, implementation.good_example)]
    return found


def _indent(block: str) -> str:
    lines = block.strip("\n").splitlines()
    return "\n".join(("    " + line) if line.strip() else "" for line in lines)
