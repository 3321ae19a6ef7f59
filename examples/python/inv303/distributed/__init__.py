"""ComfyUI-Distributed, as far as INV303 needs it."""
