"""Load–modify–save of the config happens inside the config transaction (plan, Task 1.3).

The config routes each did ``config = load_config()``, changed a worker or a setting,
then ``save_config(config)``, with nothing held in between.  Two requests that overlap
(say, toggling two workers at once) both load the same file, each changes its own copy,
and the second save silently throws away the first one's change.  The fix serialises
the cycle: ``async with config_transaction() as config:`` takes ``_config_lock``,
loads, yields the config to mutate in place, and saves on a clean exit.

Flagged, at the saver call:

- a load–modify–save: the result of a configured loader (``config-loaders``, default
  ``load_config``) — or a part of it, however reached (``config["workers"]``,
  ``worker = next(w for w in config["workers"] if ...)``, ``for w in workers``,
  aliases) — is mutated (item or attribute assignment, ``del``, ``append``, ``pop``,
  ``update``, ``setdefault``, ``remove``, ``clear``, ``extend``, ``insert``) and then
  passed to a configured saver (``config-savers``, default ``save_config``) in the same
  function, and the span is not inside ``with``/``async with`` on a configured
  transaction (``config-transactions``, default ``config_transaction``) or on a lock
  (the same notion of a lock as INV101: inferred asyncio/anyio/trio locks, or names
  matching ``lock-pattern``; ``await lock.acquire()`` … ``release()`` too);
- any saver call in an aiohttp route handler (decorated with ``@routes.post(...)``
  and its spellings, registered with ``app.router.add_*``/``web.post(...)``, or an
  ``async def`` taking ``request`` first) outside the transaction or a lock — the
  plan's "no ``save_config(`` in config routes".

Not flagged: read-only handlers, the transaction itself (it saves under the lock), a
helper that holds ``_config_lock`` around its own cycle, and ``save_config``'s body.
"""

from __future__ import annotations

from astroid import nodes

from ..analyses.aiohttp_routes import is_route_handler, registered_handler_names
from ..analyses.call_results import CallResultFlow
from ..analyses.enclosing_nodes import ancestors_up_to, contains
from ..analyses.local_bindings import ScopeBindings, nodes_by_scope, position, unwrap_await
from ..analyses.lock_regions import lock_kind, lock_regions
from ..analyses.mutations import in_place_mutations
from ..analyses.qualified_names import final_name
from ..registry import Rule, register
from ..settings import BoundedPattern, Setting, Settings, TextList
from ..shared_settings import LOCK_PATTERN


class _Guards:
    """Whether a span of a scope runs inside the config transaction or a lock."""

    def __init__(self, scope, transactions: set[str], pattern: BoundedPattern, text: str):
        self.scope = scope
        self.transactions = transactions
        self.pattern = pattern
        self._regions = None
        self._wants_regions = isinstance(scope, nodes.AsyncFunctionDef) and "acquire" in text

    def _is_guard(self, expression) -> bool:
        expression = unwrap_await(expression)
        head = expression.func if isinstance(expression, nodes.Call) else expression
        if final_name(head) in self.transactions:
            return True
        return lock_kind(expression, self.pattern, False) is not None

    def covers(self, node, start=None) -> bool:
        """Whether ``node`` (and ``start``, when given) run under one guard."""
        for ancestor in ancestors_up_to(node, self.scope):
            if isinstance(ancestor, (nodes.With, nodes.AsyncWith)) and any(
                self._is_guard(expression) for expression, _ in ancestor.items
            ):
                if start is None or contains(ancestor, start):
                    return True
        if self._wants_regions:
            if self._regions is None:
                self._regions = lock_regions(self.scope, self.pattern, False)
            for region in self._regions:
                if any(contains(statement, node) for statement in region.statements) and (
                    start is None
                    or any(contains(statement, start) for statement in region.statements)
                ):
                    return True
        return False


class UnlockedConfigRmwSettings(Settings):
    config_loaders = Setting("config-loaders", TextList(), ["load_config"],
                             "functions (final names) that load the shared config")
    config_savers = Setting("config-savers", TextList(), ["save_config"],
                            "functions (final names) that save the shared config")
    config_transactions = Setting(
        "config-transactions", TextList(), ["config_transaction"],
        "context managers (final names) that lock, load and save the config; the first is "
        "named in the message")
    lock_pattern = LOCK_PATTERN


@register
class UnlockedConfigRmw(Rule):
    code = "INV202"
    symbol = "unlocked-config-rmw"
    summary = "config load–modify–save outside the config transaction or a lock"
    language = "python"
    settings_class = UnlockedConfigRmwSettings
    bad_example = '''
@routes.post("/distributed/config/update_setting")
async def update_setting_endpoint(request):
    data = await request.json()
    config = load_config()
    config.setdefault("settings", {})[data["key"]] = data["value"]
    save_config(config)          # a concurrent request's change is lost
'''
    good_example = '''
@routes.post("/distributed/config/update_setting")
async def update_setting_endpoint(request):
    data = await request.json()
    async with config_transaction() as config:   # lock, load, save on exit
        config.setdefault("settings", {})[data["key"]] = data["value"]
'''

    def wants(self, text: str) -> bool:
        # A file that calls no saver is never built into a tree.
        return any(saver in text for saver in self.settings.config_savers)

    def check(self, ctx):
        settings = ctx.settings
        savers = set(settings.config_savers)
        loaders = set(settings.config_loaders)
        transactions = list(settings.config_transactions)
        registered = None
        groups = ctx.analysis(nodes_by_scope)
        for scope, scope_nodes in groups.items():
            saves = [node for node in scope_nodes if isinstance(node, nodes.Call)
                     and final_name(node.func) in savers]
            if not saves:
                continue
            if registered is None:
                registered = registered_handler_names(
                    node for group in groups.values() for node in group)
            handler = is_route_handler(scope, registered)
            guards = _Guards(scope, set(transactions), settings.lock_pattern, ctx.text)
            flow = CallResultFlow(ScopeBindings(scope, scope_nodes), loaders)
            changes = [(node, flow.origins(target))
                       for node, target in in_place_mutations(scope_nodes)]
            loads = [node for node in scope_nodes if isinstance(node, nodes.Call)
                     and final_name(node.func) in loaders]
            for save in saves:
                self._check_save(ctx, scope, save, flow, changes, loads, guards, handler,
                                 transactions)

    @staticmethod
    def _check_save(ctx, scope, save, flow, changes, loads, guards, handler, transactions):
        saved = set()
        for value in (*save.args, *(keyword.value for keyword in save.keywords or ())):
            saved |= flow.origins(value)
        saver = final_name(save.func)
        use = f"async with {transactions[0]}() as config:" if transactions else "a lock"
        for load in sorted(saved, key=position):
            modified = [node for node, origins in changes if load in origins
                        and position(load) < position(node) < position(save)]
            if modified and not guards.covers(save, load):
                message = (
                    f"{saver}() saves the config loaded by {final_name(load.func)}() at line "
                    f"{load.lineno} and modified at line {modified[0].lineno}, outside the "
                    f"config transaction or a lock: concurrent requests interleave their "
                    f"load–modify–save and lose updates; use `{use}` and mutate config "
                    f"in place with no explicit save"
                )
                ctx.report(save, message, related=[
                    ctx.related(load, "the config is loaded here"),
                    ctx.related(modified[0], "and modified here")])
                return
        if handler and not guards.covers(save):
            earlier = [load for load in loads if position(load) < position(save)]
            loaded = f" (config loaded at line {earlier[-1].lineno})" if earlier else ""
            name = getattr(scope, "name", "?")
            message = (
                f"{saver}() in route handler '{name}' outside the config transaction"
                f"{loaded}: handlers must not save the config themselves; use `{use}` and "
                f"mutate config in place with no explicit save"
            )
            ctx.report(save, message)
