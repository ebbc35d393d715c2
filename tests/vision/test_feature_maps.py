"""Seeing what the CNN learned: standardised grids with 16 maps per row, dead channels drawn flat
(never NaN), small maps enlarged and tiles kept apart, the first layer's channels one by one, and
``evaluate --feature-maps`` on a run."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlkit.families.images.feature_maps import (
    activation_layers,
    capture,
    layer_grid,
    save_feature_maps,
    standardise,
)


def test_standardise_and_grid():
    assert standardise(np.zeros((4, 5))).tolist() == [[128] * 5] * 4  # dead: flat, no NaN
    ramp = standardise(np.arange(20.0).reshape(4, 5))
    assert ramp.dtype == np.uint8 and ramp.min() < 30 and ramp.max() > 225
    grid = layer_grid(np.random.default_rng(0).normal(size=(20, 3, 4)), min_tile=1, gap=2)
    assert grid.shape == (2 * 3 + 2, 16 * 4 + 15 * 2, 3)
    assert (grid[3:5] == 255).all() and (grid[:, 4:6] == 255).all()  # white gaps
    assert (grid[5:, 4 * (4 + 2) :] == 255).all()  # unused cells


def test_small_maps_are_enlarged_and_tiles_kept_apart(tmp_path):
    import cv2

    from dlkit.families.images.feature_maps import GAP, MIN_TILE, upscale

    assert upscale(np.ones((8, 8))).shape == (64, 64) and MIN_TILE == 64
    assert upscale(np.ones((7, 7))).shape == (70, 70)  # whole factors only
    assert upscale(np.ones((148, 148))).shape == (148, 148)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 20, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)).eval()
    save_feature_maps(model, torch.rand(1, 1, 8, 8), tmp_path)  # an 8x8 digit
    channel = cv2.imread(str(tmp_path / "first-layer" / "channel-01.png"))
    assert channel.shape[:2] == (64, 64)
    grid = cv2.imread(str(tmp_path / "01-conv1.png"))
    assert grid.shape[1] >= 16 * 64 + 15 * GAP and grid.shape[0] >= 2 * 64 + GAP
    pooled = layer_grid(capture(model, torch.rand(1, 1, 8, 8))[1][1])  # 4x4 maps
    assert pooled.shape[:2] == (2 * 64 + GAP, 16 * 64 + 15 * GAP)


def small_cnn() -> nn.Module:
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 20, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(20, 8, 3),
        nn.ReLU(),
        nn.Flatten(),
        nn.LazyLinear(2),
    )
    with torch.no_grad():  # channel 0 of the first conv can never fire
        model[0].weight[0].zero_()
        model[0].bias[0] = -1.0
    return model.eval()


def test_dead_channel_is_flat_and_files_are_written(tmp_path):
    import cv2

    model = small_cnn()
    x = torch.rand(1, 3, 16, 16)
    model(x)
    assert [label for label, _ in activation_layers(model)] == ["conv1", "pool1", "conv2"]
    maps = capture(model, x)
    assert maps[0][1].shape == (20, 14, 14) and (maps[0][1][0] == 0).all()  # after the ReLU
    written = save_feature_maps(model, x, tmp_path, layers=2)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert names[:2] == ["01-conv1.png", "02-pool1.png"]
    assert len([n for n in names if n.startswith("first-layer/")]) == 16
    dead = cv2.imread(str(tmp_path / "first-layer" / "channel-00.png"))
    assert dead is not None and (dead == dead[0, 0]).all()
    alive = cv2.imread(str(tmp_path / "first-layer" / "channel-01.png"))
    assert len(np.unique(alive.reshape(-1, 3), axis=0)) > 5


def test_evaluate_feature_maps_on_a_run(cli, split_folder, tmp_path):
    trained = cli(
        "train",
        "catsdogs-cnn",
        "--data-dir",
        split_folder,
        "--epochs",
        "1",
        "--set",
        "data.image_size=48",
        "--out",
        tmp_path / "runs",
    )
    assert trained.exit_code == 0, trained.stderr
    run = trained.stdout.strip().splitlines()[-1]
    image = sorted((split_folder / "test" / "dogs").iterdir())[0]
    result = cli("evaluate", run, "--feature-maps", image, "--layers", "3")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "runs" / "catsdogs-cnn" / "001" / "feature_maps"
    assert result.stdout.strip() == str(out)
    assert sorted(p.name for p in out.glob("*.png")) == [
        "01-conv1.png",
        "02-pool1.png",
        "03-conv2.png",
    ]
    assert len(list((out / "first-layer").glob("*.png"))) == 16
    missing = cli("evaluate", run, "--feature-maps", tmp_path / "nope.jpg")
    assert missing.exit_code == 3 and "no such file" in missing.stderr
