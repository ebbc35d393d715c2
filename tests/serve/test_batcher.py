"""The micro-batcher on its own: a lone request runs at once, concurrent ones share a model call
(never more than max_batch rows), each gets its own rows back, and a failing call fails only the
requests in it; the model runs in its own thread, off the event loop."""

from __future__ import annotations

import asyncio
import threading
import time

import numpy as np
import pytest

from dlkit.serve.batcher import MicroBatcher


def _recorder(delay: float = 0.0, fail_on: float | None = None):
    calls: list[tuple[int, str]] = []

    def run_batch(x):
        calls.append((len(x), threading.current_thread().name))
        time.sleep(delay)
        if fail_on is not None and (x == fail_on).any():
            raise RuntimeError("bad batch")
        return x * 2

    return run_batch, calls


def _run(coro):
    return asyncio.run(coro)


def test_a_lone_request_does_not_wait_for_company():
    run_batch, calls = _recorder()

    async def main():
        batcher = MicroBatcher(run_batch, max_batch=32, wait_ms=500)
        await batcher.start()
        start = time.perf_counter()
        out = await batcher.submit(np.ones((1, 3)))
        elapsed = time.perf_counter() - start
        await batcher.stop()
        return out, elapsed

    out, elapsed = _run(main())
    assert (out == 2).all() and elapsed < 0.25  # wait_ms=500 was never spent
    assert calls[0][1].startswith("dlkit-model") and calls[0][1] != threading.main_thread().name


@pytest.mark.parametrize("max_batch", [32, 4])
def test_concurrent_requests_share_calls_and_get_their_own_rows(max_batch):
    run_batch, calls = _recorder(delay=0.05)

    async def main():
        batcher = MicroBatcher(run_batch, max_batch=max_batch, wait_ms=2)
        await batcher.start()
        outs = await asyncio.gather(*(batcher.submit(np.full((1, 2), float(i))) for i in range(12)))
        await batcher.stop()
        return outs, batcher

    outs, batcher = _run(main())
    assert [float(o[0, 0]) for o in outs] == [2.0 * i for i in range(12)]
    sizes = [n for n, _ in calls]
    assert sum(sizes) == 12 and max(sizes) <= max_batch and len(sizes) < 12
    assert batcher.batches == len(sizes) and batcher.rows == 12


def test_it_waits_briefly_only_for_a_request_still_being_read():
    run_batch, calls = _recorder()

    async def main():
        batcher = MicroBatcher(run_batch, max_batch=32, wait_ms=300)
        await batcher.start()

        async def late():
            with batcher.arriving_request():
                await asyncio.sleep(0.05)  # "decoding"
            return await batcher.submit(np.ones((1, 1)))

        task = asyncio.ensure_future(late())
        await asyncio.sleep(0)
        first = await batcher.submit(np.ones((2, 1)))
        await task
        await batcher.stop()
        return first

    _run(main())
    assert [n for n, _ in calls] == [3]  # one call for both requests


def test_a_failing_call_fails_only_its_requests():
    run_batch, calls = _recorder(fail_on=-1.0)

    async def main():
        batcher = MicroBatcher(run_batch, max_batch=1, wait_ms=0)
        await batcher.start()
        results = await asyncio.gather(
            batcher.submit(np.full((1, 1), -1.0)),
            batcher.submit(np.ones((1, 1))),
            return_exceptions=True,
        )
        await batcher.stop()
        return results

    bad, good = _run(main())
    assert isinstance(bad, RuntimeError) and (good == 2).all()
