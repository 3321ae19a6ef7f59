"""ComfyUI-Distributed, as far as INV801 needs it."""
