"""Imports that are fine (never flagged)."""
from ..utils.usdu_managment import _send_heartbeat_to_master  # the shim defines it
from ..utils.cloudflare import CloudflareTunnelManager  # a package API, not a shim
from .job_store import init_dynamic_job  # from where it is defined
from ..utils.not_there import anything  # unresolvable: never a finding
from aiohttp import web  # a dependency


async def send_heartbeat(multi_job_id, worker_id):
    CloudflareTunnelManager()
    init_dynamic_job(multi_job_id)
    anything(web)
    return await _send_heartbeat_to_master(multi_job_id, worker_id)
