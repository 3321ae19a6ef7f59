"""ComfyUI-Distributed upscaler (before Tasks 4.3 and 4.5): pasted blocks of statements."""
