"""Loading an audio node: a copy of the class of video_loader.py."""

import os

from .paths import validate_path


class LoadAudioMedia:  # expect: INV301
    def __init__(self, root):
        self.root = root
        self.cache = {}

    def resolve(self, name):
        path = os.path.normpath(os.path.join(self.root, name))
        if os.path.commonpath([path, self.root]) != self.root:
            raise ValueError(f"{name} is outside {self.root}")
        if not validate_path(path):
            raise FileNotFoundError(path)
        return path

    def load(self, name):
        if name not in self.cache:
            path = self.resolve(name)
            with open(path, "rb") as handle:
                self.cache[name] = handle.read()
        return self.cache[name]
