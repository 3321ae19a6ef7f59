"""The utils package re-exports what its modules offer (its own shim's names too)."""
from .usdu_managment import ensure_tile_jobs_initialized
