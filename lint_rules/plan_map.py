"""The map from the refactor plan's tasks to the checks that keep each one done.

One data table (:data:`PLAN_TASKS`), two renderings: :func:`plan_listing` is what
``invariant-lint rules --plan`` prints, :func:`plan_markdown` the README's section (a test
requires the README to hold it verbatim).  Every task of the plan
(``refactor-plan-2.md``, Tasks 1.1 to 6.4, and its notes) is listed with what keeps it:

- a rule of this suite (``kind = "rule"``);
- a *companion*: a check of a tool the project runs anyway (flake8's pyflakes, pylint),
  with the configuration that enables it (a test runs each on a small example and
  requires it to fire);
- nothing, when the invariant is not statically checkable, and why.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

RULE, COMPANION, UNCHECKED = "rule", "companion", "not statically checkable"
_LISTING_WIDTH = 96


@dataclass(frozen=True)
class Check:
    """What keeps one part of a task done.

    ``code`` and ``symbol``: the rule's or the companion's (``F401``, ``W0404``
    ``reimported``); ``tool``: ``invariant-lint``, ``flake8`` or ``pylint``;
    ``keeps``: the part of the task it keeps; ``enable``: the configuration that turns a
    companion (or an opt-in rule) on; for an unchecked part, ``keeps`` says what and
    ``enable`` why.
    """

    kind: str
    keeps: str
    code: str = ""
    symbol: str = ""
    tool: str = "invariant-lint"
    enable: str = ""

    @property
    def label(self) -> str:
        """``INV101 await-under-lock``, ``pylint W0404 reimported``, or the kind."""
        if self.kind == UNCHECKED:
            return UNCHECKED
        prefix = "" if self.tool == "invariant-lint" else f"{self.tool} "
        return f"{prefix}{self.code} {self.symbol}".strip()


@dataclass(frozen=True)
class PlanTask:
    """One task of the plan (or one of its notes) and its checks."""

    task: str
    title: str
    checks: tuple[Check, ...]


def _rule(code: str, symbol: str, keeps: str, enable: str = "") -> Check:
    return Check(RULE, keeps, code, symbol, enable=enable)


def _companion(tool: str, code: str, symbol: str, keeps: str, enable: str) -> Check:
    return Check(COMPANION, keeps, code, symbol, tool, enable)


def _unchecked(keeps: str, why: str) -> Check:
    return Check(UNCHECKED, keeps, enable=why)


_MODULE_LINES = "`max-module-lines = 350` under `[tool.pylint.format]` (pylint's default, " \
    "1000, lets both god modules of the plan through)"
_PYLINT_ERRORS = "on by default (pylint's errors); run pylint with ComfyUI on its path " \
    "(`init-hook`) so that `import server` resolves"

PLAN_TASKS: tuple[PlanTask, ...] = (
    PlanTask("1.1", "Fix lock contention in USDU requeue path", (
        _rule("INV101", "await-under-lock",
              "no await that can suspend on I/O (`probe_worker`) while "
              "`distributed_tile_jobs_lock` is held, however many calls away"),
        _unchecked("the requeue decisions are the same as before the split into "
                   "snapshot, probe and apply",
                   "behaviour over concurrent heartbeats is a property of runs, not of "
                   "the text: a test of the timeout path keeps it"),
    )),
    PlanTask("1.2", "Fix non-idempotent client retries", (
        _rule("INV701", "retrying-mutation",
              "no POST/PUT/PATCH/DELETE through the retrying request helper without "
              "`{ retry: false }`, and no inline retry loop around one"),
        _rule("INV702", "missing-idempotency-key",
              "`queueDistributed` sends `X-Idempotency-Key`"),
    )),
    PlanTask("1.3", "Make config writes atomic and race-safe", (
        _rule("INV201", "non-atomic-json-write",
              "`save_config` writes a temporary in the same folder and `os.replace()`s it"),
        _rule("INV202", "unlocked-config-rmw",
              "route handlers load-modify-save only inside `config_transaction()`; no "
              "`save_config(` left in `api/config_routes.py`"),
    )),
    PlanTask("2.1", "Split utils/usdu_managment.py god module", (
        _rule("INV601", "import-via-shim",
              "import sites import from `upscale/job_store.py`, `job_timeout.py`, "
              "`payload_parsers.py` and `api/usdu_routes.py`, not through the shim; "
              "`_send_heartbeat_to_master` stays importable from it"),
        _companion("pylint", "C0302", "too-many-lines",
                   "no module grows back into a 630-line god module", _MODULE_LINES),
        _companion("pylint", "E0611", "no-name-in-module",
                   "every import site still resolves after the move (step 7); "
                   "E0401 `import-error` for a module that is gone", _PYLINT_ERRORS),
        _rule("INV000", "parse-error",
              "every file compiles (the plan's `py_compile` step): the CLI compiles each "
              "Python file it checks"),
        _unchecked("`api/usdu_routes.py` is imported at startup, so its routes are "
                   "registered (step 6)",
                   "a route exists only once the module runs; a test of the app's route "
                   "table keeps it"),
    )),
    PlanTask("2.2", "Decompose CloudflareTunnelManager", (
        _companion("pylint", "C0302", "too-many-lines",
                   "the tunnel package's modules stay small (`utils/cloudflare.py` held "
                   "a 387-line class)", _MODULE_LINES),
        _companion("pylint", "E0611", "no-name-in-module",
                   "`from utils.cloudflare import CloudflareTunnelManager` resolves through "
                   "the package's `__init__.py`", _PYLINT_ERRORS),
        _rule("INV601", "import-via-shim",
              "the package `__init__.py` re-export is the public API, not a shim: "
              "importing through it is not reported"),
        _rule("INV402", "constant-outside-constants-module",
              "`TUNNEL_START_TIMEOUT` lives in `utils/constants.py` (with Task 5.2)"),
    )),
    PlanTask("3.1", "Fix UI modal lifecycle leak", (
        _rule("INV711", "unremoved-listener",
              "the log modal's `keydown` listener is removed on every way it closes"),
        _rule("INV712", "uncleared-interval",
              "the auto-refresh interval is cleared on `unmount`"),
        _rule("INV713", "inline-style",
              "no inline `style=\"...\"` left in the modal's markup (step 3)",
              'opt-in: `select = ["INV", "INV713"]` and `inline-style-paths = '
              '["web/ui/logModal.js"]`'),
    )),
    PlanTask("4.1", "Extract shared trace logging helpers", (
        _rule("INV301", "duplicate-helper",
              "`_trace_prefix`/`_trace_debug`/`_trace_info` exist once (`utils/trace_logger.py`)"),
    )),
    PlanTask("4.2", "Consolidate positive int/float parsing", (
        _rule("INV301", "duplicate-helper",
              "one `parse_positive_int`/`parse_positive_float`: renamed and near copies "
              "(`_coerce_positive_int`) are reported"),
    )),
    PlanTask("4.3", "Deduplicate conditioning slicing", (
        _rule("INV301", "duplicate-helper",
              "the slicing helper exists once (`upscale/tile_ops.py`)"),
        _rule("INV302", "duplicate-block",
              "the `idx:idx+1` slicing is not pasted inline into `dynamic.py`"),
    )),
    PlanTask("4.4", "Unify worker probe/status logic in JavaScript", (
        _rule("INV703", "raw-fetch",
              "`workerLifecycle.js` probes through `extension.api.probeWorker()`; the "
              "plan's two exceptions carry a suppression with their reason"),
        _rule("INV713", "inline-style",
              "no `style.` left in `web/workerLifecycle.js` (the verify step): status dots "
              "change classes",
              'opt-in: `select = ["INV", "INV713"]` and `inline-style-paths = '
              '["web/workerLifecycle.js"]`'),
        _rule("INV301", "duplicate-helper",
              "one `applyProbeResultToWorkerDot`, used by both `workerLifecycle.js` and "
              "`executionUtils.js`: a copy of the probe-to-dot mapping in either is reported"),
        _rule("INV302", "duplicate-block",
              "the mapping is not pasted inline into a status handler"),
    )),
    PlanTask("4.5", "Extract timeout handler duplication in result_collector", (
        _rule("INV302", "duplicate-block",
              "one status-logging block in the `asyncio.TimeoutError` handler, not one per "
              "mode"),
    )),
    PlanTask("4.6", "Eliminate config update endpoint boilerplate", (
        _rule("INV303", "field-copy-boilerplate",
              "no run of `if \"field\" in data: target[field] = ...` copies; one field table "
              "and `_apply_field_patch`"),
        _unchecked("behaviour is identical (a PATCH with `host` `None` removes the key, a "
                   "URL is normalised)",
                   "equivalence of two implementations is not decidable from the text; the "
                   "plan's two PATCH requests, as a test, keep it"),
    )),
    PlanTask("5.1", "Centralize distributed state initialization", (
        _rule("INV203", "state-outside-initializer",
              "`distributed_pending_jobs`, `distributed_jobs_lock` and the other shared "
              "state are created only in `ensure_distributed_state()`"),
    )),
    PlanTask("5.2", "Move all magic numbers to utils/constants.py", (
        _rule("INV401", "magic-number",
              "no literal timeout, interval, attempt count or buffer size (`time.sleep(1.0)`, "
              "`max_attempts=20`, `min(10.0, timeout)`, `> 200`) outside `utils/constants.py`"),
        _rule("INV402", "constant-outside-constants-module",
              "`TUNNEL_START_TIMEOUT` and the other tuning constants are defined in "
              "`utils/constants.py`"),
    )),
    PlanTask("6.1", "Remove dead code and import drift", (
        _companion("flake8", "F401", "",
                   "no unused import in `api/worker_routes.py` or `nodes/collector.py`",
                   "on by default in flake8 (pyflakes); `flake8 --select=F401`"),
        _unchecked("`get_comms_channel()` is removed when nothing calls it",
                   "a function no module calls may still be called by name (`getattr`, "
                   "ComfyUI's node loading); whole-program dead-code finders only guess"),
    )),
    PlanTask("6.2", "Standardize error response format across API routes", (
        _rule("INV501", "raw-error-response",
              "error responses go through `handle_api_error()`, not `web.json_response`"),
    )),
    PlanTask("6.3", "Fix redundant server import alias", (
        _companion("pylint", "W0404", "reimported",
                   "`import server` and `import server as _server` are not both in one module",
                   "on by default in pylint; `pylint --disable=all --enable=reimported`"),
    )),
    PlanTask("6.4", "Document mixin inheritance chain", (
        _rule("INV801", "undocumented-mixin",
              "`ResultCollectorMixin`, `StaticModeMixin` and `DynamicModeMixin` document what "
              "they require of the classes they are mixed into"),
    )),
    PlanTask("notes", "Notes for the implementing agent", (
        _unchecked("HTTP endpoint paths and request/response JSON schemas are unchanged",
                   "an intended change and an accidental one look the same without a "
                   "recorded contract; a snapshot test of the route table and the "
                   "schemas keeps it"),
        _unchecked("`upscale/job_models.py` is not changed, and Phase 1 lands before Phase 2",
                   "properties of a change, not of the code: review (CODEOWNERS) keeps "
                   "them"),
    )),
)


def rule_codes() -> set[str]:
    """The codes of this suite that the map names."""
    return {check.code for task in PLAN_TASKS for check in task.checks if check.kind == RULE}


def companions() -> list[Check]:
    """The companion checks the map names, each once (by tool and code)."""
    found: dict[tuple[str, str], Check] = {}
    for task in PLAN_TASKS:
        for check in task.checks:
            if check.kind == COMPANION:
                found.setdefault((check.tool, check.code), check)
    return list(found.values())


def _task_heading(task: PlanTask) -> str:
    return task.title if task.task == "notes" else f"Task {task.task}: {task.title}"


def _detail(check: Check) -> str:
    """What a check keeps, with how to enable it or why nothing can check it."""
    if check.kind == UNCHECKED:
        return f"{check.keeps}. {check.enable[0].upper()}{check.enable[1:]}."
    return check.keeps + (f" ({check.enable})" if check.enable else "")


def plan_listing() -> str:
    """The text ``invariant-lint rules --plan`` prints."""
    lines = []
    for task in PLAN_TASKS:
        lines.append(_task_heading(task))
        for check in task.checks:
            lines.append(f"  {check.label}")
            lines.extend(textwrap.wrap(_detail(check), _LISTING_WIDTH, initial_indent="      ",
                                       subsequent_indent="      "))
        lines.append("")
    return "\n".join(lines)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def plan_markdown() -> str:
    """The README's table: one row per check, the task named on its first row."""
    rows = ["| task | check | what it keeps done |", "| --- | --- | --- |"]
    for task in PLAN_TASKS:
        for index, check in enumerate(task.checks):
            name = _task_heading(task) if index == 0 else ""
            if check.kind == UNCHECKED:
                label = UNCHECKED
            else:
                tool = "" if check.tool == "invariant-lint" else f"{check.tool} "
                symbol = f" `{check.symbol}`" if check.symbol else ""
                label = f"{tool}{check.code}{symbol}"
            rows.append(f"| {_markdown_cell(name)} | {_markdown_cell(label)} | "
                        f"{_markdown_cell(_detail(check))} |")
    return "\n".join(rows) + "\n"
