"""Settings and caches written through the project's atomic-write helper (a temporary next
to the file, then moved into place)."""
import configparser
import json
import os

from .atomic import atomic_write


def save_worker_ini(path, workers):
    config = configparser.ConfigParser()
    config.read(path)
    config["workers"] = dict(workers)
    with atomic_write(path) as handle:
        config.write(handle)


class TunnelSettings:
    def __init__(self, path):
        self.path = path
        self.parser = configparser.RawConfigParser()

    def save(self):
        tmp_path = self.path + ".tmp"
        with open(tmp_path, "w") as handle:
            self.parser.write(handle)
        os.replace(tmp_path, self.path)


def save_job_cache(path, jobs):
    pending = [job for job in jobs if not job.get("done")]
    data = json.dumps({"pending": pending, "count": len(pending)}, indent=2)
    with atomic_write(path) as f:
        f.write(data)


def append_log_line(path, line):
    # Plain text appended to a log is not serialised state.
    with open(path, "a") as f:
        f.write(line)


def print_config(config: configparser.ConfigParser, stream):
    config.write(stream)  # a stream the caller opened: not this function's file
