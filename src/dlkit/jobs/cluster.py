"""The ``dlkit cluster`` job: resolve the cluster recipe, check every output path, then run.

Called by ``cli/cluster.py``. The recipe (``configs/cluster-reviews.yaml`` unless ``--recipe``
names another) is merged with ``--config`` files, the command's flags and ``--set`` items by the
shared ``config.load.resolve``, and validated in full before anything is read: a bad option, an
unknown algorithm, an output folder that cannot be written or a model that cannot load is a
one-line error before the first progress line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dlkit.errors import UsageError

DEFAULT_RECIPE = "cluster-reviews"

# flag → recipe key; {reduce} and {algo} stand for the chosen component's subsection.
FLAG_KEYS = {
    "file": "input.path",
    "text_column": "input.text_column",
    "near_duplicates": "input.near_duplicates",
    "model": "embed.model",
    "batch_size": "embed.batch_size",
    "cache": "embed.cache",
    "cache_dir": "embed.cache_dir",
    "lexical_weight": "embed.lexical_weight",
    "reduce": "reduce.name",
    "dims": "reduce.{reduce}.dims",
    "algo": "cluster.name",
    "min_cluster_size": "cluster.hdbscan.min_cluster_size",
    "min_samples": "cluster.{algo}.min_samples",
    "eps": "cluster.dbscan.eps",
    "n_clusters": "cluster.kmeans.n_clusters",
    "outliers": "topics.outliers",
    "outlier_floor": "topics.outlier_floor",
    "merge_threshold": "topics.merge_threshold",
    "topics": "topics.topics",
    "top_words": "keywords.top_words",
    "ngrams": "keywords.ngrams",
    "seed": "seed",
    "out": "out",
}


def _flag_paths(flags: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """Flags as recipe key paths, with the chosen reducer/algorithm filled in."""
    chosen = {
        "reduce": flags.get("reduce") or (raw.get("reduce") or {}).get("name"),
        "algo": flags.get("algo") or (raw.get("cluster") or {}).get("name"),
    }
    paths = {}
    for flag, value in flags.items():
        if value is None:
            continue
        if flag not in FLAG_KEYS:
            raise KeyError(flag)  # a bug: every CLI flag must be mapped
        key = FLAG_KEYS[flag]
        paths[key.format(**{k: v if isinstance(v, str) else "?" for k, v in chosen.items()})] = (
            str(value) if isinstance(value, Path) else value
        )
    return paths


def load_recipe(
    recipe_arg: str | None, config_files: list[str], sets: list[str], flags: dict[str, Any]
) -> Any:
    """The validated cluster recipe: recipe < --config files < flags < --set."""
    from dlkit.cluster.recipe import validate
    from dlkit.config.load import resolve
    from dlkit.config.recipes import find_recipe

    recipe_file = find_recipe(recipe_arg or DEFAULT_RECIPE)
    first = resolve(recipe_file, config_files, sets)
    if first.get("job") != "cluster":
        raise UsageError(
            f"{recipe_file} is not a cluster recipe (it has no 'job: cluster'); "
            f"train recipes run with 'dlkit train'"
        )
    return validate(resolve(recipe_file, config_files, sets, _flag_paths(flags, first)))


def cache_folder(recipe: Any) -> Path | None:
    from dlkit.cluster import embed

    if not recipe.embed.cache:
        return None
    return (
        Path(recipe.embed.cache_dir).expanduser()
        if recipe.embed.cache_dir
        else embed.default_cache_dir()
    )


def cluster(
    recipe_arg: str | None = None,
    config_files: Sequence[str] = (),
    sets: Sequence[str] = (),
    flags: dict[str, Any] | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Validate everything up front, then run the pipeline; returns the summary."""
    from dlkit import files
    from dlkit.cluster import distributed, embed, pipeline

    recipe = load_recipe(recipe_arg, list(config_files), list(sets), dict(flags or {}))
    if recipe.input.path is None:
        raise UsageError(
            "give a FILE of texts to cluster (or input.path in the recipe), or --demo dbscan"
        )
    files.check_writable(recipe.out, "--out", "dir")
    cache_dir = cache_folder(recipe)
    if cache_dir is not None:
        files.check_writable(cache_dir, "--cache-dir", "dir")
    ref = embed.resolve_model(recipe.embed.model)  # fail fast on a model that cannot load
    path = Path(recipe.input.path).expanduser()
    rank, size = distributed.world()
    if size == 1:
        return pipeline.run(
            recipe, path, ref, cache_dir, quiet, {"world_size": 1, "rows_per_rank": None}
        )
    if cache_dir is None:
        raise UsageError(
            "under torchrun the ranks share their vectors through the embedding "
            "cache: drop --no-cache (and give every node the same --cache-dir)"
        )
    try:
        rows = distributed.embed_share(recipe, path, ref, cache_dir, quiet)
        if rank != 0:
            return {"rank": rank, "world_size": size, "rows_per_rank": rows}
        return pipeline.run(
            recipe, path, ref, cache_dir, quiet, {"world_size": size, "rows_per_rank": rows}
        )
    finally:
        distributed.finish()


def demo(name: str, out: Path, seed: int) -> dict[str, Any]:
    """``--demo dbscan``: the seed's two-blob picture and its sensitivity to eps."""
    from dlkit import files
    from dlkit.cluster import demo as demos

    if name not in demos.DEMOS:
        raise UsageError(f"unknown --demo '{name}'; use one of {', '.join(demos.DEMOS)}")
    files.check_writable(out, "--out", "dir")
    return demos.run_demo(name, out, seed)
