"""Job state classes: trivial bodies, overloads and abstract stubs never count as copies."""

from abc import ABC, abstractmethod
from typing import overload


class BaseJobState(ABC):
    def __init__(self, multi_job_id):
        self._multi_job_id = multi_job_id
        self._worker_status = {}

    @property
    def multi_job_id(self):
        return self._multi_job_id

    @property
    def worker_status(self):
        return self._worker_status

    @abstractmethod
    def pending_count(self):
        """How many units of work are still outstanding."""

    @abstractmethod
    def is_complete(self):
        raise NotImplementedError

    def describe(self):
        ...


class TileJobState(BaseJobState):
    def __init__(self, multi_job_id, tiles):
        super().__init__(multi_job_id)
        self._tiles = dict(tiles)
        self._done = set()

    @property
    def multi_job_id(self):
        return self._multi_job_id

    def pending_count(self):
        return len(self._tiles) - len(self._done)

    def is_complete(self):
        raise NotImplementedError("tile jobs complete through the collector")

    @overload
    def result(self, key: int) -> bytes: ...

    @overload
    def result(self, key: str) -> bytes: ...

    def result(self, key):
        return self._tiles[key]

    def describe(self):
        pass


class ImageJobState(BaseJobState):
    def __init__(self, multi_job_id, images):
        super().__init__(multi_job_id)
        self._images = list(images)
        self._collected = {}

    @property
    def worker_status(self):
        return self._worker_status

    def pending_count(self):
        return len(self._images) - len(self._collected)

    def is_complete(self):
        """Complete when every image is back."""
        raise NotImplementedError

    @overload
    def result(self, key: int) -> bytes: ...

    @overload
    def result(self, key: str) -> bytes: ...

    def result(self, key):
        return self._collected[key]
