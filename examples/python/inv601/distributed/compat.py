"""Deprecated re-exports: the old import path of the tunnel manager (Task 2.2)."""
from .utils.cloudflare import CloudflareTunnelManager

__all__ = ["CloudflareTunnelManager"]
