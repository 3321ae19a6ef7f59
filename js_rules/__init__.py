"""JavaScript side of invariant-lint: parser wrapper, JS analyses and JS rules."""
