"""Audio decoding through ffmpeg."""

import re
import subprocess

FFMPEG = "ffmpeg"
_RATE = re.compile(r", (\d+) Hz, (\w+), ")


def decode_audio(path, start, duration):  # expect: INV301
    args = [FFMPEG, "-i", path, "-ss", str(start), "-t", str(duration)]
    result = subprocess.run(args + ["-f", "f32le", "-"], capture_output=True, check=True)
    match = _RATE.search(result.stderr.decode("utf-8", "replace"))
    if match:
        rate = int(match.group(1))
        channels = {"mono": 1, "stereo": 2}[match.group(2)]
    else:
        rate, channels = 44100, 2
    return {"samples": result.stdout, "rate": rate, "channels": channels}


def decode_piped_audio(data):  # expect: INV301
    """The same decoding from bytes: a near copy of decode_audio."""
    args = [FFMPEG, "-i", "-"]
    result = subprocess.run(args + ["-f", "f32le", "-"], input=data, capture_output=True,
                            check=True)
    match = _RATE.search(result.stderr.decode("utf-8", "replace"))
    if match:
        rate = int(match.group(1))
        channels = {"mono": 1, "stereo": 2}[match.group(2)]
    else:
        rate, channels = 44100, 2
    return {"samples": result.stdout, "rate": rate, "channels": channels}
