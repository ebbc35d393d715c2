"""MNIST from IDX files, and evaluate / predict / prepare on the resulting runs."""

from __future__ import annotations

import gzip
import json

import cv2
import numpy as np
import pytest
from mnist_files import write_mnist


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
    return write_mnist(tmp_path_factory.mktemp("mnist"), train=800, test=200)


@pytest.fixture(scope="module")
def mnist_run(mnist_dir, tmp_path_factory):
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    out = tmp_path_factory.mktemp("runs")
    result = CliRunner().invoke(
        app,
        [
            "train",
            "mnist-cnn",
            "--data-dir",
            str(mnist_dir),
            "--epochs",
            "3",
            "--out",
            str(out),
            "--json",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    return out / "mnist-cnn" / "001"


def test_mnist_cnn_has_the_seed_parameter_count(mnist_run):
    assert json.loads((mnist_run / "metrics.json").read_text())["params"] == 843_658


def test_mnist_cnn_learns_from_idx_files(mnist_run):
    metrics = json.loads((mnist_run / "metrics.json").read_text())
    assert metrics["test_acc"] > 0.8


def test_evaluate_writes_report_files(cli, mnist_run):
    result = cli("evaluate", mnist_run, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["split"] == "test" and summary["samples"] == 200
    assert 0.8 < summary["accuracy"] <= 1 and len(summary["per_class"]) == 10
    out = mnist_run / "eval-test"
    for name in (
        "confusion_matrix.csv",
        "confusion_matrix.png",
        "per_class.csv",
        "metrics.json",
        "samples.png",
    ):
        assert (out / name).is_file(), name
    matrix = np.loadtxt(
        out / "confusion_matrix.csv", delimiter=",", skiprows=1, usecols=range(1, 11)
    )
    assert matrix.sum() == 200


def test_predict_images_of_any_size_and_colour(cli, mnist_run, mnist_dir, tmp_path):
    from mnist_files import digits_28

    images, labels = digits_28(6, offset=1000)
    folder = tmp_path / "digits"
    folder.mkdir()
    for i, (image, label) in enumerate(zip(images, labels)):
        big = cv2.resize(255 - image, (112, 112))  # dark ink on white, 4x larger
        colour = cv2.cvtColor(big, cv2.COLOR_GRAY2BGR)
        cv2.imwrite(str(folder / f"{i}_{label}.{'png' if i % 2 else 'jpg'}"), colour)
    (folder / "broken.png").write_bytes(b"not an image")
    (folder / ".DS_Store").write_bytes(b"junk")
    result = cli("predict", mnist_run, folder, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["predictions"]) == 6 and any("broken.png" in s for s in data["skipped"])
    hits = sum(p["prediction"] == p["file"].rsplit("_", 1)[1][0] for p in data["predictions"])
    assert hits >= 4
    assert all(len(p["top"]) == 3 for p in data["predictions"])
    csv_text = cli("predict", mnist_run, folder / f"0_{labels[0]}.jpg").stdout
    assert csv_text.splitlines()[0].startswith("file,prediction,probability")


def test_softmax_plot_weights(cli, mnist_dir, tmp_path):
    assert (
        cli(
            "train",
            "mnist-softmax",
            "--data-dir",
            mnist_dir,
            "--epochs",
            "1",
            "--out",
            tmp_path,
            "-q",
        ).exit_code
        == 0
    )
    run = tmp_path / "mnist-softmax" / "001"
    assert cli("evaluate", run, "--plot-weights", "-q").exit_code == 0
    assert (run / "eval-test" / "weights.png").is_file()
    result = cli("evaluate", tmp_path / "mnist-softmax" / "001" / "best.pt", "--split", "val")
    assert result.exit_code == 0 and "eval-val" in result.stdout


def test_prepare_writes_the_cache(cli, mnist_dir):
    result = cli("prepare", "mnist-cnn", "--data-dir", mnist_dir, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["splits"] == {"train": 640, "val": 160, "test": 200}
    assert (mnist_dir / "dlkit-cache" / "mnist.npz").is_file()
    assert cli("prepare", "digits").exit_code == 0


def test_missing_and_corrupt_mnist_files(cli, tmp_path, mnist_dir):
    result = cli("train", "mnist-cnn", "--data-dir", tmp_path / "nowhere", "--epochs", "1")
    assert result.exit_code == 3
    assert "train-images-idx3-ubyte.gz" in result.stderr and "--data-dir" in result.stderr
    broken = tmp_path / "broken"
    write_mnist(broken, train=50, test=20)
    raw = gzip.decompress((broken / "train-images-idx3-ubyte.gz").read_bytes())
    (broken / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(raw[:-100]))
    result = cli("train", "mnist-cnn", "--data-dir", broken, "--epochs", "1")
    assert result.exit_code == 3 and "truncated or corrupt" in result.stderr
    assert result.stderr.count("\n") == 1


def test_cuda_on_a_cpu_machine_is_an_error(cli):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = cli("train", "digits-mlp", "--device", "cuda")
    assert result.exit_code == 2 and "--device cuda" in result.stderr


def test_evaluate_missing_run(cli, tmp_path):
    result = cli("evaluate", tmp_path / "nope")
    assert result.exit_code == 3 and result.stderr.startswith("dlkit: error:")
