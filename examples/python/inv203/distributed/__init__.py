"""ComfyUI-Distributed, as far as INV203 needs it."""
