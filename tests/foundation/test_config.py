"""Config loading, merging, validation and the config/recipes commands."""

from __future__ import annotations

import json

import pytest

from dlkit.config.load import merge, parse_set, resolve
from dlkit.config.recipes import find_recipe, recipe_names
from dlkit.config.validate import validate
from dlkit.errors import UsageError


def test_parse_set_uses_yaml_values():
    assert parse_set("optim.lr=3e-4") == (["optim", "lr"], 3e-4)
    assert parse_set("model.channels=[8, 16]") == (["model", "channels"], [8, 16])
    assert parse_set("trainer.grad_clip=null") == (["trainer", "grad_clip"], None)
    assert parse_set("name=__import__('os')") == (["name"], "__import__('os')")
    with pytest.raises(UsageError):
        parse_set("no-equals-sign")


def test_merge_is_deep_and_does_not_mutate():
    base = {"a": {"b": 1, "c": 2}, "d": [1]}
    out = merge(base, {"a": {"b": 5}, "d": [2]})
    assert out == {"a": {"b": 5, "c": 2}, "d": [2]}
    assert base["a"]["b"] == 1


def test_precedence_recipe_then_config_files_then_flags_then_set(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("trainer: {epochs: 7, device: cpu}\noptim: {lr: 0.5}\n")
    raw = resolve(
        find_recipe("digits-cnn"),
        [str(extra)],
        ["optim.lr=0.25"],
        {"trainer.epochs": 3, "optim.lr": 0.1},
    )
    assert raw["trainer"]["epochs"] == 3  # flag beats --config file
    assert raw["trainer"]["device"] == "cpu"  # --config beats recipe
    assert raw["optim"]["lr"] == 0.25  # --set beats flag
    assert raw["model"]["channels"] == [32, 64]  # recipe default survives


@pytest.mark.parametrize("name", recipe_names())
def test_every_shipped_recipe_validates(name):
    recipe = validate(resolve(find_recipe(name)))
    assert recipe.name == name
    first_line = find_recipe(name).read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# dlkit ") and name in first_line


def test_all_problems_reported_at_once_with_suggestions():
    raw = resolve(
        find_recipe("digits-cnn"),
        sets=["trainer.epoch=3", "data.batch_size=x", "model.chanels=[1]", "optim.name=adamm"],
    )
    with pytest.raises(UsageError) as info:
        validate(raw)
    text = str(info.value)
    assert "trainer.epoch: unknown key (did you mean 'epochs'?)" in text
    assert "data.batch_size:" in text and "integer" in text
    assert "model.chanels: unknown key (did you mean 'channels'?)" in text


def test_cli_config_errors_are_one_line_exit_2(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndata: {name: digits\nmodel: [\n")
    for args in (
        ["train", str(bad)],
        ["train", "no-such-recipe"],
        ["train", "digits-cnn", "--set", "trainer.epochs=ten"],
        ["train", "digits-cnn", "--set", "trainer.epoch=2"],
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("dlkit: error: ")
        assert "Traceback" not in result.stderr
    assert "malformed YAML" in cli("train", str(bad)).stderr
    assert "did you mean" in cli("train", "digits-cnm").stderr


def test_print_config_shows_overrides(cli):
    result = cli("train", "digits-cnn", "--print-config", "--epochs", "3", "--lr", "0.01")
    assert result.exit_code == 0
    assert "epochs: 3" in result.stdout and "lr: 0.01" in result.stdout


def test_config_cp_keeps_comments_and_refuses_overwrite(cli, tmp_path):
    dest = tmp_path / "my.yaml"
    assert cli("config", "cp", "mnist-cnn", dest).exit_code == 0
    assert dest.read_text().startswith("# dlkit train mnist-cnn")
    again = cli("config", "cp", "mnist-cnn", dest)
    assert again.exit_code == 2 and "--force" in again.stderr
    shown = cli("config", "show", str(dest), "--set", "trainer.epochs=2")
    assert shown.exit_code == 0 and "epochs: 2" in shown.stdout


def test_recipes_lists_every_yaml(cli):
    result = cli("recipes", "--json")
    names = {row["name"] for row in json.loads(result.stdout)}
    assert names == set(recipe_names())
    assert {"digits-cnn", "mnist-cnn", "mnist-softmax"} <= names


def test_an_edited_copy_runs_under_its_own_name(cli, tmp_path):
    dest = tmp_path / "my-digits.yaml"
    assert cli("config", "cp", "digits-mlp", dest).exit_code == 0
    assert "name: my-digits" in dest.read_text() and "name: digits-mlp" not in dest.read_text()
    result = cli("train", dest, "--epochs", "1", "-q", "--out", tmp_path / "runs")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith(str(tmp_path / "runs" / "my-digits" / "001"))


def test_a_config_nesting_5000_deep_is_one_usage_error(tmp_path):
    from dlkit.config.load import load_yaml

    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(UsageError, match="nests too deep"):
        load_yaml(deep)
