"""Request validation and lenient parsing (Task 4.2).

The plan's literal version of parse_positive_int / parse_positive_float keeps two bodies
that differ only in int/float and the floor, which INV301 reports as renamed copies; here
both share one implementation.
"""


def validate_positive_int(value, field_name):
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field_name} must be a positive integer") from None
    if parsed <= 0:
        raise ValueError(f"{field_name} must be a positive integer")
    return parsed


def _parse_positive(value, default, convert, floor):
    """Parse value with ``convert``, at least ``floor``; ``default`` on failure."""
    try:
        parsed = convert(value)
    except (TypeError, ValueError):
        return max(floor, convert(default))
    return max(floor, parsed)


def parse_positive_int(value, default: int) -> int:
    return _parse_positive(value, default, int, 1)


def parse_positive_float(value, default: float) -> float:
    return _parse_positive(value, default, float, 0.0)
