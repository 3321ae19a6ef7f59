"""Plugin-wide logging helpers."""

import logging

_LOGGER = logging.getLogger("distributed")


def debug_log(message):
    _LOGGER.debug(message)


def log(message):
    _LOGGER.info(message)
