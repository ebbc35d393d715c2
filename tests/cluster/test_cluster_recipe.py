"""The cluster recipe: shipped defaults, --recipe / --config / --set overrides, validation of
every problem at once, and the recipe commands (recipes, config show/cp) coping with it."""

from __future__ import annotations

import json

import pytest
import yaml

from dlkit.cluster.recipe import validate
from dlkit.config.load import resolve
from dlkit.config.recipes import find_recipe
from dlkit.errors import UsageError
from dlkit.jobs.cluster import FLAG_KEYS, load_recipe


def test_shipped_recipe_has_every_default():
    path = find_recipe("cluster-reviews")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    recipe = validate(raw)
    assert recipe.model_dump(mode="json") == raw  # every setting is written out
    assert path.read_text(encoding="utf-8").startswith("# dlkit cluster ")


def test_flags_map_to_recipe_keys():
    recipe = load_recipe(
        None,
        [],
        [],
        {"algo": "kmeans", "n_clusters": 5, "dims": 3, "outliers": "keep", "ngrams": "1-2"},
    )
    assert recipe.cluster.name == "kmeans"
    assert recipe.cluster.subsections()["kmeans"] == {"n_clusters": 5}
    assert recipe.reduce.subsections()["auto"]["dims"] == 3
    assert recipe.topics.outliers == "keep" and recipe.keywords.ngram_range == (1, 2)
    assert set(FLAG_KEYS) >= {"algo", "reduce", "eps", "min_cluster_size", "dims", "topics"}


def test_precedence_recipe_config_flags_set(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("cluster: {name: dbscan, dbscan: {eps: 0.7}}\nseed: 3\n")
    recipe = load_recipe("cluster-reviews", [str(extra)], ["seed=9"], {"min_samples": 4, "seed": 5})
    assert recipe.cluster.name == "dbscan"
    assert recipe.cluster.subsections()["dbscan"] == {"eps": 0.7, "min_samples": 4}
    assert recipe.seed == 9  # --set beats the flag


def test_every_problem_at_once():
    raw = resolve(
        find_recipe("cluster-reviews"),
        sets=[
            "cluster.name=kmean",
            "cluster.kmeans.n_clusters=0",
            "reduce.pca.dims=x",
            "topics.outlier_flor=0.3",
            "embed.batch_size=0",
        ],
    )
    with pytest.raises(UsageError) as info:
        validate(raw)
    text = str(info.value)
    assert "cluster.name: unknown cluster algorithm 'kmean' (did you mean 'kmeans'?)" in text
    assert "cluster.kmeans.n_clusters: input should be greater than or equal to 1" in text
    assert "reduce.pca.dims:" in text and "embed.batch_size:" in text
    assert "topics.outlier_flor: unknown key (did you mean 'outlier_floor'" in text


def test_another_recipe_by_file(cli, en_csv, cache_dir, tmp_path):
    mine = tmp_path / "my-cluster.yaml"
    assert cli("config", "cp", "cluster-reviews", mine).exit_code == 0
    text = mine.read_text(encoding="utf-8").replace("name: hdbscan ", "name: kmeans  ")
    text = text.replace("kmeans: {n_clusters: 8}", "kmeans: {n_clusters: 3}")
    mine.write_text(text.replace("name: cluster-reviews", "name: my-cluster"), encoding="utf-8")
    result = cli(
        "cluster",
        en_csv,
        "--recipe",
        mine,
        "--cache-dir",
        cache_dir,
        "--out",
        tmp_path / "runs",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["recipe"] == "my-cluster" and summary["algo"] == "kmeans"
    assert summary["n_topics"] == 3


def test_recipe_commands_cope(cli):
    rows = json.loads(cli("recipes", "--json").stdout)
    row = next(r for r in rows if r["name"] == "cluster-reviews")
    assert row["task"] == "cluster" and row["dataset"] == ""
    shown = cli("config", "show", "cluster-reviews", "--set", "cluster.name=dbscan")
    assert shown.exit_code == 0 and "name: dbscan" in shown.stdout
    train = cli("train", "cluster-reviews")
    assert train.exit_code == 2 and "dlkit cluster" in train.stderr


def test_help_names_the_recipe_keys(cli):
    result = cli("cluster", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for key in ("cluster.dbscan.eps", "reduce.name", "topics.outliers=keep", "--recipe"):
        assert key in result.stdout
