"""The tunnel manager."""


class CloudflareTunnelManager:
    """Starts and stops the cloudflared process."""
