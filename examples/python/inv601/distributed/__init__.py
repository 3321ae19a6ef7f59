"""ComfyUI-Distributed, as far as INV601 needs it."""
