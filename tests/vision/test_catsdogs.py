"""Cats vs dogs (seed 004 §8): parameter counts match the seed's Keras summaries, and every recipe
trains, evaluates and predicts from the CLI on small generated photos (random-init VGG16 —
``weights: none`` — at 32×32; the catsdogs convnet at 48×48, its smallest size)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from dlkit.components import MODELS
from dlkit.config.validate import component_options
from dlkit.jobs.recipe_args import Overrides, load_recipe


def build(recipe: str, in_shape: list[int], *sets: str):
    loaded = load_recipe(recipe, Overrides(sets=list(sets)))
    return MODELS.create(
        loaded.model.name, in_shape=in_shape, num_outputs=1, **component_options(loaded, "model")
    )


def count(model, trainable: bool = False) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable)


@pytest.mark.parametrize("recipe", ["catsdogs-cnn", "catsdogs-cnn-aug"])
def test_convnet_has_the_seeds_parameter_count(recipe):
    assert count(build(recipe, [3, 150, 150])) == 3_453_121


def test_vgg16_counts_match_keras():
    frozen = build("catsdogs-vgg16-frozen", [3, 150, 150], "model.weights=none")
    assert count(frozen) == 16_812_353 and count(frozen, trainable=True) == 2_097_665
    head = build("catsdogs-vgg16-features", [512, 4, 4])
    assert count(head) == 2_097_665


def test_finetune_plus_hooks_stage_block5():
    model = build(
        "catsdogs-vgg16-finetune-plus", [3, 32, 32], "model.weights=none", "model.warmup_epochs=2"
    )
    groups = model.param_groups(1e-4)
    assert [g["lr"] for g in groups] == [1e-4, 1e-5]
    model.on_epoch_start(2)
    assert count(model, trainable=True) == count(model.head)
    model.on_epoch_start(3)
    assert count(model, trainable=True) == count(model.head) + 3 * (512 * 512 * 9 + 512)


def test_finetune_trains_block5_and_head_at_the_seeds_lr_from_the_start():
    recipe = load_recipe("catsdogs-vgg16-finetune", Overrides(sets=["model.weights=none"]))
    model = build("catsdogs-vgg16-finetune", [3, 32, 32], "model.weights=none")
    assert [g["lr"] for g in model.param_groups(recipe.optim.lr)] == [1e-5, 1e-5]
    model.on_epoch_start(1)
    assert count(model, trainable=True) == count(model.head) + 3 * (512 * 512 * 9 + 512)


def setting(recipe: str, path: str):
    value = load_recipe(recipe, Overrides()).model_dump()
    for key in path.split("."):
        value = value[key]
    return value


@pytest.mark.parametrize(
    "recipe, path, seed_value",
    [
        ("catsdogs-cnn", "data.batch_size", 20),
        ("catsdogs-cnn", "trainer.epochs", 30),
        ("catsdogs-cnn", "optim.lr", 1e-4),
        ("catsdogs-cnn", "model.dropout", 0.0),
        ("catsdogs-cnn-aug", "data.batch_size", 32),
        ("catsdogs-cnn-aug", "trainer.epochs", 50),
        ("catsdogs-cnn-aug", "model.dropout", 0.5),
        ("catsdogs-cnn-aug", "data.augment.rotation", 40),
        ("catsdogs-vgg16-features", "optim.lr", 2e-5),
        ("catsdogs-vgg16-features", "model.dropout", 0.5),
        ("catsdogs-vgg16-features", "trainer.epochs", 30),
        ("catsdogs-vgg16-frozen", "optim.lr", 2e-5),
        ("catsdogs-vgg16-frozen", "model.dropout", 0.0),
        ("catsdogs-vgg16-frozen", "trainer.epochs", 30),
        ("catsdogs-vgg16-finetune", "trainer.epochs", 100),
        ("catsdogs-vgg16-finetune", "optim.lr", 1e-5),
        ("catsdogs-vgg16-finetune", "model.warmup_epochs", 0),
        ("catsdogs-vgg16-finetune", "data.batch_size", 20),
    ],
)
def test_recipes_keep_the_seeds_settings(recipe, path, seed_value):
    assert setting(recipe, path) == seed_value


def train(cli, recipe: str, data: Path, out: Path, *extra: str) -> str:
    result = cli("train", recipe, "--data-dir", data, "--out", out, "--epochs", "1", *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def check_run(cli, run: str, images: Path) -> None:
    evaluated = cli("evaluate", run, "--json")
    assert evaluated.exit_code == 0, evaluated.stderr
    assert '"accuracy"' in evaluated.stdout
    predicted = cli("predict", run, images)
    assert predicted.exit_code == 0, predicted.stderr
    assert predicted.stdout.count("\n") == 1 + 2 and "cats" in predicted.stdout


@pytest.mark.parametrize("recipe", ["catsdogs-cnn", "catsdogs-cnn-aug"])
def test_convnet_recipes_train_evaluate_predict(cli, split_folder, tmp_path, recipe):
    run = train(cli, recipe, split_folder, tmp_path / "runs", "--set", "data.image_size=48")
    check_run(cli, run, split_folder / "test" / "cats")
    assert (Path(run) / "eval-test" / "samples.png").is_file()


def test_vgg16_frozen_recipe(cli, split_folder, tmp_path):
    run = train(
        cli,
        "catsdogs-vgg16-frozen",
        split_folder,
        tmp_path / "runs",
        "--set",
        "data.image_size=32",
        "--set",
        "model.weights=none",
    )
    check_run(cli, run, split_folder / "test" / "cats")


def test_vgg16_finetune_trains_block5_only_after_the_warmup(cli, split_folder, tmp_path):
    from dlkit.engine import checkpoint
    from dlkit.families.images.vgg16_transfer import vgg16_base

    run = train(
        cli,
        "catsdogs-vgg16-finetune-plus",
        split_folder,
        tmp_path / "runs",
        "--epochs",
        "2",
        "--set",
        "data.image_size=32",
        "--set",
        "model.weights=none",
        "--set",
        "model.warmup_epochs=1",
    )
    state = checkpoint.load(Path(run) / "last.pt")["state_dict"]
    start = vgg16_base("none", 0).state_dict()
    assert torch.equal(state["base.21.weight"], start["21.weight"])  # block4: frozen
    assert not torch.equal(state["base.28.weight"], start["28.weight"])  # block5: fine-tuned


def test_vgg16_features_caches_and_predicts_like_it_evaluates(
    cli, split_folder, tmp_path, monkeypatch
):
    from dlkit.families.images import vgg16_features as module

    sets = ("--set", "data.image_size=32", "--set", "data.weights=none")
    run = train(cli, "catsdogs-vgg16-features", split_folder, tmp_path / "runs", *sets)
    assert (split_folder / "dlkit-cache" / "vgg16-features-32x32.npz").is_file()
    check_run(cli, run, split_folder / "test" / "cats")
    monkeypatch.setattr(module, "extract", lambda *a, **k: pytest.fail("features recomputed"))
    train(cli, "catsdogs-vgg16-features", split_folder, tmp_path / "runs", *sets)

    from dlkit.engine import checkpoint
    from dlkit.jobs.predict import predict

    ckpt = checkpoint.load(Path(run) / "best.pt")
    dataset = module.vgg16_features(str(split_folder), image_size=32, weights="none")
    head = checkpoint.build_model(ckpt, head_only=True).eval()
    with torch.no_grad():
        from_cache = torch.sigmoid(head(torch.from_numpy(dataset.test.x))[:, 0]).numpy()
    rows, _ = predict(run, [str(split_folder / "test")], device="cpu")
    from_photos = [
        r["top"][0]["p"] if r["prediction"] == "dogs" else 1 - r["top"][0]["p"] for r in rows
    ]
    assert np.allclose(sorted(from_photos), sorted(from_cache), atol=1e-3)


def test_offline_imagenet_weights_is_one_line(cli, split_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    result = cli(
        "train",
        "catsdogs-vgg16-frozen",
        "--data-dir",
        split_folder,
        "--out",
        tmp_path / "runs",
        "--set",
        "data.image_size=32",
    )
    assert result.exit_code == 3
    message = result.stderr.strip().splitlines()[-1]
    assert "vgg16-397923af.pth" in message and "model.weights" in message
    assert "Traceback" not in result.stderr
