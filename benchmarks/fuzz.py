"""Fuzz the CLI at scale with mutants of the suite's own examples.

    python benchmarks/fuzz.py N [--seed SEED] [--batch 300] [--jobs 2] [--call-chains]

Writes N mutants (see ``mutants.py``) in folders of ``--batch`` files, runs
``check --format json -jJOBS`` over each folder in a session of its own, and checks what
``tests/test_fuzz.py`` checks on a few hundred: exit 0 or 1, no traceback, JSON output,
``INV000`` for every Python file Python rejects, no process left.  Prints each batch's time
and findings, every problem, and a summary; exits 1 if anything went wrong.

``--call-chains`` adds, to every batch, Python files ending in long call chains
(``a()()()...``), which astroid takes quadratic time over, and prints how long those
batches took.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

# This checkout's lint_rules (not an installed one) and the folder's mutants module (the
# folder is not a package).
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
import mutants  # noqa: E402

CALL_CHAIN_LENGTHS = (1_000, 5_000, 20_000)


def _prefilter_comment() -> bytes:
    """A comment naming every text a Python rule's prefilter wants, so that every rule
    builds and walks the file (a rule skips files without its text)."""
    from lint_rules.config import build_config
    from lint_rules.engine import Engine

    needles = {needle for rule in Engine(build_config(None)).rules if rule.language == "python"
               for needle in (*rule.required_text, *rule.any_text)}
    return ("# " + " ".join(sorted(needles)) + "\n").encode()


def _write_call_chains(directory: Path) -> list[mutants.Mutant]:
    header = _prefilter_comment()
    written = []
    for length in CALL_CHAIN_LENGTHS:
        path = directory / f"call_chain_{length}.py"
        path.write_bytes(header + b"import asyncio\nx = a" + b"()" * length + b"\n")
        written.append(mutants.Mutant(path, "generated", [f"call_chain_{length}"]))
    return written


def main(argv: list[str] | None = None) -> int:
    """Run the batches; print per batch and a summary; 1 if any problem was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many mutants")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=300, help="mutants per CLI run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--call-chains", action="store_true")
    args = parser.parse_args(argv)

    mutations, codes, problems = Counter(), Counter(), []
    rejected, default_stack_only, total_seconds = 0, Counter(), 0.0
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        for start in range(0, args.count, args.batch):
            directory = Path(scratch, f"batch_{start:06d}")
            batch = mutants.write_mutants(directory, min(args.batch, args.count - start),
                                          seed=args.seed * 1_000_003 + start)
            if args.call_chains:
                batch += _write_call_chains(directory)
            result = mutants.check_mutants(directory, batch, jobs=args.jobs)
            total_seconds += result.seconds
            for mutant in batch:
                mutations.update(mutant.mutations)
                if mutant.path.suffix != ".py":
                    continue
                data = mutant.path.read_bytes()
                if mutants.python_rejects(data, str(mutant.path)):
                    rejected += 1
                elif mutants.python_rejects(data, str(mutant.path), deep_stack=False):
                    inv000 = mutant.path.resolve() in result.parse_failures
                    default_stack_only["INV000" if inv000 else "analysed"] += 1
            codes.update(result.findings_by_code)
            problems += result.problems
            print(f"batch {start:6d}: {len(batch)} files, exit {result.returncode}, "
                  f"{result.seconds:.1f} s, {len(result.problems)} problems, "
                  f"{dict(sorted(result.findings_by_code.items()))}", flush=True)
            for problem in result.problems:
                print("  PROBLEM", problem[:2000], flush=True)
    print(f"\n{args.count} mutants (seed {args.seed}) in {total_seconds:.1f} s of CLI time")
    print(f"Python files Python rejects: {rejected}")
    print("rejected only on the default stack (too deep for `python FILE`, not for the "
          "linter's deep stack):", dict(default_stack_only))
    print("mutations applied:", dict(mutations.most_common()))
    print("findings by code:", dict(sorted(codes.items())))
    print(f"problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
