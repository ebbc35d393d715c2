"""style-transfer: the picture is the parameter; tiny runs on astronaut crops with random VGG-19
weights; Gram matrices and the tutorial's loss; the run folder's picture, snapshots and curve."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import torch
from face_pictures import astronaut_rgb, write_image

from dlkit.families.style.style_transfer import gram

TINY = [
    "--device",
    "cpu",
    "-q",
    "--set",
    "model.weights=none",
    "--set",
    "data.image_size=32",
    "--set",
    "trainer.step_options.snapshot_every=2",
]


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    root = tmp_path_factory.mktemp("style")
    photo = astronaut_rgb()
    content = write_image(root / "photo.png", photo[:256, :320])
    style = write_image(root / "painting.png", np.ascontiguousarray(photo[256:, ::-1]))
    return content, style


def test_gram_is_features_times_their_transpose():
    x = torch.arange(12.0).view(1, 3, 2, 2)
    flat = x.view(3, 4)
    assert torch.equal(gram(x), flat @ flat.t()) and gram(x).shape == (3, 3)


def test_a_tiny_run_lowers_the_loss_and_writes_the_picture(cli, pictures, tmp_path):
    content, style = pictures
    result = cli(
        "train",
        "style-transfer",
        "--set",
        f"data.content={content}",
        "--set",
        f"data.style={style}",
        "--epochs",
        "3",
        "--lr",
        "0.05",
        *TINY,
        "--out",
        tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    run = tmp_path / "style-transfer/001"
    styled = cv2.imread(str(run / "styled.png"))
    assert styled.shape == (32, 40, 3)  # shorter side 32, aspect kept (256x320)
    assert sorted(p.name for p in (run / "snapshots").iterdir()) == [
        "epoch-0001.png",
        "epoch-0002.png",
    ]
    assert (run / "plots/loss.png").is_file()
    last = torch.load(run / "last.pt", weights_only=True)
    assert last["model"]["name"] == "style_image" and list(last["state_dict"]) == ["image"]
    losses = [r["train_loss"] for r in last["fit_state"]["history"]]
    assert losses[-1] < losses[0]
    start = cv2.resize(cv2.imread(str(content)), (40, 32), interpolation=cv2.INTER_AREA)
    assert not np.array_equal(styled, start)  # the picture moved away from the photo
    result = cli("predict", run, "--out", tmp_path / "pred", "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    best = cv2.imread(str(tmp_path / "pred/styled.png"))
    assert best.shape == (32, 40, 3) and last["input_spec"]["kind"] == "picture"
    assert cli("predict", run, content).exit_code == 2


def test_the_picture_is_clamped_not_wrapped():
    from dlkit.families.style.style_step import StyleStep
    from dlkit.families.style.style_transfer import StyleImage

    image = StyleImage([3, 2, 2])
    with torch.no_grad():
        image.image[:] = torch.tensor([-50.0, 0.0, 50.0]).view(1, 3, 1, 1)
    step = StyleStep(image, None, torch.optim.Adam(image.parameters()), [0.5] * 3, [0.25] * 3)
    assert step.picture()[0, 0].tolist() == [0, 128, 255]


def test_lbfgs_and_resume(cli, pictures, tmp_path):
    content, style = pictures
    args = [
        "--set",
        f"data.content={content}",
        "--set",
        f"data.style={style}",
        *TINY,
        "--set",
        "optim.name=lbfgs",
        "--set",
        "optim.max_iter=1",
        "--lr",
        "1",
    ]
    result = cli("train", "style-transfer", *args, "--epochs", "1", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    run = tmp_path / "style-transfer/001"
    assert cli("train", "--resume", run, "--epochs", "2", "-q").exit_code == 0
    last = torch.load(run / "last.pt", weights_only=True)
    assert last["epoch"] == 2 and last["optimizer"]["param_groups"][0]["max_iter"] == 1


def test_missing_pictures_and_offline_weights_are_one_line(cli, pictures, tmp_path):
    result = cli("train", "style-transfer", "--out", tmp_path)
    assert result.exit_code == 2 and "data.content" in result.stderr
    content, style = pictures
    result = cli(
        "train",
        "style-transfer",
        "--set",
        f"data.content={content}",
        "--set",
        f"data.style={tmp_path}/none.jpg",
        "--out",
        tmp_path,
    )
    assert result.exit_code == 3 and "data.style" in result.stderr
    result = cli(
        "train",
        "style-transfer",
        "--set",
        f"data.content={content}",
        "--set",
        f"data.style={style}",
        "--set",
        "data.image_size=32",
        "--out",
        tmp_path / "runs",
    )
    assert result.exit_code == 3
    assert "vgg19-dcbb9e9d.pth" in result.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "runs").exists()
