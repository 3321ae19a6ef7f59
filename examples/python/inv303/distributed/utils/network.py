"""Helpers the examples use."""


def normalize_host(host):
    return host.rstrip("/")
