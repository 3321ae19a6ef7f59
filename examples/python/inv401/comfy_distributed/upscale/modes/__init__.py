"""Upscale modes."""
