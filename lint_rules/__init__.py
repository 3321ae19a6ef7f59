"""invariant-lint: lint rules that keep a refactor's invariants from being undone."""

__version__ = "0.1.0"
