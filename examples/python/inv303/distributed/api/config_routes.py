"""Config update endpoints before the plan's Task 4.6: one block per field (flagged)."""
from ..utils.network import normalize_host


def update_worker_fields(worker, data):
    if "enabled" in data:  # expect: INV303
        worker["enabled"] = data["enabled"]
    if "name" in data:
        worker["name"] = data["name"]
    if "host" in data:
        host = data["host"]
        if host is None:
            worker.pop("host", None)
        else:
            worker["host"] = normalize_host(host)
    if "cuda_device" in data:
        if data["cuda_device"] is None:
            del worker["cuda_device"]
        else:
            worker["cuda_device"] = data["cuda_device"]
    if data.get("extra_args") is not None:
        worker["extra_args"] = data["extra_args"]


def update_master_fields(config, data):
    master = config.setdefault("master", {})
    master["name"] = data.get("name", master.get("name"))  # expect: INV303
    master["host"] = data.get("host", master.get("host"))
    port = data.get("port")
    if port is not None:
        master["port"] = int(port)


class TunnelState:
    def update(self, url=None, token=None, region=None):
        if url is not None:  # expect: INV303
            self.url = url
        if token is not None:
            self.token = token.strip()
        if region is not None:
            self.region = region
