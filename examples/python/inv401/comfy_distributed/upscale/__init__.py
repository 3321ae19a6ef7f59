"""Tiled upscaling."""
