"""Benchmark: the whole-process cost of one training run, dlkit vs a plain PyTorch script vs Keras.

All three train the same 843,658-parameter MNIST CNN (conv32-pool-conv64-pool-dense512, Adam 1e-3,
batch 128) for the same epochs on the same generated IDX files of MNIST's shape (scikit-learn's
digits scaled to 28×28: real handwriting, ``--train`` + ``--test`` images), validating on 20% of
the training digits each epoch and testing once at the end. Each is timed as a fresh process, as a
user runs it; medians of ``--rounds``, run in alternating order. Keras runs only where TensorFlow
is installed (``pip install tensorflow-cpu`` into the same environment — never in CI) and is
otherwise skipped. Prints each median and the ratios dlkit/plain and dlkit/Keras.

    python scripts/bench_vs_keras.py --rounds 3 --epochs 5 --train 4000 --test 1000
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PLAIN = r"""
import gzip, sys, time
import numpy as np
import torch
from torch import nn

def idx(path):
    data = gzip.open(path).read()
    ndim = data[3]
    shape = np.frombuffer(data[4:4 + 4 * ndim], ">u4")
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)

folder, epochs = sys.argv[1], int(sys.argv[2])
torch.manual_seed(0)
x = torch.from_numpy(idx(f"{folder}/train-images-idx3-ubyte.gz").copy()).float().div(255)
y = torch.from_numpy(idx(f"{folder}/train-labels-idx1-ubyte.gz").astype(np.int64))
xt = torch.from_numpy(idx(f"{folder}/t10k-images-idx3-ubyte.gz").copy()).float().div(255)
yt = torch.from_numpy(idx(f"{folder}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
x, xt = ((x - 0.1307) / 0.3081).unsqueeze(1), ((xt - 0.1307) / 0.3081).unsqueeze(1)
perm = torch.randperm(len(x))
n_val = len(x) // 5
xv, yv, x, y = x[perm[:n_val]], y[perm[:n_val]], x[perm[n_val:]], y[perm[n_val:]]
model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3),
                      nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 512), nn.ReLU(),
                      nn.Linear(512, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(epochs):
    model.train()
    order = torch.randperm(len(x))
    for i in range(0, len(x), 128):
        idx_b = order[i:i + 128]
        opt.zero_grad()
        loss = loss_fn(model(x[idx_b]), y[idx_b])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val = (model(xv).argmax(1) == yv).float().mean().item()
    print(f"epoch {epoch + 1} val_acc {val:.4f}", file=sys.stderr)
with torch.no_grad():
    print(f"test_acc {(model(xt).argmax(1) == yt).float().mean().item():.4f}")
torch.save(model.state_dict(), f"{folder}/plain.pt")
"""

KERAS = r"""
import gzip, sys
import numpy as np
import keras

def idx(path):
    data = gzip.open(path).read()
    ndim = data[3]
    shape = np.frombuffer(data[4:4 + 4 * ndim], ">u4")
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)

folder, epochs = sys.argv[1], int(sys.argv[2])
keras.utils.set_random_seed(0)
x = idx(f"{folder}/train-images-idx3-ubyte.gz")[..., None].astype("float32") / 255
y = idx(f"{folder}/train-labels-idx1-ubyte.gz")
xt = idx(f"{folder}/t10k-images-idx3-ubyte.gz")[..., None].astype("float32") / 255
yt = idx(f"{folder}/t10k-labels-idx1-ubyte.gz")
model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu"),
                          keras.layers.MaxPooling2D(), keras.layers.Conv2D(64, 3, activation="relu"),
                          keras.layers.MaxPooling2D(), keras.layers.Flatten(),
                          keras.layers.Dense(512, activation="relu"), keras.layers.Dense(10)])
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(x, y, batch_size=128, epochs=epochs, validation_split=0.2, verbose=0)
print("test_acc", model.evaluate(xt, yt, verbose=0)[1])
model.save(f"{folder}/keras.keras")
"""


def idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(
        f">{array.ndim}I", *array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def digits_28(count: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    import cv2
    from sklearn.datasets import load_digits

    bunch = load_digits()
    idx = np.arange(offset, offset + count) % len(bunch.images)
    small = (bunch.images[idx] * (255.0 / 16.0)).astype(np.uint8)
    big = np.stack(
        [np.pad(cv2.resize(im, (20, 20), interpolation=cv2.INTER_LINEAR), 4) for im in small]
    )
    return big, bunch.target[idx].astype(np.uint8)


def write_mnist(folder: Path, train: int, test: int) -> None:
    x_train, y_train = digits_28(train, 0)
    x_test, y_test = digits_28(test, train)
    for name, array in (
        ("train-images-idx3-ubyte", x_train),
        ("train-labels-idx1-ubyte", y_train),
        ("t10k-images-idx3-ubyte", x_test),
        ("t10k-labels-idx1-ubyte", y_test),
    ):
        (folder / f"{name}.gz").write_bytes(gzip.compress(idx_bytes(array)))


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--train", type=int, default=4000)
    parser.add_argument("--test", type=int, default=1000)
    args = parser.parse_args()
    src = Path(__file__).resolve().parents[1] / "src"
    env = {
        **os.environ,
        "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DLKIT_OFFLINE": "1",
    }
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "mnist"
        data.mkdir()
        write_mnist(data, args.train, args.test)
        (Path(tmp) / "plain.py").write_text(PLAIN)
        (Path(tmp) / "keras_run.py").write_text(KERAS)
        runners = {
            "dlkit": [
                sys.executable,
                "-m",
                "dlkit",
                "train",
                "mnist-cnn",
                "--data-dir",
                str(data),
                "--epochs",
                str(args.epochs),
                "--device",
                "cpu",
                "-q",
                "--out",
                str(Path(tmp) / "runs"),
            ],
            "plain": [sys.executable, str(Path(tmp) / "plain.py"), str(data), str(args.epochs)],
        }
        if importlib.util.find_spec("tensorflow") is not None:
            runners["keras"] = [
                sys.executable,
                str(Path(tmp) / "keras_run.py"),
                str(data),
                str(args.epochs),
            ]
        else:
            print("keras: skipped (TensorFlow is not installed: pip install tensorflow-cpu)")
        times: dict[str, list[float]] = {name: [] for name in runners}
        names = list(runners)
        for round_ in range(args.rounds):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                times[name].append(timed(runners[name], env))
        medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:6s} median {value:6.2f} s  ({', '.join(f'{v:.2f}' for v in times[name])})")
    print(f"ratio dlkit/plain: {medians['dlkit'] / medians['plain']:.3f}")
    if "keras" in medians:
        print(f"ratio dlkit/keras: {medians['dlkit'] / medians['keras']:.3f}")


if __name__ == "__main__":
    main()
