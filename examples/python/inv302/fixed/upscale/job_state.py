"""Job state kept by the master for each distributed upscale."""


class BaseJobState:
    def __init__(self, multi_job_id):
        self.multi_job_id = multi_job_id
        self.worker_status = {}


class TileJobState(BaseJobState):
    """Static mode: the master splits the image into tiles."""


class ImageJobState(BaseJobState):
    """Dynamic mode: workers pull whole images from a queue."""
