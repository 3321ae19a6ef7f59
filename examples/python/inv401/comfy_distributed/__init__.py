"""A slice of ComfyUI-Distributed before and after Task 5.2 (magic numbers)."""
