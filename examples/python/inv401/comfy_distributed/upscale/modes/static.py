"""Task 5.2 before: the static-mode job poll loop hard-codes its interval and attempts."""
import time


class StaticModeRunner:
    def __init__(self, client):
        self.client = client

    def _poll_job_status(self, job_id, max_attempts=20):  # expect: INV401
        for _attempt in range(max_attempts):
            status = self.client.get_status(job_id)
            if status is not None:
                return status
            time.sleep(1.0)  # expect: INV401
        return None

    def wait_for_job(self, job_id):
        return self._poll_job_status(job_id, max_attempts=20)  # expect: INV401

    def wait_briefly(self, job_id):
        # Positional: astroid infers the bound method, whose 2nd parameter is max_attempts.
        return self._poll_job_status(job_id, 5)  # expect: INV401

    def run_tiles(self, tiles):
        attempts = 0
        for tile in tiles:
            while not self.client.submit(tile):
                attempts += 1
                if attempts >= 3:  # expect: INV401
                    raise RuntimeError("worker keeps rejecting tiles")
