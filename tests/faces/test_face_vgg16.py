"""face-vgg16: torchvision's VGG-16 with the 1000-class head replaced, as an image-folder recipe."""

from __future__ import annotations

import pytest
import torch
from face_pictures import astronaut_rgb, write_image

from dlkit.components import MODELS


def test_the_head_is_replaced_and_the_rest_is_torchvisions_vgg16():
    with torch.device("meta"):
        model = MODELS.create("vgg16", in_shape=[3, 224, 224], num_outputs=2, weights="none")
    assert model.classifier[6].out_features == 2 and model.classifier[0].in_features == 25088
    # torchvision's 138,357,544 minus the 1000-way head plus a 2-way one
    assert sum(p.numel() for p in model.parameters()) == 138_357_544 - 4_097_000 + 8_194


def test_the_recipe_resolves_with_the_tutorials_settings(cli):
    result = cli("train", "face-vgg16", "--print-config")
    assert result.exit_code == 0, result.stderr
    for line in (
        "name: vgg16",
        "image_size: 224",
        "normalize: imagenet",
        "batch_size: 16",
        "lr: 0.0001",
        "test_fraction: 0.3",
    ):
        assert line in result.stdout


def _faces(root, count=6):
    import cv2
    import numpy as np

    face = cv2.resize(astronaut_rgb()[50:180, 160:290], (48, 48))
    for i in range(count):
        write_image(root / "me" / f"me_{i}.png", np.roll(face, i, axis=0))
        write_image(root / "other" / f"o_{i}.png", np.roll(face[:, ::-1] // 2, i, axis=1))
    return root


def test_imagenet_weights_offline_is_one_line(cli, tmp_path):
    result = cli(
        "train",
        "face-vgg16",
        "--data",
        _faces(tmp_path / "faces"),
        "--out",
        tmp_path / "runs",
        "--set",
        "data.image_size=32",
        "--epochs",
        "1",
    )
    assert result.exit_code == 3, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert (
        last.startswith("dlkit: error: VGG16 ImageNet weights not found")
        and "vgg16-397923af.pth" in last
        and "model.weights" in last
    )
    assert not (tmp_path / "runs").exists()


@pytest.mark.slow
def test_train_evaluate_predict_with_random_weights(cli, tmp_path):
    faces = _faces(tmp_path / "faces")
    result = cli(
        "train",
        "face-vgg16",
        "--data",
        faces,
        "--out",
        tmp_path,
        "--device",
        "cpu",
        "-q",
        "--epochs",
        "1",
        "--set",
        "model.weights=none",
        "--set",
        "data.image_size=32",
    )
    assert result.exit_code == 0, result.stderr
    run = tmp_path / "face-vgg16/001"
    ckpt = torch.load(run / "best.pt", weights_only=True)
    assert ckpt["classes"] == ["me", "other"] and ckpt["model"]["name"] == "vgg16"
    result = cli("predict", run, faces / "me", "--device", "cpu")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 7
