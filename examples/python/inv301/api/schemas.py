"""Request validation.  validate_positive_int rejects bad input instead of falling back to
a default: the same parsing steps with a different contract, so not a copy of the lenient
parsers (the plan keeps it next to the new parse_positive_int)."""


def validate_positive_int(value, field_name):
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field_name} must be a positive integer") from None
    if parsed <= 0:
        raise ValueError(f"{field_name} must be a positive integer")
    return parsed


def require_fields(data, *names):
    missing = [name for name in names if name not in data]
    if missing:
        raise ValueError(f"missing fields: {', '.join(missing)}")
    return {name: data[name] for name in names}
