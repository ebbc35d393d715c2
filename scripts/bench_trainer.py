"""Benchmark: dlkit's trainer vs a minimal hand-written PyTorch loop on the same data.

Trains mnist-cnn's network (843,658 parameters) for one epoch of the same in-memory data (same
number of batches, same batch size, Adam) with dlkit's Trainer and with a plain loop, after one
warm-up epoch each, alternating A B A B, and prints the median epoch time of each with min–max,
and the ratio per round (median, min–max; goal: <= 1.05 on CPU).

Both loops get batches of the same memory layout: dlkit's loader hands a 1-channel batch as a view
of the stored (N, H, W, C) array, strides (784, 1, 28, 1), which PyTorch's convolutions take as
channels_last (about 18% faster on this CPU than NCHW); the hand loops get their batches in that
layout too (checked before timing). ``hand loop, NCHW`` is the tutorial's contiguous layout, shown
for reference.

    python scripts/bench_trainer.py [--samples 6400] [--rounds 5] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch


def synthetic(samples: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, size=(samples, 28, 28), dtype=np.uint8)
    y = rng.integers(0, 10, size=samples).astype(np.int64)
    return x, y


def dlkit_epoch_timer(x, y):
    """dlkit's Trainer, handed plain parts (no recipe): the mnist-cnn net, Adam, a uint8 loader."""
    from types import SimpleNamespace

    from dlkit.components import MODELS
    from dlkit.data.inputs import ImageInput
    from dlkit.engine.fit_state import FitState
    from dlkit.engine.loader import ArrayLoader
    from dlkit.engine.supervised_step import SupervisedStep
    from dlkit.engine.trainer import Trainer
    from dlkit.tasks import make_task

    device = torch.device("cpu")
    torch.manual_seed(0)
    model = MODELS.create(
        "cnn", in_shape=[1, 28, 28], num_outputs=10, channels=[32, 64], hidden=[512]
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    transform = ImageInput([1, 28, 28], [0.1307], [0.3081]).batch_transform()
    generator = torch.Generator().manual_seed(0)
    loader = ArrayLoader(
        x, y, 128, device, transform, shuffle=True, generator=generator, train=True
    )
    step = SupervisedStep(
        model,
        model,
        make_task("classification"),
        optimizer,
        lambda opt: (None, "epoch"),
        len(loader),
        device,
    )
    cfg = SimpleNamespace(monitor="train_loss", mode="auto", patience=None, min_delta=0.0)
    trainer = Trainer(
        step,
        loader,
        None,
        1,
        FitState.start(cfg, False, step.metric),
        device,
        describe={},
        generator=generator,
    )

    def run() -> float:
        start = time.perf_counter()
        trainer.train_epoch()
        return time.perf_counter() - start

    return run, len(loader)


def dlkit_batch_strides(x, y) -> tuple[int, ...]:
    """The strides of the first batch dlkit's loader hands the model."""
    from dlkit.data.inputs import ImageInput
    from dlkit.engine.loader import ArrayLoader

    transform = ImageInput([1, 28, 28], [0.1307], [0.3081]).batch_transform()
    loader = ArrayLoader(
        x,
        y,
        128,
        torch.device("cpu"),
        transform,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
        train=True,
    )
    return next(iter(loader))[0].stride()


def hand_epoch_timer(
    x, y, batch_size: int = 128, uint8_batches: bool = False, channels_last: bool = True
):
    """A plain loop. Default: data pre-normalised to float32 once (the usual tutorial way);
    ``uint8_batches``: keep uint8 and convert each batch, as dlkit does (isolates loop overhead);
    ``channels_last``: each batch in the layout dlkit's loader gives (see the module's notes)."""
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1600, 512),
        nn.ReLU(),
        nn.Linear(512, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    xs = ((torch.from_numpy(x).float() / 255.0 - 0.1307) / 0.3081).unsqueeze(1)
    if uint8_batches:
        xs = torch.from_numpy(x).unsqueeze(1)
    ys = torch.from_numpy(y)
    loss_fn = nn.CrossEntropyLoss()
    strides: list[tuple[int, ...]] = []

    def run() -> float:
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(xs))
        for i in range(0, len(xs), batch_size):
            idx = order[i : i + batch_size]
            optimizer.zero_grad()
            xb = xs.index_select(0, idx)
            if uint8_batches:
                xb = (xb.float().div_(255.0) - 0.1307).div_(0.3081)
            if channels_last:  # (N, 1, H, W) viewed from (N, H, W, 1), as dlkit's loader
                xb = xb.reshape(len(xb), 28, 28, 1).permute(0, 3, 1, 2)
            strides.append(xb.stride())
            loss = loss_fn(model(xb), ys.index_select(0, idx))
            loss.backward()
            optimizer.step()
        return time.perf_counter() - start

    run.strides = strides  # type: ignore[attr-defined]
    return run, -(-len(xs) // batch_size)


def spread(values: list[float], fmt: str = "{:.3f}") -> str:
    return (
        f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–"
        f"{fmt.format(max(values))})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=6400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    x, y = synthetic(args.samples)
    dlkit_run, dlkit_batches = dlkit_epoch_timer(x, y)
    hand_run, hand_batches = hand_epoch_timer(x, y)
    hand8_run, _ = hand_epoch_timer(x, y, uint8_batches=True)
    nchw_run, _ = hand_epoch_timer(x, y, channels_last=False)
    assert dlkit_batches == hand_batches, (dlkit_batches, hand_batches)
    runs = {
        "dlkit trainer": dlkit_run,
        "hand loop, float data": hand_run,
        "hand loop, uint8 batches": hand8_run,
        "hand loop, NCHW (ref.)": nchw_run,
    }
    for run in runs.values():
        run()  # warm-up
    want = dlkit_batch_strides(x, y)
    for name in ("hand loop, float data", "hand loop, uint8 batches"):
        got = runs[name].strides[0]  # type: ignore[attr-defined]
        assert got == want, f"{name}: batch strides {got}, dlkit's {want}"
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for rnd in range(args.rounds):
        for name in names[rnd % len(names) :] + names[: rnd % len(names)]:
            times[name].append(runs[name]())
    print(
        f"mnist-cnn, {args.samples} samples, {dlkit_batches} batches of 128, "
        f"{args.threads} threads, {args.rounds} rotating rounds after a warm-up epoch each; "
        f"batch strides {want} on both sides"
    )
    for name, t in times.items():
        print(f"{name:26s}: median (min–max) {spread(t)} s/epoch")
    for base, note in (
        ("hand loop, float data", "goal <= 1.05"),
        ("hand loop, uint8 batches", "the trainer's own overhead"),
        ("hand loop, NCHW (ref.)", "the tutorial's layout"),
    ):
        ratios = [d / h for d, h in zip(times["dlkit trainer"], times[base])]
        print(f"ratio dlkit / {base:24s} = {spread(ratios)}  ({note})")


if __name__ == "__main__":
    main()
