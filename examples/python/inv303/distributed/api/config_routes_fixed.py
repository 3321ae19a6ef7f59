"""After Task 4.6, and near misses that are not field-copy boilerplate (never flagged)."""
from ..utils.network import normalize_host

# Each entry: (key, normaliser or None, remove the key when the value is None)
_WORKER_FIELDS = [
    ("enabled", None, False),
    ("name", None, False),
    ("host", normalize_host, True),
]


def _apply_field_patch(target, data, field_rules):
    """Apply a partial update to target based on the field rules."""
    for key, normalizer, remove_on_none in field_rules:
        if key not in data:
            continue
        value = data[key]
        if value is None and remove_on_none:
            target.pop(key, None)
        else:
            target[key] = normalizer(value) if (normalizer and value is not None) else value


def update_worker_fields(worker, data):
    _apply_field_patch(worker, data, _WORKER_FIELDS)


def two_fields(master, data):
    # Two copies are not boilerplate yet.
    if "name" in data:
        master["name"] = data["name"]
    if "host" in data:
        master["host"] = normalize_host(data["host"])


def validated(worker, data, errors):
    # Blocks that do more than copy (validation, logging) are not field copies.
    if "port" in data:
        if not isinstance(data["port"], int):
            errors.append("port must be a number")
        worker["port"] = data["port"]
    if "name" in data:
        print("renaming", worker.get("name"))
        worker["name"] = data["name"]
    if "type" in data:
        worker["type"] = data["type"]
        worker["updated"] = True


def build_worker(data):
    # Copies of different keys into a constructor call: one explicit mapping.
    return dict(name=data["name"], host=data["host"], port=data["port"], type=data["type"])


def into_locals(metadata):
    # Copies into local variables are not copies onto a target.
    prompt, workflow, fileinfo = {}, {}, {}
    if "prompt" in metadata:
        prompt = metadata["prompt"]
    if "workflow" in metadata:
        workflow = metadata["workflow"]
    if "fileinfo" in metadata:
        fileinfo = metadata["fileinfo"]
    return prompt, workflow, fileinfo

