"""Tests of the package: literals are fine here."""
