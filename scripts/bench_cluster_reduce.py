"""Which reduction before HDBSCAN finds the known topics: NMI on generated, labelled, messy texts.

    HF_HUB_OFFLINE=1 PYTHONPATH=src python scripts/bench_cluster_reduce.py [--n 2000] [--seed 0]

Embeds ``dlkit.cluster.samples.messy_texts`` (16 topics in 4 domains that share words; URLs,
mentions, emoji, duplicates) once with the default model, then for each reducer runs HDBSCAN with
the recipe's data-scaled defaults and prints: NMI against the known topics (outliers count as one
more label), NMI of the clustered rows only, topics found, outlier share, the largest topic's
share, and the seconds the reduction + clustering took. The default reducer of
``configs/cluster-reviews.yaml`` was picked from this table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

CANDIDATES = [
    ("none", {}),
    ("pca", {"dims": 5}),
    ("pca", {"dims": 10}),
    ("pca", {"dims": 50}),
    ("spectral", {"dims": 5}),
    ("spectral", {"dims": 10}),
    ("umap", {"dims": 5}),
    ("umap", {"dims": 10}),
    ("tsne", {}),
]


def main() -> None:
    import numpy as np
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from dlkit.cluster import embed
    from dlkit.cluster.components import ALGORITHMS, REDUCERS
    from dlkit.cluster.samples import messy_texts

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--skip", default="", help="comma-separated reducer names to leave out")
    args = parser.parse_args()
    rows = messy_texts(args.n, args.seed)
    truth = np.array([t for t, _ in rows])
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(args.cache_dir or tmp)
        t0 = time.perf_counter()
        x, _ = embed.embed_texts([t for _, t in rows], embed.resolve_model(None), cache)
        print(f"embedding {args.n} texts: {time.perf_counter() - t0:.1f} s")
    print(
        f"{'reducer':<16}{'NMI':>6}{'NMI-in':>8}{'topics':>8}{'outliers':>10}{'largest':>9}{'s':>7}"
    )
    for name, options in CANDIDATES:
        if name in args.skip.split(","):
            continue
        t0 = time.perf_counter()
        reduced = REDUCERS.create(name, seed=42, **options)(x)
        labels, _ = ALGORITHMS.create("hdbscan", seed=42)(reduced.vectors)
        seconds = time.perf_counter() - t0
        inside = labels >= 0
        sizes = np.bincount(labels[inside]) if inside.any() else np.array([0])
        label = f"{name} {options.get('dims', '')}".strip()
        print(
            f"{label:<16}{nmi(truth, labels):6.3f}{nmi(truth[inside], labels[inside]):8.3f}"
            f"{len(sizes):8d}{1 - inside.mean():10.1%}{sizes.max() / len(labels):9.1%}"
            f"{seconds:7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
