"""Job state access for the USDU node (documented: never flagged)."""


class JobStateMixin:
    """Job state lookups for DistributedUSDU.

    Requires of the host class: the ``jobs`` dict (job id to job state).
    """

    def _get_job_state(self, multi_job_id):
        return self.jobs.get(multi_job_id)

    @property
    def active_job_count(self):
        return len(self.jobs)
