"""The clustering step: HDBSCAN (default), DBSCAN or k-means on the (reduced) vectors.

Called by the cluster pipeline with unit-length vectors; every algorithm returns one label per row
(-1 = outlier) and a membership score in [0, 1]. HDBSCAN's ``min_samples`` defaults to a quarter of
``min_cluster_size`` (BERTopic leaves it equal, which is what makes 30-50 % of texts outliers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlkit.errors import UsageError

ALGORITHMS = ("hdbscan", "dbscan", "kmeans")


@dataclass(frozen=True)
class ClusterParams:
    algo: str = "hdbscan"
    min_cluster_size: int = 15
    min_samples: int | None = None
    eps: float = 0.5
    n_clusters: int = 8
    seed: int = 42


def default_min_samples(min_cluster_size: int) -> int:
    return max(2, min_cluster_size // 4)


def cluster(x: Any, params: ClusterParams) -> tuple[Any, Any]:
    """``(labels, scores)`` for the rows of ``x``."""
    import numpy as np

    if params.algo not in ALGORITHMS:
        raise UsageError(f"unknown --algo '{params.algo}'; use one of {', '.join(ALGORITHMS)}")
    n = x.shape[0]
    if params.algo == "kmeans":
        return _kmeans(x, params)
    size = params.min_cluster_size
    if size < 2:
        raise UsageError("--min-cluster-size must be at least 2")
    if params.algo == "hdbscan" and n < size:
        return np.full(n, -1), np.zeros(n)
    if params.algo == "hdbscan":
        return _hdbscan(x, params)
    return _dbscan(x, params)


def _hdbscan(x: Any, params: ClusterParams) -> tuple[Any, Any]:
    import hdbscan
    import numpy as np

    min_samples = params.min_samples or default_min_samples(params.min_cluster_size)
    model = hdbscan.HDBSCAN(min_cluster_size=params.min_cluster_size,
                            min_samples=min(min_samples, x.shape[0] - 1),
                            metric="euclidean", cluster_selection_method="eom")
    labels = model.fit_predict(np.asarray(x, dtype=np.float64))
    return labels, np.nan_to_num(model.probabilities_, nan=0.0)


def _dbscan(x: Any, params: ClusterParams) -> tuple[Any, Any]:
    from sklearn.cluster import DBSCAN

    if params.eps <= 0:
        raise UsageError("--eps must be positive")
    min_samples = params.min_samples or default_min_samples(params.min_cluster_size)
    labels = DBSCAN(eps=params.eps, min_samples=min_samples, metric="euclidean").fit_predict(x)
    return labels, (labels >= 0).astype(float)


def _kmeans(x: Any, params: ClusterParams) -> tuple[Any, Any]:
    import numpy as np
    from sklearn.cluster import KMeans

    if params.n_clusters < 1:
        raise UsageError("--n-clusters must be at least 1")
    k = min(params.n_clusters, x.shape[0])
    if k < 1:
        return np.zeros(0, dtype=int), np.zeros(0)
    labels = KMeans(n_clusters=k, random_state=params.seed, n_init=10).fit_predict(x)
    return labels, np.ones(x.shape[0])
