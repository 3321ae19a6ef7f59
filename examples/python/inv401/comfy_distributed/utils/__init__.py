"""Utilities: the constants module and the modules that should import from it."""
