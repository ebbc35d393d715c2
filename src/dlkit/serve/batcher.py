"""Micro-batching: concurrent requests for one model share one forward pass.

Each request's prepared rows are queued; one task takes the first, adds whatever else is queued
(up to ``max_batch`` rows) and runs the model once in the model's own thread, off the event loop.
It waits for more only while other requests are still being decoded (``arriving``) and never
longer than ``wait_ms``: a lone request runs at once, with no batching delay. Inputs of different
shapes or dtypes are run as separate groups; a failure fails the requests of that batch only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class MicroBatcher:
    def __init__(
        self,
        run_batch: Callable[[Any], Any],
        max_batch: int = 32,
        wait_ms: float = 2.0,
        name: str = "model",
    ) -> None:
        self.run_batch, self.max_batch, self.wait = run_batch, max(1, max_batch), wait_ms / 1000
        self.executor = ThreadPoolExecutor(1, thread_name_prefix=f"dlkit-{name}")
        self.arriving = 0  # requests accepted and still being decoded
        self.batches = self.rows = 0  # counters, for tests and the benchmark
        self._queue: asyncio.Queue | None = None
        self._arrived: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._carry: tuple[Any, asyncio.Future] | None = None

    async def start(self) -> None:
        self._queue, self._arrived = asyncio.Queue(), asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.executor.shutdown(wait=True)

    @contextlib.contextmanager
    def arriving_request(self) -> Iterator[None]:
        """Around a request's decoding: the batcher may wait a few ms for it to be submitted."""
        self.arriving += 1
        try:
            yield
        finally:
            self.arriving -= 1

    async def submit(self, x: Any) -> Any:
        """The model's outputs for the rows of ``x``, computed in some batch."""
        assert self._queue is not None and self._arrived is not None, "start() the batcher first"
        future = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((x, future))
        self._arrived.set()
        return await future

    async def run_alone(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` in the model thread (predictors with their own ``run``: generators)."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn)

    async def _next(self) -> tuple[Any, asyncio.Future]:
        if self._carry is not None:
            item, self._carry = self._carry, None
            return item
        assert self._queue is not None, "start() the batcher first"
        return await self._queue.get()

    async def _gather(self) -> list[tuple[Any, asyncio.Future]]:
        assert self._queue is not None and self._arrived is not None, "start() the batcher first"
        loop = asyncio.get_running_loop()
        batch = [await self._next()]
        rows, deadline = len(batch[0][0]), loop.time() + self.wait
        while rows < self.max_batch:
            if self._queue.empty():
                left = deadline - loop.time()
                if self.arriving == 0 or left <= 0:
                    break
                self._arrived.clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._arrived.wait(), left)
                continue
            item = self._queue.get_nowait()
            if rows + len(item[0]) > self.max_batch:
                self._carry = item
                break
            batch.append(item)
            rows += len(item[0])
        return [item for item in batch if not item[1].done()]

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = await self._gather()
            groups: dict[tuple, list[tuple[Any, asyncio.Future]]] = {}
            for x, future in batch:
                groups.setdefault((str(x.dtype), tuple(x.shape[1:])), []).append((x, future))
            for group in groups.values():
                await self._run(loop, group)

    async def _run(
        self, loop: asyncio.AbstractEventLoop, group: list[tuple[Any, asyncio.Future]]
    ) -> None:
        import numpy as np

        sizes = [len(x) for x, _ in group]
        x = group[0][0] if len(group) == 1 else np.concatenate([x for x, _ in group])
        try:
            outputs = await loop.run_in_executor(self.executor, self.run_batch, x)
        except Exception as exc:  # noqa: BLE001 - handed to each waiting request
            for _, future in group:
                if not future.done():
                    future.set_exception(exc)
            return
        self.batches += 1
        self.rows += len(x)
        start = 0
        for (_, future), size in zip(group, sizes):
            if not future.done():
                future.set_result(outputs[start : start + size])
            start += size
