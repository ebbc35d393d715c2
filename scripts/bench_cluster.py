"""Benchmark ``dlkit cluster`` at scale: seconds per stage and peak memory, 10k and 100k texts.

    HF_HUB_OFFLINE=1 python scripts/bench_cluster.py --n 10000              # real embeddings
    HF_HUB_OFFLINE=1 python scripts/bench_cluster.py --n 100000 --standin   # stand-in vectors

Generates ``dlkit.cluster.samples.messy_texts(n)`` (16 topics; URLs, mentions, emoji,
duplicates), writes them as a CSV and runs the default recipe twice through the job
(``dlkit.jobs.cluster.cluster``) in one process: on a cold embedding cache (a temp dir), then
again on the warm cache (goal: ≤ 5 % of the cold run). Prints each stage's seconds (read +
tokenise, embed, reduce, cluster, topics, report), the topics and outlier share, and the
process's peak resident memory. ``--standin`` fills the cache first with cheap stand-in vectors
(hashed word counts projected to 384-D) so the stages after embedding can be timed at 100k texts
without an hour of CPU encoding: its ``embed`` row is then a cache read, and the encoding cost is
the 10k run's throughput times the unique texts.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

STAGES = ("read", "embed", "reduce", "cluster", "topics", "report")


def standin_vectors(texts: list[str], dim: int = 384):
    """Unit vectors from hashed word counts (same words → near vectors). They time the stages after
    embedding, nothing more: shared stop words make them one blob, so the topics are meaningless."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    counts = HashingVectorizer(n_features=2**16, alternate_sign=False).transform(texts)
    rng = np.random.default_rng(0)
    projection = rng.standard_normal((2**16, dim)).astype(np.float32)
    x = np.asarray(counts @ projection, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def prefill(cache: Path, texts: list[str]) -> None:
    from dlkit.cluster import embed

    unique = sorted(set(texts))
    cache_ = embed.EmbeddingCache(cache, embed.resolve_model(None))
    cache_.add([embed.text_key(t) for t in unique], standin_vectors(unique))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--standin", action="store_true", help="stand-in vectors, no encoding")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import hdbscan  # noqa: F401  (import first: we time the job, not the imports)
    import pandas as pd
    import sentence_transformers  # noqa: F401
    import sklearn.manifold  # noqa: F401

    from dlkit.cluster.samples import messy_texts
    from dlkit.jobs.cluster import cluster

    rows = messy_texts(args.n, args.seed)
    texts = [t for _, t in rows]
    with tempfile.TemporaryDirectory() as tmp:
        data, cache = Path(tmp) / "texts.csv", Path(tmp) / "cache"
        pd.DataFrame({"text": texts}).to_csv(data, index=False)
        if args.standin:
            prefill(cache, texts)
        flags = {"file": data, "out": Path(tmp) / "runs", "cache_dir": cache}
        runs = []
        for _ in range(2):
            start = time.perf_counter()
            summary = cluster(None, flags=flags, quiet=True)
            runs.append((time.perf_counter() - start, summary))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (cold_s, cold), (warm_s, warm) = runs
    print(
        f"texts: {len(texts):,} ({len(set(texts)):,} unique)"
        f"{', stand-in vectors' if args.standin else ''}"
    )
    print(f"{'stage':<8}{'cold s':>9}{'warm s':>9}")
    for stage in STAGES:
        print(f"{stage:<8}{cold['seconds'][stage]:9.2f}{warm['seconds'][stage]:9.2f}")
    print(
        f"{'total':<8}{cold_s:9.2f}{warm_s:9.2f}   warm = {warm_s / cold_s:.1%} of cold "
        f"(goal <= 5%)"
    )
    print(
        f"embedded {cold['embedded']:,} texts cold, {warm['embedded']} warm; "
        f"{cold['n_topics']} topics, {cold['outlier_share']:.1%} outliers "
        f"({cold['outlier_share_before_assign']:.1%} before assignment), largest topic "
        f"{max(t['size'] for t in cold['topics']) / cold['n_texts']:.1%}"
    )
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
