"""The CIFAR-10 recipes from the CLI, as a user types them: prepare (cache, --to-png,
--from-png), train one epoch on tiny real-format data, evaluate and predict the run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cifar_files import CLASSES, make_cifar

OFFLINE = {"DLKIT_OFFLINE": "1"}
# tiny and quick: 60 training images (the VGG is 9M parameters on a small CPU)
SMALL = (
    "--epochs",
    "1",
    "--batch-size",
    "20",
    "--device",
    "cpu",
    "--quiet",
    "--set",
    "data.limit_train=60",
    "--set",
    "data.limit_test=20",
    "--set",
    "data.eval_batch_size=20",
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return make_cifar(tmp_path_factory.mktemp("cifar"), per_batch=20, n_test=20)


# the 9.2M-parameter VGG and airbench train end to end with -m slow; their parameter counts and
# airbench's whitening are tested in the default run (test_cifar10_data.py, below)
@pytest.mark.parametrize(
    "recipe",
    [
        "cifar10-lenet",
        "cifar10-cnn",
        "cifar10-cnn-plus",
        pytest.param("cifar10-vgg", marks=pytest.mark.slow),
        pytest.param("cifar10-fast", marks=pytest.mark.slow),
    ],
)
def test_recipe_trains_evaluates_predicts(cli, data_dir, tmp_path, recipe):
    result = cli("train", recipe, "--data-dir", data_dir, "--out", tmp_path, *SMALL, env=OFFLINE)
    assert result.exit_code == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    assert (run / "best.pt").is_file() and (run / "last.pt").is_file()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 1 and 0.0 <= metrics["test_acc"] <= 1.0

    result = cli("evaluate", run, "--data-dir", data_dir, "--device", "cpu", "--json", env=OFFLINE)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["samples"] == 20 and 0.0 <= report["accuracy"] <= 1.0

    import cv2

    image = tmp_path / "plane.png"  # any size: predict resizes to 32x32 as training saw
    cv2.imwrite(str(image), np.full((40, 48, 3), 127, np.uint8))
    result = cli("predict", run, image, "--json", "--device", "cpu", env=OFFLINE)
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)["predictions"]
    assert row["prediction"] in CLASSES and len(row["top"]) == 3


def build(recipe: str):
    from dlkit.components import MODELS
    from dlkit.config.validate import component_options
    from dlkit.jobs.recipe_args import Overrides, load_recipe

    cfg = load_recipe(recipe, Overrides())
    return MODELS.create(
        cfg.model.name, in_shape=[3, 32, 32], num_outputs=10, **component_options(cfg, "model")
    )


def layer_names(recipe: str) -> list[str]:
    model = build(recipe)
    short = {
        "Conv2d": "conv",
        "ReLU": "relu",
        "BatchNorm2d": "bn",
        "BatchNorm1d": "bn1d",
        "MaxPool2d": "pool",
        "Dropout": "drop",
        "Flatten": "flat",
        "Linear": "fc",
    }
    return [short[type(layer).__name__] for layer in model]


def test_cnn_is_the_workshops_activity_4_03_network():
    # forward: pool(norm(relu(conv(x)))) x3, dropout, norm4(relu(linear1)), dropout, linear2
    assert layer_names("cifar10-cnn") == [
        *["conv", "relu", "bn", "pool"] * 3,
        "flat",
        "drop",
        "fc",
        "relu",
        "bn1d",
        "drop",
        "fc",
    ]


def test_cnn_trains_on_a_last_batch_of_one():
    import torch

    # 101 training images at batch 100 end on one image; plain BatchNorm1d raises on it
    model = build("cifar10-cnn").train()
    before = model[16].running_mean.clone()
    assert model(torch.rand(1, 3, 32, 32)).shape == (1, 10)
    assert torch.equal(model[16].running_mean, before)  # running stats left alone
    assert model(torch.rand(2, 3, 32, 32)).shape == (2, 10)
    assert not torch.equal(model[16].running_mean, before)


def test_cnn_recipe_has_the_workshops_settings():
    from dlkit.jobs.recipe_args import Overrides, load_recipe

    cfg = load_recipe("cifar10-cnn", Overrides()).model_dump()
    assert cfg["data"]["batch_size"] == 100 and cfg["data"]["val_fraction"] == 0.2
    assert cfg["data"]["augment"] == {
        "horizontal_flip": True,
        "translate": 0,
        "fill_mode": "reflect",
        "grayscale": 0.1,
        "cutout": 0,
    }
    assert (cfg["optim"]["name"], cfg["optim"]["lr"], cfg["optim"]["eps"]) == ("adam", 1e-3, 1e-8)
    assert cfg["scheduler"]["name"] == "none" and cfg["loss"]["label_smoothing"] == 0.0
    assert cfg["trainer"]["epochs"] == 100


def test_vgg_is_the_courses_keras_network():
    # Conv → Dropout → Conv → MaxPool per pair; Dropout after Flatten and after each Dense
    stage = ["conv", "relu", "drop", "conv", "relu", "pool"]
    assert layer_names("cifar10-vgg") == [
        *stage * 3,
        "flat",
        "drop",
        "fc",
        "relu",
        "drop",
        "fc",
        "relu",
        "drop",
        "fc",
    ]


def test_fast_recipe_whitens_once_and_keeps_it(cli, data_dir, tmp_path):
    import torch

    result = cli(
        "train", "cifar10-fast", "--data-dir", data_dir, "--out", tmp_path, *SMALL, env=OFFLINE
    )
    assert result.exit_code == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    state = torch.load(run / "best.pt", weights_only=True)["state_dict"]
    assert bool(state["whitened"])
    weight = state["whiten.weight"]
    assert weight.shape == (24, 3, 2, 2) and torch.equal(weight[:12], -weight[12:])


def test_prepare_to_png_and_back(cli, data_dir, tmp_path):
    result = cli("prepare", "cifar10", "--data-dir", data_dir, env=OFFLINE)
    assert result.exit_code == 0, result.stderr
    assert "train 90" in result.stdout and "10 classes" in result.stdout

    png = tmp_path / "png"
    result = cli("prepare", "cifar10", "--data-dir", data_dir, "--to-png", png, env=OFFLINE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(png)
    assert len(list((png / "train").glob("*/*.png"))) == 100
    assert sorted(p.name for p in (png / "test").iterdir()) == CLASSES

    back = tmp_path / "back"
    result = cli("prepare", "cifar10", "--from-png", png, "--data-dir", back, env=OFFLINE)
    assert result.exit_code == 0, result.stderr
    assert (back / "dlkit-cache" / "cifar10.npz").is_file()
    result = cli(
        "train", "cifar10-lenet", "--data-dir", back, "--out", tmp_path, *SMALL, env=OFFLINE
    )
    assert result.exit_code == 0, result.stderr


def test_from_png_needs_the_layout(cli, tmp_path):
    (tmp_path / "flat").mkdir()
    result = cli(
        "prepare", "cifar10", "--from-png", tmp_path / "flat", "--data-dir", tmp_path, env=OFFLINE
    )
    assert result.exit_code == 3
    assert "train/ and test/" in result.stderr
