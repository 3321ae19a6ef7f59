"""A mixin documents what it requires of the classes it is mixed into (refactor plan,
Task 6.4).

``ResultCollectorMixin``, ``StaticModeMixin`` and ``DynamicModeMixin`` call methods and read
attributes on ``self`` that only the final node class (or another mixin) provides.
Nothing said which, so extending or recombining them meant reading every method.  The
plan adds a docstring to each listing what it calls on ``self`` and what it needs from
its co-mixins; this rule keeps new mixins documented the same way.

A mixin is a class whose name matches one of ``mixin-patterns`` (shell globs, default
``*Mixin``).  Its *required interface* is computed with astroid across all its methods
(properties, nested functions and lambdas included): every name it uses on ``self`` —
``self.x``, ``self.m()``, ``self.n += 1``, ``getattr(self, "x")`` / ``hasattr(self, "x")``
with a literal name, ``super().m()`` — that neither the mixin nor its own bases define
(class bodies, properties, class-level annotations, attributes their methods assign on
``self``).  Dunder names are never required.

Flagged, at the ``class`` line:

- a mixin without a docstring (the message lists what it requires, if anything);
- a mixin whose docstring mentions none of the names it requires (as words: ``_lock``,
  ``self._lock`` or ```_lock()``` all mention ``_lock``); the message lists the
  undocumented names, at most ten.

A mixin that requires nothing needs only a docstring.  When a base of the mixin (or of
one of its bases) cannot be inferred — a class of a dependency that is not installed, a
base computed at run time — anything could come from it, so the rule is conservative:
it still asks for a docstring, but never reports names as undocumented.  Declaring the
interface as class-level annotations (``_lock: asyncio.Lock``) defines those names too.
"""

from __future__ import annotations

import fnmatch
import re

from astroid import nodes

from ..analyses.class_interface import class_uses, defined_names
from ..analyses.source_text import listed
from ..constants import MAX_UNDOCUMENTED_NAMES_SHOWN
from ..registry import Rule, register
from ..settings import Setting, Settings, TextList

_GLOB_CHARACTERS = re.compile(r"[*?\[\]]")


class UndocumentedMixinSettings(Settings):
    mixin_patterns = Setting(
        "mixin-patterns", TextList(), ["*Mixin"],
        "shell globs (case-sensitive) over class names: a matching class is a mixin that "
        "must document what it requires of its host class")


def required_names(klass: nodes.ClassDef) -> tuple[list[str], bool]:
    """The names ``klass`` uses on ``self`` that neither it nor its bases define, in order
    of first use, and whether the answer is complete (every base inferred)."""
    defined, complete = defined_names(klass)
    inherited, _complete = defined_names(klass, own=False)
    required = []
    for use in class_uses(klass).used:
        if use.name not in (inherited if use.through_super else defined) \
                and use.name not in required:
            required.append(use.name)
    return required, complete


def _mentions(docstring: str, name: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", docstring) is not None


@register
class UndocumentedMixinRule(Rule):
    code = "INV801"
    symbol = "undocumented-mixin"
    summary = "mixin without a docstring naming what it requires of its host class"
    language = "python"
    settings_class = UndocumentedMixinSettings
    bad_example = '''
class StaticModeMixin:
    def process_static(self, multi_job_id):
        job = self._get_job_state(multi_job_id)
        return self._collect_results(job, self.batch_size)
'''
    good_example = '''
class StaticModeMixin:
    """Static-mode tile processing for DistributedUSDU.

    Requires of the host class: _get_job_state() (JobStateMixin),
    _collect_results() (ResultCollectorMixin) and the batch_size attribute.
    """

    def process_static(self, multi_job_id):
        job = self._get_job_state(multi_job_id)
        return self._collect_results(job, self.batch_size)
'''

    def wants(self, text: str) -> bool:
        # A file can hold a mixin only if it spells a literal part of some pattern.
        for pattern in self.settings.mixin_patterns:
            parts = [part for part in _GLOB_CHARACTERS.split(pattern) if part]
            if not parts or all(part in text for part in parts):
                return True
        return False

    def check(self, ctx):
        patterns = ctx.settings.mixin_patterns
        for klass in ctx.tree.nodes_of_class(nodes.ClassDef):
            if not any(fnmatch.fnmatchcase(klass.name, pattern) for pattern in patterns):
                continue
            docstring = klass.doc_node.value if klass.doc_node is not None else None
            required, complete = required_names(klass)
            end = (klass.lineno, klass.col_offset + len("class ") + len(klass.name))
            if not docstring or not docstring.strip():
                if not complete:
                    needs = ("; document what it requires of the class it is mixed into "
                             "(a base could not be inferred, so that was not computed)")
                elif required:
                    needs = ("; document what it requires of the class it is mixed into: "
                             f"{listed(required, MAX_UNDOCUMENTED_NAMES_SHOWN)}")
                else:
                    needs = "; it requires nothing of its host class: say what it adds"
                ctx.report_at(klass.lineno, klass.col_offset,
                              f"mixin '{klass.name}' has no docstring{needs}",
                              end_line=end[0], end_column=end[1])
                continue
            if not complete or not required:
                continue
            if not any(_mentions(docstring, name) for name in required):
                ctx.report_at(
                    klass.lineno, klass.col_offset,
                    f"the docstring of mixin '{klass.name}' names none of what it requires "
                    f"of its host class: {listed(required, MAX_UNDOCUMENTED_NAMES_SHOWN)}; "
                    "list them (methods and attributes the host or a co-mixin must provide)",
                    end_line=end[0], end_column=end[1])
