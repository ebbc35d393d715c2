"""Fit on a seeded sample, assign the rest in batches: clustering that stays flat in memory.

Called by the cluster pipeline when there are more near-duplicate groups than ``scale.sample``.
The reduction (whose neighbour graph grows with the square of the rows) and HDBSCAN see only a
seeded sample of the groups; every other group takes the topic its ``k`` nearest sampled
neighbours (cosine, in the embedding space) vote for, in batches of ``batch`` rows, so the
largest matrix held is ``batch × sample`` (1,024 × 20,000 float32: 82 MB). A group whose neighbours are mostly outliers stays an
outlier (``topics.outliers`` then treats it like any other). The smallest topic that can be found
is about ``min_cluster_size / sample`` of the groups: the default 20,000-sample with HDBSCAN's
scaled ``min_cluster_size`` (70 there) finds topics from about 0.35 % of the texts.
"""

from __future__ import annotations

from typing import Any

from dlkit.cluster import vector_file

NEIGHBOURS = 10


def seeded_sample(n: int, size: int, seed: int) -> Any:
    """``size`` distinct row numbers out of ``n`` (sorted), the same for the same seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=min(size, n), replace=False))


def knn_assign(
    x: Any,
    sample: Any,
    sample_labels: Any,
    sample_scores: Any,
    k: int = NEIGHBOURS,
    batch: int = 1024,
) -> tuple[Any, Any]:
    """Labels and scores for every row of ``x``: sampled rows keep theirs, the others take the
    majority label of their ``k`` nearest sampled rows (score: that label's share of the
    votes times the mean similarity of its voters)."""
    import numpy as np

    n = x.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    scores = np.zeros(n, dtype=np.float64)
    labels[sample], scores[sample] = sample_labels, sample_scores
    rest = np.setdiff1d(np.arange(n), sample, assume_unique=True)
    reference = np.ascontiguousarray(x[sample], dtype=np.float32)
    sample_labels = np.asarray(sample_labels)
    k = max(1, min(k, len(sample)))
    for start in range(0, len(rest), batch):
        rows = rest[start : start + batch]
        sims = np.asarray(x[rows], dtype=np.float32) @ reference.T
        vector_file.release(x)
        near = np.argpartition(sims, -k, axis=1)[:, -k:]
        votes = sample_labels[near]
        near_sims = np.take_along_axis(sims, near, axis=1)
        for i, row in enumerate(rows):
            values, counts = np.unique(votes[i], return_counts=True)
            best = int(np.argmax(counts))
            labels[row] = values[best]
            chosen = votes[i] == values[best]
            scores[row] = counts[best] / k * float(near_sims[i][chosen].mean())
    return labels, np.clip(scores, 0.0, 1.0)
