"""Job initialisation, moved out of utils/usdu_managment.py by Task 2.1."""
from ..utils.constants import MAX_PAYLOAD_SIZE


def ensure_tile_jobs_initialized():
    return MAX_PAYLOAD_SIZE


def init_dynamic_job(multi_job_id):
    return multi_job_id
