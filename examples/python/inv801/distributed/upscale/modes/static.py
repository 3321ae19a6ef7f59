"""Static mode, before Task 6.4: nothing says what the mixin needs (flagged)."""
from ..job_state import JobStateMixin


class StaticModeMixin(JobStateMixin):  # expect: INV801
    def process_static(self, multi_job_id):
        job = self._get_job_state(multi_job_id)  # from JobStateMixin: not required
        self.tiles_done += 1
        tiles = self._slice_tiles(job, self.tile_width)
        return self._collect_results(multi_job_id, tiles)

    @property
    def progress(self):
        return self.tiles_done / max(1, self.total_tiles)


class DynamicModeMixin:  # expect: INV801
    """Dynamic mode: workers pull tiles as they finish."""

    def process_dynamic(self, multi_job_id):
        handler = getattr(self, "on_tile_done")
        queue = self.tile_queue
        return handler(multi_job_id, queue, super().process(multi_job_id))
