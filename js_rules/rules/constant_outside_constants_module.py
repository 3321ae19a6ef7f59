"""INV402 (constant-outside-constants-module) in JavaScript: a module-level tuning
``const`` (``const RETRY_DELAY_MS = 100``) or a class's ``static`` one lives in the
constants module (``js-constants-modules``, ``**/constants.js``), where objects such as
``TIMEOUTS = { PROBE: 5000 }`` group them.  The rationale, settings and explain page are
the Python rule's (:mod:`lint_rules.rules.constant_outside_constants_module`).
"""

from __future__ import annotations

from js_rules.analyses.tuning_values import TuningConstants, TuningTextPrefilter
from lint_rules.registry import register
from lint_rules.rules.constant_outside_constants_module import ConstantOutsideConstantsModule


@register
class JsConstantOutsideConstantsModule(TuningTextPrefilter, ConstantOutsideConstantsModule):
    language = "js"
    name_settings = ("tuning_constant_words",)
    bad_example = """
// web/workerLifecycle.js
const RETRY_DELAY_MS = 100;
export const PROBE_TIMEOUTS = { quick: 1500, full: 5000 };

class LogPoller {
    static POLL_INTERVAL_MS = 2000;
}

// web/constants.js
// (the project's constants module, where they belong)
"""
    good_example = """
// web/constants.js
export const TIMEOUTS = Object.freeze({ PROBE_QUICK: 1500, PROBE_FULL: 5000, RETRY_DELAY: 100 });
export const INTERVALS = { LOG_POLL: 2000 };

// web/workerLifecycle.js
import { TIMEOUTS, INTERVALS } from './constants.js';
"""

    @staticmethod
    def exempt_patterns(settings):
        return settings.js_constants_modules, settings.js_test_files

    @staticmethod
    def definitions(ctx):
        settings = ctx.settings
        return ctx.analysis(TuningConstants, settings.tuning_constant_words,
                            settings.non_tuning_constant_words)

    @staticmethod
    def reported_node(definition):
        return definition.node
