"""The bad-input table: one row per wrong thing a user can type, for every subcommand.

A row is ``Case(id, args, code)``: ``args`` are the words after ``dlkit``; each ``{name}`` in them is
filled from the fixtures in ``test_bad_inputs.py`` (``{run}`` a trained digits-mlp run folder,
``{file}`` a regular file, ``{dir}`` an empty folder, ``{png}`` a readable image, ``{csv}`` a small
CSV of texts, ``{tmp}`` the test's working folder). ``match`` is a fragment the one stderr line must
contain. Every family adds its rows to its own list below; ``CASES`` gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    match: str = ""


def case(id: str, line: str, code: int, match: str = "") -> Case:
    """A row from a command line written as the user types it (split on spaces)."""
    return Case(id, tuple(line.split()), code, match)


# --- foundation: config, train, evaluate, predict, prepare, recipes, config -------------------
FOUNDATION: list[Case] = [
    case("train-unknown-recipe", "train nope-cnn", 2, "unknown recipe"),
    case("train-unknown-key", "train digits-mlp --set trainer.epoch=3", 2, "did you mean"),
    case("train-bad-type", "train digits-mlp --set data.batch_size=x", 2, "data.batch_size"),
    case("train-out-under-file", "train digits-mlp --out {file}/runs", 2, "is a file"),
    case("train-out-in-proc", "train digits-mlp --out /proc/dlkit-runs", 2, "cannot write"),
    case("predict-no-run", "predict {tmp}/nothere x.png", 3),
    case("evaluate-bad-split", "evaluate {run} --split train", 2, "--split"),
]

# --- scrape ----------------------------------------------------------------------------------
SCRAPE: list[Case] = []

# --- cluster ---------------------------------------------------------------------------------
CLUSTER: list[Case] = [
    case("cluster-unknown-algo", "cluster {csv} --algo nope", 2, "unknown cluster algorithm 'nope'"),
    case("cluster-algo-typo", "cluster {csv} --algo hdbscn", 2, "did you mean 'hdbscan'"),
    case("cluster-unknown-reducer", "cluster {csv} --reduce nope", 2, "unknown reducer 'nope'"),
    case("cluster-n-clusters-0", "cluster {csv} --n-clusters 0", 2, "cluster.kmeans.n_clusters"),
    case("cluster-eps-negative", "cluster {csv} --eps -1", 2, "cluster.dbscan.eps"),
    case("cluster-min-cluster-size-0", "cluster {csv} --min-cluster-size 0", 2,
         "cluster.hdbscan.min_cluster_size"),
    case("cluster-dims-0", "cluster {csv} --dims 0", 2, "reduce.auto.dims"),
    case("cluster-dims-without-dims", "cluster {csv} --reduce none --dims 3", 2,
         "reduce.none.dims: unknown key"),
    case("cluster-all-errors-at-once", "cluster {csv} --eps -1 --n-clusters 0", 2,
         "cluster.dbscan.eps: input should be greater than 0 (got -1.0); cluster.kmeans"),
    case("cluster-merge-threshold-3", "cluster {csv} --merge-threshold 3", 2,
         "topics.merge_threshold"),
    case("cluster-topics-0", "cluster {csv} --topics 0", 2, "topics.topics"),
    case("cluster-ngrams-bad", "cluster {csv} --ngrams 1-9", 2, "keywords.ngrams"),
    case("cluster-lexical-weight-2", "cluster {csv} --lexical-weight 2", 2,
         "embed.lexical_weight"),
    case("cluster-seed-negative", "cluster {csv} --seed -1", 2, "seed"),
    case("cluster-strict-and-assign", "cluster {csv} --strict --assign-outliers", 2, "--strict"),
    case("cluster-set-typo", "cluster {csv} --set cluster.hdbscan.min_cluster_sise=3", 2,
         "did you mean 'min_cluster_size'"),
    case("cluster-set-unknown-section", "cluster {csv} --set keyword.top_words=3", 2,
         "keyword: unknown key (did you mean 'keywords'?)"),
    case("cluster-unknown-recipe", "cluster {csv} --recipe nope-recipe", 2, "unknown recipe"),
    case("cluster-train-recipe", "cluster {csv} --recipe digits-cnn", 2, "not a cluster recipe"),
    case("train-cluster-recipe", "train cluster-reviews", 2, "'cluster' recipe"),
    case("cluster-out-under-file", "cluster {csv} --out {file}/runs", 2, "is a file"),
    case("cluster-out-in-proc", "cluster {csv} --out /proc/dlkit-runs", 2, "cannot write"),
    case("cluster-cache-dir-is-file", "cluster {csv} --cache-dir {file}", 2,
         "is a file, not a folder"),
    case("cluster-cache-dir-under-file", "cluster {csv} --cache-dir {file}/cache", 2,
         "is a file"),
    case("cluster-cache-dir-in-proc", "cluster {csv} --cache-dir /proc/dlkit-cache", 2,
         "cannot write"),
    case("cluster-missing-file", "cluster {tmp}/nothere.csv", 3, "not found"),
    case("cluster-no-file", "cluster", 2, "give a FILE"),
    case("cluster-unknown-demo", "cluster --demo kmeans", 2, "--demo"),
    case("cluster-demo-out-under-file", "cluster --demo dbscan --out {file}/x", 2, "is a file"),
]

# --- vision, stock ---------------------------------------------------------------------------
VISION: list[Case] = []
STOCK: list[Case] = []

CASES: list[Case] = FOUNDATION + SCRAPE + CLUSTER + VISION + STOCK
