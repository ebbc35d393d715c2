"""Benchmark: a tutorial-named recipe against its dlkit variant, on the same data and budget.

There is no internet on the project's machines, so real CIFAR-10 cannot be fetched. This script
builds an offline stand-in, packs it into real CIFAR-10 python batches (``data_batch_1..5``,
``test_batch``, ``batches.meta``, written with ``tests/vision/cifar_files.py``), then trains
``dlkit train RECIPE`` for the faithful recipe and for its variant on those same files with the same
number of epochs, one process each, and prints both test accuracies and their ratio. ``--hand``
adds a third row: the tutorial's own code (activity 4.03's ``CNN`` class and loop, with its
per-image ``RandomHorizontalFlip``/``RandomGrayscale`` and ``Normalize(0.5, 0.5)``), written out by
hand in plain PyTorch, on the same files — a check that the faithful recipe is the tutorial.

Sources (``--source``), both real images shipped inside installed packages:

- ``photos`` (default; needs ``pip install scikit-image``): ten photographs bundled with
  scikit-image (astronaut, camera, chelsea, coffee, coins, grass, hubble_deep_field, ihc,
  motorcycle_left, rocket), one class each. Every photo is cut into a 4x4 grid of blocks; training
  images are random square crops (half to all of a block's side) from the 8 "white" blocks of a
  checkerboard, test images from the 8 "black" ones, each resized to 32x32 RGB with OpenCV's
  INTER_AREA. So a test crop never shares a pixel with a training crop: the task is "which photo is
  this patch from", on natural colour and texture statistics.
- ``digits``: scikit-learn's 1,797 bundled 8x8 handwritten digits, upscaled to 32x32 (bilinear)
  and repeated over three channels; a stratified 80/20 split (``--images`` caps the training part).

    python scripts/bench_recipes.py [--pair cifar10-cnn cifar10-cnn-plus] [--source photos]
                                    [--images 2000] [--epochs 3] [--threads 1] [--hand]

Runs are deterministic for a given --seed on one machine; one thread per process by default, so a
run takes one core (the defaults: 47 s here, 78.8% vs 78.5%; the README's figures use
``--epochs 5 --images 4000 --test 1000``).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = (
    "astronaut.png",
    "camera.png",
    "chelsea.png",
    "coffee.png",
    "coins.png",
    "grass.png",
    "hubble_deep_field.jpg",
    "ihc.png",
    "motorcycle_left.png",
    "rocket.jpg",
)
GRID = 4


def photo_crops(images: int, test: int, seed: int) -> tuple[dict, list[str]]:
    """Crops of scikit-image's bundled photos: train from one checkerboard colour, test from the
    other."""
    import cv2

    try:
        import skimage
    except ImportError:
        sys.exit(
            "--source photos needs scikit-image: pip install scikit-image (or use --source digits)"
        )
    folder = Path(skimage.__file__).parent / "data"
    rng = np.random.default_rng(seed)
    arrays: dict[str, list] = {"x_train": [], "y_train": [], "x_test": [], "y_test": []}
    for label, name in enumerate(PHOTOS):
        photo = cv2.imread(str(folder / name), cv2.IMREAD_COLOR)  # grey photos → 3 equal planes
        if photo is None:
            sys.exit(f"cannot read {folder / name}")
        photo = cv2.cvtColor(photo, cv2.COLOR_BGR2RGB)
        bh, bw = photo.shape[0] // GRID, photo.shape[1] // GRID
        for split, count, parity in (("train", images // 10, 0), ("test", test // 10, 1)):
            blocks = [(r, c) for r in range(GRID) for c in range(GRID) if (r + c) % 2 == parity]
            for _ in range(count):
                r, c = blocks[rng.integers(len(blocks))]
                side = int(rng.integers(min(bh, bw) // 2, min(bh, bw) + 1))
                top = r * bh + int(rng.integers(0, bh - side + 1))
                left = c * bw + int(rng.integers(0, bw - side + 1))
                crop = photo[top : top + side, left : left + side]
                small = cv2.resize(crop, (32, 32), interpolation=cv2.INTER_AREA)
                arrays[f"x_{split}"].append(small)
                arrays[f"y_{split}"].append(label)
    return {
        k: np.asarray(v, dtype=np.uint8 if k[0] == "x" else np.int64) for k, v in arrays.items()
    }, [Path(p).stem for p in PHOTOS]


def digit_images(images: int, seed: int) -> tuple[dict, list[str]]:
    """scikit-learn's 8x8 digits at 32x32 RGB, split 80/20 (stratified)."""
    import cv2
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    pixels = (digits.images * (255.0 / 16.0)).astype(np.uint8)
    big = np.stack([cv2.resize(p, (32, 32), interpolation=cv2.INTER_LINEAR) for p in pixels])
    rgb = np.repeat(big[..., None], 3, axis=3)
    x_tr, x_te, y_tr, y_te = train_test_split(
        rgb, digits.target, test_size=0.2, random_state=seed, stratify=digits.target
    )
    return (
        {
            "x_train": x_tr[:images],
            "y_train": y_tr[:images].astype(np.int64),
            "x_test": x_te,
            "y_test": y_te.astype(np.int64),
        },
        [str(i) for i in range(10)],
    )


def write_cifar(folder: Path, arrays: dict, classes: list[str]) -> Path:
    """The arrays as CIFAR-10 python batches (R, G, B planes per row) in
    folder/cifar-10-batches-py."""
    sys.path.insert(0, str(ROOT / "tests" / "vision"))
    from cifar_files import write_batch

    out = folder / "cifar-10-batches-py"
    out.mkdir(parents=True)
    rows = arrays["x_train"].transpose(0, 3, 1, 2).reshape(len(arrays["x_train"]), 3072)
    for i, part in enumerate(np.array_split(np.arange(len(rows)), 5), 1):
        write_batch(
            out / f"data_batch_{i}", rows[part], arrays["y_train"][part], f"training batch {i} of 5"
        )
    test = arrays["x_test"].transpose(0, 3, 1, 2).reshape(len(arrays["x_test"]), 3072)
    write_batch(out / "test_batch", test, arrays["y_test"], "testing batch 1 of 1")
    meta = {
        b"num_cases_per_batch": len(rows) // 5,
        b"num_vis": 3072,
        b"label_names": [c.encode() for c in classes],
    }
    with open(out / "batches.meta", "wb") as handle:
        pickle.dump(meta, handle, protocol=2)
    return folder


def train_recipe(recipe: str, data: Path, out: Path, epochs: int, seed: int, threads: int) -> dict:
    """``dlkit train RECIPE`` in its own process; the run's metrics.json plus the process time."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DLKIT_OFFLINE": "1",
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
    }
    cmd = [
        sys.executable,
        "-m",
        "dlkit",
        "train",
        recipe,
        "--data-dir",
        str(data),
        "--out",
        str(out),
        "--epochs",
        str(epochs),
        "--seed",
        str(seed),
        "--device",
        "cpu",
        "--quiet",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    run = Path(proc.stdout.strip().splitlines()[-1])
    metrics = json.loads((run / "metrics.json").read_text())
    return {
        "acc": metrics["test_acc"],
        "seconds": time.perf_counter() - start,
        "best_epoch": metrics.get("best_epoch"),
    }


def tutorial_by_hand(arrays: dict, epochs: int, seed: int, threads: int) -> dict:
    """Activity 4.03 as the workshop's solution writes it (seeded), on the same arrays."""
    import torch
    import torch.nn.functional as F
    from torch import nn, optim
    from torchvision import transforms

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)

    class CNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 10, 3, 1, 1)
            self.norm1 = nn.BatchNorm2d(10)
            self.conv2 = nn.Conv2d(10, 20, 3, 1, 1)
            self.norm2 = nn.BatchNorm2d(20)
            self.conv3 = nn.Conv2d(20, 40, 3, 1, 1)
            self.norm3 = nn.BatchNorm2d(40)
            self.pool = nn.MaxPool2d(2, 2)
            self.linear1 = nn.Linear(40 * 4 * 4, 100)
            self.norm4 = nn.BatchNorm1d(100)
            self.linear2 = nn.Linear(100, 10)
            self.dropout = nn.Dropout(0.2)

        def forward(self, x):
            x = self.pool(self.norm1(F.relu(self.conv1(x))))
            x = self.pool(self.norm2(F.relu(self.conv2(x))))
            x = self.pool(self.norm3(F.relu(self.conv3(x))))
            x = x.view(-1, 40 * 4 * 4)
            x = self.dropout(x)
            x = self.norm4(F.relu(self.linear1(x)))
            x = self.dropout(x)
            return F.log_softmax(self.linear2(x), dim=1)

    start = time.perf_counter()
    augment = transforms.Compose(
        [transforms.RandomHorizontalFlip(0.5), transforms.RandomGrayscale(0.1)]
    )
    normalize = transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))

    def to_tensor(x: np.ndarray):  # ToTensor(): [0, 1], C×H×W
        return torch.from_numpy(x).permute(0, 3, 1, 2).contiguous().float() / 255

    x_train, y_train = to_tensor(arrays["x_train"]), torch.from_numpy(arrays["y_train"])
    x_test, y_test = normalize(to_tensor(arrays["x_test"])), torch.from_numpy(arrays["y_test"])
    idx = rng.permutation(len(x_train))
    train_idx = idx[int(np.floor(0.2 * len(idx))) :]  # dev_size = 0.2 (dev only printed)
    model, batch = CNN(), 100
    loss_fn, optimizer = nn.NLLLoss(), optim.Adam(model.parameters(), lr=0.001)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(train_idx)  # SubsetRandomSampler
        for i in range(0, len(order), batch):
            ids = torch.from_numpy(order[i : i + batch])
            images = normalize(torch.stack([augment(img) for img in x_train[ids]]))
            optimizer.zero_grad()
            loss = loss_fn(model(images), y_train[ids])
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        accs = [
            (model(x_test[i : i + batch]).argmax(1) == y_test[i : i + batch]).float().mean()
            for i in range(0, len(x_test), batch)
        ]
    return {
        "acc": float(torch.stack(accs).mean()),
        "seconds": time.perf_counter() - start,
        "best_epoch": epochs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pair",
        nargs=2,
        default=["cifar10-cnn", "cifar10-cnn-plus"],
        metavar=("FAITHFUL", "VARIANT"),
    )
    parser.add_argument("--source", choices=["photos", "digits"], default="photos")
    parser.add_argument("--images", type=int, default=2000, help="training images (all classes)")
    parser.add_argument("--test", type=int, default=1000, help="test images (photos only)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--hand", action="store_true", help="also run activity 4.03's own code, written by hand"
    )
    args = parser.parse_args()

    if args.source == "photos":
        arrays, classes = photo_crops(args.images, args.test, args.seed)
    else:
        arrays, classes = digit_images(args.images, args.seed)
    print(
        f"data: {args.source}, {len(arrays['x_train'])} training / {len(arrays['x_test'])} test "
        f"images of 32x32x3 as CIFAR-10 python batches; {args.epochs} epochs, CPU, "
        f"{args.threads} thread(s), seed {args.seed}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        data = write_cifar(Path(tmp) / "data", arrays, classes)
        rows = [
            (
                name,
                train_recipe(name, data, Path(tmp) / "runs", args.epochs, args.seed, args.threads),
            )
            for name in args.pair
        ]
    if args.hand:
        rows.append(
            (
                "activity 4.03 by hand",
                tutorial_by_hand(arrays, args.epochs, args.seed, args.threads),
            )
        )
    for name, row in rows:
        print(
            f"{name:24s} test acc {row['acc']:.2%}  ({row['seconds']:.1f} s, best epoch "
            f"{row['best_epoch']})"
        )
    faithful, variant = rows[0][1]["acc"], rows[1][1]["acc"]
    print(f"{args.pair[1]} / {args.pair[0]}: {variant / faithful:.3f}")


if __name__ == "__main__":
    main()
