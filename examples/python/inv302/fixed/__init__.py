"""ComfyUI-Distributed upscaler after Tasks 4.3 and 4.5: each block lives in one place."""
