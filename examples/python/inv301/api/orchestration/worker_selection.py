"""Choosing workers: small look-alikes that are not copies of each other."""


def select_workers(workers, wanted_ids=None):
    enabled = [worker for worker in workers if worker.get("enabled")]
    if wanted_ids is None:
        return enabled
    wanted = set(wanted_ids)
    return [worker for worker in enabled if worker["id"] in wanted]


def worker_label(worker):
    return worker.get("name") or worker["id"]


def worker_url(worker):
    return f"http://{worker['host']}:{worker['port']}"
