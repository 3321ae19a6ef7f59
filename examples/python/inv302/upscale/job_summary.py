"""Look-alike blocks that are not pasted copies (must not be flagged by INV302)."""

from ..utils.logging import log


def summarise_job(job, mode):
    # Three equal statements per branch: below block-min-statements (4).
    if mode == "static":
        done = len(job.completed)
        total = len(job.assigned)
        log(f"[USDU] {job.multi_job_id}: {done}/{total}")
        job.mark_static_progress(done)
    else:
        done = len(job.completed)
        total = len(job.assigned)
        log(f"[USDU] {job.multi_job_id}: {done}/{total}")
        job.requeue_missing()
    return done, total


def describe_worker(worker, mode):
    # Same shape, different literals and calls: the logic differs, so no copy.
    if mode == "static":
        label = worker.get("name", "worker")
        state = worker.get("tile_state", "idle")
        log(f"[USDU] static worker {label}: {state}")
        return {"label": label, "state": state, "mode": "static"}
    label = worker.get("id", "worker")
    state = worker.get("image_state", "waiting")
    log(f"[USDU] dynamic worker {label}: {state}")
    return {"label": label, "state": state, "mode": "dynamic"}
