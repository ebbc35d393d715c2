"""The registered reducers and clustering algorithms on small synthetic data, parametrised over
the registries so a new component is tested automatically."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from dlkit.cluster import algorithms, reduce
from dlkit.cluster.components import ALGORITHMS, REDUCERS
from dlkit.errors import UsageError


def _blobs(n_per: int, dim: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = np.eye(dim)[:3] * 3
    x = np.vstack([c + 0.2 * rng.standard_normal((n_per, dim)) for c in centres])
    truth = np.repeat([0, 1, 2], n_per)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), truth


def test_registries_list_the_components():
    assert ALGORITHMS.names() == ["dbscan", "hdbscan", "kmeans"]
    assert REDUCERS.names() == ["auto", "none", "pca", "spectral", "tsne", "umap"]
    with pytest.raises(UsageError, match="did you mean 'hdbscan'"):
        ALGORITHMS.get("hdbscn")


SLOW_REDUCERS = {
    "tsne": "covered by test_map_coordinates_and_tsne",
    "umap": "numba compiles UMAP for a minute in every new process",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.slow) if n in SLOW_REDUCERS else n
        for n in REDUCERS.names()
    ],
)
def test_every_reducer_keeps_rows_and_is_deterministic(name):
    x, _ = _blobs(20)
    first = REDUCERS.create(name, seed=1)(x)
    again = REDUCERS.create(name, seed=1)(x)
    assert first.vectors.shape[0] == 60
    assert first.method == {"auto": "none"}.get(name, name)  # auto: under 500 texts, none
    np.testing.assert_allclose(first.vectors, again.vectors, rtol=1e-5, atol=1e-6)
    plane, label = reduce.map_coordinates(x, first)
    assert plane.shape == (60, 2) and label


def test_pca_projects_to_unit_vectors():
    large, _ = _blobs(200)
    out = REDUCERS.create("pca", dims=10)(large)
    assert out.method == "pca" and out.vectors.shape == (600, 10)
    np.testing.assert_allclose(np.linalg.norm(out.vectors, axis=1), 1.0, rtol=1e-5)
    assert out.plane.shape == (600, 2)


def test_map_coordinates_and_tsne():
    x, _ = _blobs(15)
    plane, name = reduce.map_coordinates(x, REDUCERS.create("none")(x))
    assert plane.shape == (45, 2) and name.startswith("PCA")
    tsne = REDUCERS.create("tsne", seed=1)(x)
    assert tsne.vectors.shape == (45, 2)
    assert reduce.map_coordinates(x, tsne)[1] == "t-SNE"


@pytest.mark.parametrize("name", ALGORITHMS.names())
def test_algorithms_find_the_blobs(name):
    x, truth = _blobs(20)
    options = {
        "hdbscan": {"min_cluster_size": 10},
        "dbscan": {"eps": 0.5},
        "kmeans": {"n_clusters": 3},
    }[name]
    labels, scores = ALGORITHMS.create(name, **options)(x)
    assert len(set(labels.tolist()) - {-1}) == 3
    for t in range(3):
        assert len(set(labels[truth == t].tolist()) - {-1}) == 1
    assert ((0 <= scores) & (scores <= 1)).all()


@pytest.mark.parametrize("name", ALGORITHMS.names())
def test_signatures_are_the_schema(name):
    params = ALGORITHMS.params_model(name, skip=("seed",))
    defaults = params.model_validate({}).model_dump()
    assert "seed" not in defaults
    with pytest.raises(ValidationError, match="no_such_option"):
        params.model_validate({"no_such_option": 1})


def test_fewer_texts_than_min_cluster_size_are_outliers():
    x, _ = _blobs(3)
    labels, scores = ALGORITHMS.create("hdbscan", min_cluster_size=15)(x)
    assert (labels == -1).all() and (scores == 0).all()
    labels, _ = ALGORITHMS.create("kmeans", n_clusters=50)(x)
    assert len(set(labels.tolist())) == 9


def test_min_cluster_size_scales_with_the_data():
    sizes = [algorithms.auto_min_cluster_size(n) for n in (10, 2000, 10_000, 100_000, 10**7)]
    assert sizes == [5, 22, 50, 100, 100]
    assert sizes == sorted(sizes)
