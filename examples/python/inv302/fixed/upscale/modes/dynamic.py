"""Dynamic mode (after Task 4.3): the conditioning comes from tile_ops."""

from ...utils.logging import log
from ..tile_ops import tile_conditioning


class DynamicModeMixin:  # expect: INV801
    def _process_image_dynamic(self, sampler, image_idx, positive, negative, tile_size):
        """Upscale one image pulled from the queue, tile by tile, and send it back."""
        job = self.current_job
        image = job.images[image_idx]
        image_size = (image.width, image.height)
        regions = self.tile_regions(image_size, tile_size, job.padding)
        if not regions:
            log(f"[USDU] Dynamic job {job.multi_job_id}: image {image_idx} has no tiles")
            return None
        canvas = self.new_canvas(image_size)
        for tile_idx, region in enumerate(regions):
            pos_tile, neg_tile = tile_conditioning(
                positive, negative, image_idx, region, tile_size, image_size)
            sample = sampler.sample(image.crop(region), pos_tile, neg_tile, seed=job.seed)
            canvas.paste(sample, region, feather=job.mask_blur)
            self.heartbeat(job.multi_job_id, tile_idx + 1, len(regions))
        self.send_image_result(job.multi_job_id, image_idx, canvas)
        return canvas
