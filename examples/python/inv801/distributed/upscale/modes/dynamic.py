"""Mixins that document what they require, and one that needs nothing (never flagged)."""
from comfy_extras.nodes_upscale import UpscaleBase


class DynamicModeMixin:
    """Dynamic mode: workers pull tiles as they finish.

    Requires of the host class: ``tile_queue`` (an asyncio.Queue of tile ids) and an
    ``on_tile_done(multi_job_id, queue, result)`` callback; ``process()`` from the next
    class in the MRO.
    """

    def process_dynamic(self, multi_job_id):
        handler = getattr(self, "on_tile_done")
        return handler(multi_job_id, self.tile_queue, super().process(multi_job_id))


class LoggingMixin:
    """Adds a logger; requires nothing of its host class."""

    def log(self, message):
        self.last_message = message
        return message


class TileMathMixin:
    """Tile geometry helpers; the annotations declare what the host provides."""

    tile_width: int
    tile_height: int

    def tile_area(self):
        return self.tile_width * self.tile_height


class UpscaleNodeMixin(UpscaleBase):
    """Upscaling on top of a ComfyUI base class this checker cannot see."""

    def upscale(self, image):
        return self.upscale_model(image, self.scale_by)


class WorkerMixer:
    # Not a mixin by name: never checked.
    def mix(self):
        return self.anything
