"""The anime DCGAN: the tutorial's layer tables (parameter counts), the gan step's schedule, a
tiny run end to end with its per-epoch sample grids, exact --resume, and predict --samples."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
from face_pictures import noise_folder

from dlkit.components import MODELS
from dlkit.engine.trainer import Trainer

TINY = [
    "--device",
    "cpu",
    "-q",
    "--batch-size",
    "8",
    "--set",
    "model.ngf=4",
    "--set",
    "model.ndf=4",
    "--set",
    "trainer.step_options.grid=4",
]


def _conv(cin, cout, k):
    return cin * cout * k * k  # bias=False everywhere


def test_parameter_counts_match_the_layer_tables():
    # 000b §3e: ConvT 100→512 k4, 512→256, 256→128, 128→64 (k4, each + BN), 64→3 k5
    g = (
        _conv(100, 512, 4)
        + _conv(512, 256, 4)
        + _conv(256, 128, 4)
        + _conv(128, 64, 4)
        + _conv(64, 3, 5)
        + 2 * (512 + 256 + 128 + 64)
    )
    # 000b §3d: Conv 3→64 k5, 64→128, 128→256, 256→512 (k4, BN on these three), 512→1 k4
    d = (
        _conv(3, 64, 5)
        + _conv(64, 128, 4)
        + _conv(128, 256, 4)
        + _conv(256, 512, 4)
        + _conv(512, 1, 4)
        + 2 * (128 + 256 + 512)
    )
    assert (g, d) == (3_578_432, 2_767_296)
    pair = MODELS.create("dcgan", in_shape=[3, 96, 96], num_outputs=3)
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    assert count(pair.generator) == g and count(pair.discriminator) == d
    with torch.no_grad():
        fake = pair.generator(torch.randn(2, 100, 1, 1))
        assert fake.shape == (2, 3, 96, 96) and fake.abs().max() <= 1
        assert pair.discriminator(fake).shape == (2,)


@pytest.fixture(scope="module")
def faces(tmp_path_factory):
    return noise_folder(tmp_path_factory.mktemp("holo") / "faces", 24)


def _state(path):
    return torch.load(path, weights_only=True)


ARGS = ["--epochs", "2", *TINY, "--set", "trainer.step_options.fresh_noise=true"]


@pytest.fixture(scope="module")
def trained(faces, tmp_path_factory):
    """One tiny 2-epoch run shared by the tests below: (run folder, stdout)."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    out = tmp_path_factory.mktemp("gan-runs")
    result = CliRunner().invoke(
        app,
        ["train", "dcgan-anime", "--data", str(faces), *ARGS, "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return out / "dcgan-anime/001", result.stdout


def test_train_writes_grids_and_both_networks(trained):
    run, stdout = trained
    assert stdout.strip().endswith(str(run))
    assert sorted(p.name for p in (run / "samples").glob("*.png")) == [
        "epoch-0001.png",
        "epoch-0002.png",
    ]
    last = _state(run / "last.pt")
    assert last["model"]["name"] == "dcgan_generator"
    assert last["model"]["in_shape"] == [100, 1, 1]
    assert last["discriminator"]["model"]["name"] == "dcgan_discriminator"
    assert {"optimizer", "optimizer_d", "noise"} <= set(last)
    assert last["input_spec"]["kind"] == "noise"
    assert last["optimizer_d"]["param_groups"][0]["lr"] == 1e-5
    assert last["optimizer"]["param_groups"][0]["lr"] == 1e-4
    history = last["fit_state"]["history"]
    assert [r["epoch"] for r in history] == [1, 2] and history[-1]["train_g_loss"] > 0
    assert _state(run / "best.pt")["epoch"] == 2  # mode: last


def test_g_steps_every_second_batch_and_noise_is_reused_unless_fresh(faces):
    from dlkit.families.gan.gan_step import GanStep

    pair = MODELS.create("dcgan", in_shape=[3, 96, 96], num_outputs=3, ngf=4, ndf=4)
    g_spec, d_spec = pair.specs()
    opt_g = torch.optim.Adam(pair.generator.parameters(), 1e-4)
    opt_d = torch.optim.Adam(pair.discriminator.parameters(), 1e-5)
    step = GanStep(
        pair.generator,
        pair.discriminator,
        (g_spec, d_spec),
        opt_g,
        opt_d,
        torch.device("cpu"),
        noise_batch=4,
        seed=0,
    )
    real = torch.rand(4, 3, 96, 96) * 2 - 1
    before = [p.clone() for p in pair.generator.parameters()]
    _, g_sum, _ = step.train_batch((real, None), 0)
    assert g_sum == 0 and all(
        torch.equal(a, b) for a, b in zip(before, pair.generator.parameters())
    )
    _, g_sum, _ = step.train_batch((real, None), 1)
    assert g_sum > 0 and not torch.equal(before[0], next(pair.generator.parameters()))
    assert torch.equal(step._noise(4), step._noise(4))
    step.fresh_noise = True
    assert not torch.equal(step._noise(4), step._noise(4))


def test_resume_is_exact(cli, faces, trained, tmp_path, monkeypatch):
    args = ["--data", faces, *ARGS]
    full = _state(trained[0] / "last.pt")
    original = Trainer._save

    def snapshot(self, run_dir, improved):
        original(self, run_dir, improved)
        if self.state.epoch == 1:
            shutil.copy(run_dir / "last.pt", tmp_path / "epoch1.pt")

    monkeypatch.setattr(Trainer, "_save", snapshot)
    assert cli("train", "dcgan-anime", *args, "--out", tmp_path / "crash").exit_code == 0
    monkeypatch.setattr(Trainer, "_save", original)
    crashed = tmp_path / "crash/dcgan-anime/001"
    shutil.copy(tmp_path / "epoch1.pt", crashed / "last.pt")
    result = cli("train", "--resume", crashed, "-q")
    assert result.exit_code == 0, result.stderr
    resumed = _state(crashed / "last.pt")
    for key in ("state_dict",):
        for name, tensor in full[key].items():
            assert torch.equal(tensor, resumed[key][name]), name
    for name, tensor in full["discriminator"]["state_dict"].items():
        assert torch.equal(tensor, resumed["discriminator"]["state_dict"][name]), name
    assert [r["train_loss"] for r in resumed["fit_state"]["history"]] == [
        r["train_loss"] for r in full["fit_state"]["history"]
    ]


def test_predict_samples_writes_images_and_a_grid(cli, trained, tmp_path):
    run = trained[0]
    result = cli("predict", run, "--samples", "5", "--seed", "1", "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    out = run / "samples/seed-1"  # next to the epoch grids
    assert sorted(p.name for p in out.iterdir()) == ["grid.png"] + [
        f"sample-{i:04d}.png" for i in range(1, 6)
    ]
    assert result.stdout.splitlines()[0] == "file,seed,index"
    import cv2

    first = cv2.imread(str(out / "sample-0001.png"))
    assert first.shape == (96, 96, 3)
    again = tmp_path / "again"
    assert cli("predict", run, "--samples", "5", "--seed", "1", "--out", again).exit_code == 0
    assert np.array_equal(cv2.imread(str(again / "sample-0001.png")), first)
    other = tmp_path / "other"
    assert cli("predict", run, "--samples", "5", "--seed", "2", "--out", other).exit_code == 0
    assert not np.array_equal(cv2.imread(str(other / "sample-0001.png")), first)
    result = cli("predict", run, "x.png")
    assert result.exit_code == 2 and "generator" in result.stderr


def test_the_generator_exports_like_any_conv_net(cli, trained, tmp_path):
    run, _ = trained
    out = tmp_path / "g.pt"
    result = cli("export", run, "--format", "torchscript", "--out", out, "--json")
    assert result.exit_code == 0, result.stderr
    assert out.is_file() and json.loads(result.stdout)["verified"]["max_abs_diff"] <= 1e-4
