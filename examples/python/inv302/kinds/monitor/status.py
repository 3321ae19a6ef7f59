"""Hardware status, sampled per device."""

import logging

logger = logging.getLogger("monitor")


def gpu_status(devices):
    # Defaults set one per line are no logic to extract: runs of literal assignments,
    # empty containers and logging calls are never reported.
    utilization = -1
    temperature = -1
    memory_used = -1
    memory_total = -1
    found = []
    logger.debug("sampling %d devices", len(devices))
    for device in devices:
        utilization = device.utilization()
        temperature = device.temperature()
        memory_used, memory_total = device.memory()
        found.append((utilization, temperature, memory_used, memory_total))
    return found


def disk_status(disks):
    utilization = -1
    temperature = -1
    memory_used = -1
    memory_total = -1
    found = []
    logger.debug("sampling %d disks", len(disks))
    for disk in disks:
        found.append((disk.mountpoint, disk.percent()))
    return found


def summarise(samples, window):
    if not samples:
        return {}
    recent = samples[-window:]  # expect: INV302
    values = sorted(value for value, _stamp in recent)
    middle = values[len(values) // 2]
    spread = values[-1] - values[0]
    return {"median": middle, "spread": spread, "count": len(values)}


def summarise_disks(samples, window, mounts):
    total = sum(value for value, _stamp in samples)
    busiest = max(mounts, key=lambda mount: mount.percent(), default=None)
    if busiest is not None and busiest.percent() > total:
        logger.warning("disk %s above the total", busiest.mountpoint)
        mounts = [mount for mount in mounts if mount is not busiest]
    recent = samples[-window:]  # expect: INV302
    values = sorted(value for value, _stamp in recent)
    middle = values[len(values) // 2]
    spread = values[-1] - values[0]
    return {"median": middle, "spread": spread, "count": len(values), "total": total}


def collect_inputs(first=None, second=None, third=None):
    # The same statements for each parameter in a row: one finding, not one per offset.
    collected = []
    if first is not None:  # expect: INV302
        try:
            collected.append(first.value())
        except ValueError as error:
            logger.warning("skipped: %s", error)
    if second is not None:
        try:
            collected.append(second.value())
        except ValueError as error:
            logger.warning("skipped: %s", error)
    if third is not None:
        try:
            collected.append(third.value())
        except ValueError as error:
            logger.warning("skipped: %s", error)
    return collected
