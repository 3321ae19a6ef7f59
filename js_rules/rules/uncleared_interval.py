"""Every ``setInterval`` id is kept and passed to ``clearInterval`` somewhere.

Why: an interval runs until it is cleared.  One started when a modal or panel opens keeps
firing after it closes — polling the server, touching removed DOM, holding its closures
alive — and each open starts one more.  Refactor plan task 3.1 moved the log modal's
auto-refresh timer into the modal's lifecycle so that ``unmount`` clears it.  An interval
whose id is thrown away can never be cleared; one whose id is stored but never cleared
leaks the same way, just less visibly.

What is reported, at the ``setInterval`` call (also ``window.setInterval``):

- the id is discarded: the call is a statement of its own;
- the id is stored in a variable that is never passed to ``clearInterval`` (matched by
  the variable's scope);
- the id is stored in a property (``extension.logAutoRefreshInterval = setInterval(...)``,
  ``{ timer: setInterval(...) }``) whose name no ``clearInterval`` call in any checked
  JavaScript file clears.  Properties are matched by name across files, because the
  object that holds the id is typically shared: set as ``extension.logAutoRefreshInterval``
  in one module, cleared as ``this.logAutoRefreshInterval`` in another.

``clearTimeout`` counts as clearing too (browsers share one pool of ids).  An id that is
returned, passed to another function or pushed into a collection is not followed and not
reported.  The rule runs over the whole set of checked files (a project-wide rule): a file
checked alone cannot see the module that clears its intervals.

How to fix: keep the id where the teardown can reach it (``this._refreshTimer =
setInterval(...)``) and clear it there (``clearInterval(this._refreshTimer);
this._refreshTimer = null``).
"""

from __future__ import annotations

from dataclasses import dataclass

from js_rules.analyses.bindings import ScopeIndex, is_exported
from js_rules.analyses.timers import IntervalSite, clear_sites, interval_sites
from lint_rules.context import node_span
from lint_rules.registry import Rule, register


def _message(site: IntervalSite) -> str | None:
    if site.kind == "discarded":
        return ("the id this setInterval returns is discarded, so the interval can never be "
                "cleared and runs until the page unloads; keep it (this._timer = "
                "setInterval(...)) and pass it to clearInterval on teardown")
    if site.kind == "variable":
        return (f"the interval id stored in '{site.name}' is never passed to clearInterval, "
                f"so the interval runs on after its owner is gone; clear it on teardown")
    return (f"the interval id stored in property '{site.name}' is never passed to "
            f"clearInterval in any checked file, so the interval runs on after its owner "
            f"is gone; clear it on teardown")


@register
class UnclearedInterval(Rule):
    code = "INV712"
    symbol = "uncleared-interval"
    summary = "every setInterval id is kept and passed to clearInterval"
    language = "js"
    # A file that only clears intervals matters too: it may clear another file's.
    any_text = ("setInterval", "clearInterval", "clearTimeout")
    project_wide = True
    bad_example = """
export function showLogModal(workerId) {
    const modal = buildLogModal(workerId);
    document.body.appendChild(modal);
    setInterval(() => refreshLog(modal, workerId), 2000);
    modal.querySelector('.close').addEventListener('click', () => modal.remove());
}
"""
    good_example = """
export function showLogModal(workerId) {
    const modal = buildLogModal(workerId);
    document.body.appendChild(modal);
    const refreshTimer = setInterval(() => refreshLog(modal, workerId), 2000);
    modal.querySelector('.close').addEventListener('click', () => {
        clearInterval(refreshTimer);
        modal.remove();
    });
}
"""

    def summarise(self, ctx) -> "_FileIntervals":
        scopes = ctx.analysis(ScopeIndex)  # a ParseFailure is the engine's INV000
        clears = clear_sites(scopes)
        sites = []
        for site in interval_sites(scopes):
            # What can be decided within the file is decided here; the rest waits for the
            # property names and imports every file clears.
            cleared_here = site.kind == "escaped" or (
                site.kind == "variable" and (site.escaped or site.binding in clears.bindings))
            exported = site.kind == "variable" and is_exported(site.binding, scopes)
            sites.append(_Site(site.kind, site.name, frozenset(site.aliases), cleared_here,
                               exported, node_span(site.call), _message(site)))
        return _FileIntervals(tuple(sites), frozenset(clears.properties),
                              frozenset(name for _module, name in clears.imported))

    def check_project(self, project):
        files = [file for file in project.files if file.summary is not None]
        properties = frozenset().union(*(file.summary.properties for file in files))
        imported = frozenset().union(*(file.summary.imported for file in files))
        for file in files:
            for site in file.summary.sites:
                if not _is_cleared(site, properties, imported):
                    line, column, end_line, end_column = site.span
                    file.report_at(line, column, site.message, end_line=end_line,
                                   end_column=end_column)


@dataclass(frozen=True)
class _Site:
    """One setInterval call of a file, as the project pass needs it."""

    kind: str
    name: str | None
    aliases: frozenset
    cleared_here: bool  # escaped, or a variable cleared in its own file
    exported: bool  # a variable its module exports (another module may clear it)
    span: tuple
    message: str


@dataclass(frozen=True)
class _FileIntervals:
    """A file's interval sites and what its clearInterval calls clear."""

    sites: tuple
    properties: frozenset  # property names cleared
    imported: frozenset  # imported names cleared


def _is_cleared(site: _Site, properties: frozenset, imported: frozenset) -> bool:
    if site.cleared_here:
        return True
    if site.kind == "discarded":
        return False
    if site.kind == "property":
        return site.name in properties
    if site.aliases & properties:
        return True
    return site.name in imported and site.exported
