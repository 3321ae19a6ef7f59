"""ComfyUI-Distributed (before Tasks 4.1 and 4.2): copied trace and parsing helpers."""
