"""ComfyUI-Distributed after Tasks 4.1 and 4.2: one copy of each helper."""
