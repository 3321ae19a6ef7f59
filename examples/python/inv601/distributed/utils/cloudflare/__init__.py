"""Cloudflare tunnel management (Task 2.2): the package's public API."""
from .tunnel import CloudflareTunnelManager

__all__ = ["CloudflareTunnelManager"]
