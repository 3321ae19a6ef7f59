"""The Cloudflare tunnel package (plan Task 2.2)."""
