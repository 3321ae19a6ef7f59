"""INV711 and INV201 as real code writes them: listeners on elements the same code built
(framework element factories, cloneNode, new Image(), children queried from them, a
component's own element) are not findings while long-lived targets stay flagged; a
configparser config written in place and serialised text reaching write() through a
variable are non-atomic writes."""

from __future__ import annotations

import pytest

from rule_harness import assert_marks, run_rule


# -- INV711 -----------------------------------------------------------------------------

def test_listeners_on_factory_built_elements_are_not_findings():
    assert_marks("INV711", """
        import { $el } from '../../scripts/ui.js';
        export function row(worker, onRemove) {
            const button = $el('button', { textContent: 'x' });
            button.addEventListener('click', () => onRemove(worker));
            const card = h('div', {});
            card.addEventListener('click', () => onRemove(worker));
            const part = createElementFromHTML('<div><span></span></div>');
            part.querySelector('span').addEventListener('click', () => onRemove(worker));
            const picture = new Image();
            picture.addEventListener('load', () => card.append(picture));
            return [button, card, part];
        }
    """, filename="row.js")


def test_a_child_of_a_framework_dialog_is_not_a_finding():
    assert_marks("INV711", """
        export function ask(app, value, done) {
            const dialog = app.canvas.prompt('Value', value, done);
            dialog.querySelector('.value').addEventListener('keydown', (e) => done(e.key));
        }
    """, filename="ask.js")


def test_a_components_own_element_from_its_constructor_is_not_a_finding():
    assert_marks("INV711", """
        export class Badge {
            constructor(name) {
                this.element = $el('span', { textContent: name });
                this.element.addEventListener('click', () => this.toggle());
            }
            wire() {
                this.element.addEventListener('keydown', () => this.toggle());
            }
            toggle() { this.element.hidden = !this.element.hidden; }
        }
    """, filename="badge.js")


def test_an_element_also_looked_up_from_the_document_stays_flagged():
    # this.element is sometimes the page's element: not known to be created here.
    assert_marks("INV711", """
        export class Badge {
            constructor(name) {
                this.element = $el('span', { textContent: name });
            }
            adopt() {
                this.element = document.getElementById('badge');
            }
            wire() {
                this.element.addEventListener('click', () => this.toggle()); // expect: INV711
            }
            toggle() {}
        }
    """, filename="badge.js")


def test_long_lived_targets_stay_flagged_next_to_created_elements():
    findings = assert_marks("INV711", """
        import { api } from '../../scripts/api.js';
        export function mount() {
            const panel = $el('div.panel');
            api.addEventListener('status', () => panel.remove()); // expect: INV711
            document.addEventListener('keydown', () => panel.remove()); // expect: INV711
            window.addEventListener('resize', () => panel.remove()); // expect: INV711
            document.body.addEventListener('drop', () => panel.remove()); // expect: INV711
            const menu = document.querySelector('#menu');
            menu.addEventListener('click', () => panel.remove()); // expect: INV711
        }
    """, filename="mount.js")
    assert findings[0].message.startswith(
        "inline arrow function added as 'status' listener on api can never be removed")


def test_the_factory_names_are_a_setting():
    # A component with a teardown: elements it did not create outlive it.
    text = """
        export class Row {
            mount(onRemove) {
                const button = makeNode('button');
                button.addEventListener('click', onRemove.bind(null));
                const other = $el('button');
                other.addEventListener('click', () => onRemove());
            }
            destroy() {}
        }
    """
    assert [f.line for f in run_rule("INV711", text, filename="row.js")] == [5]
    found = run_rule("INV711", text, filename="row.js",
                     settings={"element-factories": ["makeNode"]})
    assert [(f.line, f.code) for f in found] == [(7, "INV711")]
    # A dotted tail matches the end of the callee only at a dot.
    dotted = run_rule("INV711", """
        export class Link {
            mount(ui) {
                ui.kit.makeNode('a').addEventListener('click', () => ui.go());
                ui.remakeNode('a').addEventListener('click', () => ui.go());
            }
            destroy() {}
        }
    """, filename="dotted.js", settings={"element-factories": ["kit.makeNode", "makeNode"]})
    assert [f.line for f in dotted] == [5]


def test_the_plan_task_3_1_leak_is_still_found():
    # The modal built with a factory: still one document listener that the backdrop's
    # close path never removes.
    findings = assert_marks("INV711", """
        function openLog(id) {
            const modal = $el('div.log-modal', [$el('div.backdrop')]);
            document.body.append(modal);
            function onKey(event) {
                if (event.key === 'Escape') {
                    document.removeEventListener('keydown', onKey);
                    modal.remove();
                }
            }
            document.addEventListener('keydown', onKey); // expect: INV711
            const backdrop = modal.querySelector('.backdrop');
            backdrop.addEventListener('click', () => modal.remove());
            return id;
        }
    """, filename="ui.js")
    assert "is not removed on every teardown path" in findings[0].message


@pytest.mark.parametrize("text", ["", "export const x = $el(;", "\ufeff$el('a')\n"])
def test_odd_js_input_gives_no_listener_finding(text):
    found = run_rule("INV711", text, filename="odd.js", expect_inv000=True)
    assert all(f.code == "INV000" for f in found)


# -- INV201 -----------------------------------------------------------------------------

def test_configparser_written_in_place_is_flagged():
    findings = assert_marks("INV201", """
        import configparser
        from configparser import RawConfigParser

        def save(path, values):
            config = configparser.ConfigParser()
            config["main"] = values
            with open(path, "w") as f: config.write(f)  # expect: INV201

        def save_raw(path):
            parser = RawConfigParser()
            handle = open(path, "w", encoding="utf-8")
            parser.write(handle)  # expect: INV201
            handle.close()

        class Settings:
            path = "settings.ini"

            def __init__(self):
                self.config = configparser.ConfigParser()

            def save(self):
                with open(self.path, "w") as f:
                    self.config.write(f)  # expect: INV201
    """)
    assert findings[0].message == (
        "ConfigParser.write(...) writes path in place: a crash mid-write leaves a truncated, "
        "unparsable file; write path + '.tmp' first, then os.replace(path + '.tmp', path)")
    assert findings[1].message.startswith("RawConfigParser.write(...) writes path in place")


def test_configparser_written_to_a_temporary_or_a_given_stream_is_not_flagged():
    assert_marks("INV201", """
        import configparser
        import os
        import sys

        def save(path, values):
            config = configparser.ConfigParser()
            config.read_dict(values)
            with open(path + ".tmp", "w") as f:
                config.write(f)
            os.replace(path + ".tmp", path)

        def show(config, stream):
            config.write(stream)
            config.write(sys.stdout)

        def not_a_parser(path, writer):
            with open(path, "w") as f:
                writer.write(f)
    """)


def test_serialised_text_reaching_write_through_a_variable_is_flagged():
    assert_marks("INV201", """
        import json

        def save(path, state):
            data = json.dumps(state, indent=2)
            with open(path, "w") as f:
                f.write(data)  # expect: INV201

        def save_lines(path, items):
            text = "# dump\\n"
            text += json.dumps(items)
            open(path, "w").write(text)  # expect: INV201

        def log(path, line):
            text = "> "
            text += line
            with open(path, "a") as f:
                f.write(text)
    """)


def test_a_configparser_only_file_is_read_by_the_prefilter():
    # No json/yaml/pickle name in the file: the configparser class names let it through.
    found = run_rule("INV201", """
        from configparser import ConfigParser

        def save(path):
            parser = ConfigParser()
            with open(path, "w") as f:
                parser.write(f)
    """)
    assert [(f.line, f.code) for f in found] == [(7, "INV201")]
