"""Task 5.2 after: the poll loop reads its interval and attempts from utils/constants.py."""
import time

from ...utils.constants import JOB_POLL_INTERVAL, JOB_POLL_MAX_ATTEMPTS


class StaticModeRunner:
    def __init__(self, client):
        self.client = client

    def _poll_job_status(self, job_id, max_attempts=JOB_POLL_MAX_ATTEMPTS):
        statuses = (self.client.get_status(job_id) for _ in self._ticks(max_attempts))
        return next((status for status in statuses if status is not None), None)

    @staticmethod
    def _ticks(count):
        for tick in range(count):
            if tick:
                time.sleep(JOB_POLL_INTERVAL)
            yield tick

    def wait_for_job(self, job_id):
        return self._poll_job_status(job_id, max_attempts=JOB_POLL_MAX_ATTEMPTS)

    def tile_grid(self, width, height, tile_size):
        # Arithmetic, indexes, slices and range bounds are not tuning values.
        columns = (width + tile_size - 1) // tile_size
        rows = (height + tile_size - 1) // tile_size
        grid = [(x * tile_size, y * tile_size) for y in range(rows) for x in range(columns)]
        return grid[0], grid[-1], grid[:2], columns * 2
