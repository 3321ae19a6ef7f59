"""Settings and caches as real code writes them: an INI file saved through configparser,
and serialised text that reaches the write through a variable."""
import configparser
import json


def save_worker_ini(path, workers):
    config = configparser.ConfigParser()
    config.read(path)
    config["workers"] = dict(workers)
    with open(path, "w", encoding="utf-8") as handle:
        config.write(handle)  # expect: INV201


class TunnelSettings:
    def __init__(self, path):
        self.path = path
        self.parser = configparser.RawConfigParser()

    def save(self):
        with open(self.path, "w") as handle:
            self.parser.write(handle)  # expect: INV201


def save_job_cache(path, jobs):
    pending = [job for job in jobs if not job.get("done")]
    data = json.dumps({"pending": pending, "count": len(pending)}, indent=2)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)  # expect: INV201


def save_report(path, sections):
    text = "# generated\n"
    for section in sections:
        text += json.dumps(section) + "\n"
    with open(path, "w") as f:
        f.write(text)  # expect: INV201
