"""Plugin-wide logging helper."""

import logging

_LOGGER = logging.getLogger("distributed")


def log(message):
    _LOGGER.info(message)
