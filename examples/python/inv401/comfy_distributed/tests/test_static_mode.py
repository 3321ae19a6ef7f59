"""A test of the package: literal timeouts and sizes are fine in tests."""
import asyncio
import time

POLL_TIMEOUT = 5


def test_poll_loop_gives_up(runner):
    started = time.monotonic()
    assert runner._poll_job_status("job-1", max_attempts=2) is None
    assert time.monotonic() - started < 3.5
    time.sleep(0.1)


def test_async_probe(probe):
    assert asyncio.run(asyncio.wait_for(probe("http://w"), timeout=2.0)) is None
    assert len([1] * 300) > 200


def test_relay_retries_quickly(relay):
    tries_left = 4
    pause_s = 0.01
    while tries_left and not relay.ready(timeout=0.5):
        tries_left -= 1
        relay.wait(pause_s)
