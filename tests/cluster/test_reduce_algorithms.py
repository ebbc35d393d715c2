"""Reduction (auto/pca/none/tsne) and the clustering algorithms on small synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.cluster import algorithms, reduce
from dlkit.errors import UsageError


def _blobs(n_per: int, dim: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = np.eye(dim)[:3] * 3
    x = np.vstack([c + 0.2 * rng.standard_normal((n_per, dim)) for c in centres])
    truth = np.repeat([0, 1, 2], n_per)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), truth


def test_auto_keeps_small_inputs_and_projects_large_ones():
    small, _ = _blobs(20)
    assert reduce.reduce(small).method == "none"
    large, _ = _blobs(200)
    out = reduce.reduce(large)
    assert out.method == "pca" and out.vectors.shape == (600, reduce.DEFAULT_DIMS)
    np.testing.assert_allclose(np.linalg.norm(out.vectors, axis=1), 1.0, rtol=1e-5)
    assert out.plane.shape == (600, 2)
    again = reduce.reduce(large)
    np.testing.assert_array_equal(out.vectors, again.vectors)


def test_map_coordinates_and_tsne():
    x, _ = _blobs(15)
    plane, name = reduce.map_coordinates(x, reduce.reduce(x, "none"))
    assert plane.shape == (45, 2) and name.startswith("PCA")
    tsne = reduce.reduce(x, "tsne", seed=1)
    assert tsne.vectors.shape == (45, 2)
    assert reduce.map_coordinates(x, tsne)[1] == "t-SNE"
    with pytest.raises(UsageError):
        reduce.reduce(x, "lda")


@pytest.mark.parametrize("algo", ["hdbscan", "dbscan", "kmeans"])
def test_algorithms_find_the_blobs(algo):
    x, truth = _blobs(20)
    params = algorithms.ClusterParams(algo=algo, min_cluster_size=10, eps=0.5, n_clusters=3)
    labels, scores = algorithms.cluster(x, params)
    assert len(set(labels.tolist()) - {-1}) == 3
    for t in range(3):
        assert len(set(labels[truth == t].tolist()) - {-1}) == 1
    assert ((0 <= scores) & (scores <= 1)).all()


def test_fewer_texts_than_min_cluster_size_are_outliers():
    x, _ = _blobs(3)
    labels, scores = algorithms.cluster(x, algorithms.ClusterParams(min_cluster_size=15))
    assert (labels == -1).all() and (scores == 0).all()
    labels, _ = algorithms.cluster(x, algorithms.ClusterParams(algo="kmeans", n_clusters=50))
    assert len(set(labels.tolist())) == 9
