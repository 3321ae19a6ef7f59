"""ComfyUI-Distributed after Task 2.2 (utils/cloudflare/ package), before and after Task 5.2."""
