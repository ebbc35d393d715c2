"""CIFAR-10 data: the pickle reader on real-format batches, its errors, the cache, the batched
augmentation, the PNG export and import, and the models' parameter counts against the seeds."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from cifar_files import CLASSES, make_cifar


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("DLKIT_OFFLINE", "1")


def test_reads_real_format_batches(tmp_path):
    from dlkit.families.images.cifar10 import cifar10

    make_cifar(tmp_path, per_batch=20, n_test=30)
    ds = cifar10(path=str(tmp_path), val_fraction=0.1)
    assert ds.classes == CLASSES
    assert ds.train.x.shape == (90, 32, 32, 3) and ds.train.x.dtype == np.uint8
    assert len(ds.val) == 10 and ds.test.x.shape == (30, 32, 32, 3)
    assert ds.input_spec.shape == [3, 32, 32] and len(ds.input_spec.mean) == 3
    assert ds.augment is None
    # rows are R, G, B planes: pixel (0, 0) of the first image is data[0], data[1024], data[2048]
    with open(tmp_path / "cifar-10-batches-py" / "test_batch", "rb") as handle:
        raw = pickle.load(handle, encoding="bytes")
    first = raw[b"data"][0]
    assert list(ds.test.x[0, 0, 0]) == [first[0], first[1024], first[2048]]
    assert list(ds.test.x[0, 0, 1]) == [first[1], first[1025], first[2049]]
    assert list(ds.test.y) == raw[b"labels"]
    assert (tmp_path / "dlkit-cache" / "cifar10.npz").is_file()


def test_files_directly_in_path_and_limits(tmp_path):
    from dlkit.families.images.cifar10 import cifar10

    make_cifar(tmp_path, per_batch=10, n_test=20, subdir=False)
    ds = cifar10(path=str(tmp_path), val_fraction=0.0, limit_train=25, limit_test=7)
    assert len(ds.train) == 25 and ds.val is None and len(ds.test) == 7


def test_missing_files_is_one_line_exit_3(tmp_path, cli):
    result = cli("train", "cifar10-cnn", "--data-dir", tmp_path / "nothing", "--out", tmp_path)
    assert result.exit_code == 3
    line = result.stderr.strip()
    assert "\n" not in line and "cifar-10-batches-py" in line
    assert "data_batch_1..5" in line and "test_batch" in line and "batches.meta" in line


@pytest.mark.parametrize("damage", ["truncate", "shape", "evil"])
def test_corrupt_batch_names_the_file(tmp_path, cli, damage):
    make_cifar(tmp_path, per_batch=10, n_test=10)
    bad = tmp_path / "cifar-10-batches-py" / "data_batch_3"
    if damage == "truncate":
        bad.write_bytes(bad.read_bytes()[:500])
    elif damage == "shape":
        bad.write_bytes(
            pickle.dumps({b"data": np.zeros((4, 100), np.uint8), b"labels": [0] * 4}, protocol=2)
        )
    else:
        bad.write_bytes(pickle.dumps({b"data": print}, protocol=2))
    result = cli("train", "cifar10-lenet", "--data-dir", tmp_path, "--out", tmp_path)
    assert result.exit_code == 3
    assert "data_batch_3" in result.stderr and "\n" not in result.stderr.strip()


def test_pixel_augment_is_batched_seeded_and_shape_preserving():
    import torch

    from dlkit.families.images.augment import build_augment

    augment = build_augment(
        {
            "horizontal_flip": True,
            "translate": 2,
            "fill_mode": "reflect",
            "grayscale": 0.5,
            "cutout": 8,
        }
    )
    x = torch.rand(64, 3, 32, 32)
    a = augment(x, torch.Generator().manual_seed(1))
    b = augment(x, torch.Generator().manual_seed(1))
    c = augment(x, torch.Generator().manual_seed(2))
    assert a.shape == x.shape and a.dtype == x.dtype
    assert torch.equal(a, b) and not torch.equal(a, c)
    torch.manual_seed(3)
    d = augment(x, None)  # no generator: torch's seeded RNG on the batch's device
    torch.manual_seed(3)
    assert torch.equal(d, augment(x, None))


@pytest.mark.parametrize(
    "fill_mode, pad",
    [
        ("constant", "constant"),
        ("reflect", "reflect"),
        ("nearest", "replicate"),
        ("wrap", "circular"),
    ],
)
def test_translate_moves_whole_pixels(fill_mode, pad):
    import torch
    import torch.nn.functional as F

    from dlkit.families.images.augment import random_translate

    x = torch.rand(6, 3, 8, 8)
    shifted = random_translate(x, 2, fill_mode, 0.0, torch.Generator().manual_seed(0))
    moved = 0
    for img, out in zip(x, shifted):  # each output is a window of the padded input
        padded = F.pad(img[None], (2, 2, 2, 2), mode=pad)[0]
        windows = [
            (dy, dx)
            for dy in range(5)
            for dx in range(5)
            if torch.equal(out, padded[:, dy : dy + 8, dx : dx + 8])
        ]
        assert windows
        moved += (2, 2) not in windows
    assert moved >= 3


def test_grayscale_and_cutout():
    import torch

    from dlkit.families.images.augment import random_cutout, random_grayscale

    x = torch.rand(4, 3, 10, 10)
    gray = random_grayscale(x, 1.0)
    assert torch.equal(gray[:, 0], gray[:, 1]) and torch.equal(gray[:, 1], gray[:, 2])
    assert torch.allclose(gray[:, 0], 0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2])
    holes = random_cutout(x, 4, torch.Generator().manual_seed(0))
    zeroed = (holes == 0).all(1).sum((1, 2))
    assert ((zeroed >= 4) & (zeroed <= 16)).all()


def test_augment_runs_only_on_training_batches(tmp_path):
    import torch

    from dlkit.families.images.cifar10 import cifar10

    make_cifar(tmp_path, per_batch=10, n_test=10)
    ds = cifar10(
        path=str(tmp_path), augment={"horizontal_flip": True, "translate": 3, "grayscale": 1.0}
    )
    transform = ds.input_spec.batch_transform(ds.augment)
    batch = torch.from_numpy(ds.train.x[:16])
    assert torch.equal(transform(batch), transform(batch))
    assert not torch.equal(transform(batch, train=True), transform(batch))


def test_bad_augment_option_is_a_usage_error(tmp_path, cli):
    make_cifar(tmp_path, per_batch=10, n_test=10)
    result = cli(
        "train",
        "cifar10-cnn",
        "--data-dir",
        tmp_path,
        "--out",
        tmp_path,
        "--set",
        "data.augment.fill_mode=mirror",
        "--set",
        "data.augment.grayscale=2",
    )
    assert result.exit_code == 2
    assert "fill_mode" in result.stderr and "grayscale" in result.stderr


def test_png_round_trip_is_exact(tmp_path):
    from dlkit.families.images.cifar10 import cifar10, load_arrays
    from dlkit.families.images.cifar10_export import from_png, to_png

    make_cifar(tmp_path / "src", per_batch=6, n_test=12)
    arrays = load_arrays(tmp_path / "src", download=False)
    summary = to_png(arrays, tmp_path / "png")
    assert summary["train"] == 30 and summary["test"] == 12
    label = CLASSES[int(arrays["y_test"][3])]
    assert (tmp_path / "png" / "test" / label / "00003.png").is_file()
    assert len(list((tmp_path / "png" / "train").glob("*/*.png"))) == 30
    from_png(tmp_path / "png", tmp_path / "back")
    back = load_arrays(tmp_path / "back", download=False)
    for key in ("x_train", "y_train", "x_test", "y_test"):
        assert np.array_equal(back[key], arrays[key]), key
    ds = cifar10(path=str(tmp_path / "back"), val_fraction=0.0)
    assert ds.classes == CLASSES and np.array_equal(ds.train.x, arrays["x_train"])


def test_png_folder_with_wrong_size_image(tmp_path):
    import cv2

    from dlkit.errors import DataError
    from dlkit.families.images.cifar10_export import from_png

    for split in ("train", "test"):
        (tmp_path / split / "cat").mkdir(parents=True)
        cv2.imwrite(str(tmp_path / split / "cat" / "0.png"), np.zeros((32, 32, 3), np.uint8))
    cv2.imwrite(str(tmp_path / "test" / "cat" / "1.png"), np.zeros((20, 32, 3), np.uint8))
    with pytest.raises(DataError, match="1.png"):
        from_png(tmp_path, tmp_path / "out")


@pytest.mark.parametrize(
    "recipe, params",
    [
        ("cifar10-lenet", 62_006),
        ("cifar10-cnn", 74_790),
        ("cifar10-cnn-plus", 74_790),
        ("cifar10-vgg", 9_176_018),
        ("cifar10-fast", 1_972_792),
    ],
)
def test_param_counts_match_the_seeds(recipe, params):
    from dlkit.components import MODELS
    from dlkit.config.validate import component_options
    from dlkit.jobs.recipe_args import Overrides, load_recipe

    cfg = load_recipe(recipe, Overrides())
    model = MODELS.create(
        cfg.model.name, in_shape=[3, 32, 32], num_outputs=10, **component_options(cfg, "model")
    )
    assert sum(p.numel() for p in model.parameters()) == params
