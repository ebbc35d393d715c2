"""Dimension reduction before clustering, registered in ``REDUCERS``, and the 2-D topic map.

Called by the cluster pipeline. ``auto`` (the recipe's default) clusters fewer than 100 texts as
they are (HDBSCAN is fast there) and uses ``spectral`` from there: the spectral embedding of the
cosine k-nearest-neighbour graph keeps the local neighbourhoods that HDBSCAN's density search
needs, so close topics stay apart (``scripts/bench_cluster_reduce.py``: NMI 0.89 on 16 mixed
topics, like UMAP's 0.88, at a twentieth of its time and without numba); it keeps 30 dimensions: with 10, the
harder generated set (``samples_hard``, 35 topics) put the Chinese posts in one topic of 24 %; ``umap`` (UMAP to 5-D on
cosine distances, BERTopic's step) needs the optional umap-learn; ``pca``
projects the unit-length embeddings on their first principal components (fast, but it flattens
neighbouring topics into one); ``tsne`` gives the 2-D t-SNE view (day 24); ``none`` clusters the
embeddings as they are (slow for HDBSCAN beyond a few thousand texts). Each factory's signature is
its recipe options (``reduce.<name>.*``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from dlkit.cluster.components import REDUCERS
from dlkit.errors import UsageError

MAP_NAMES = {"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA of the embeddings"}  # own planes


@dataclass(frozen=True)
class Reduced:
    """The vectors to cluster, the method used and, when the reduction gives one for free, the
    2-D plane for the map."""

    vectors: Any
    method: str
    plane: Any = None


Reducer = Callable[[Any], Reduced]


def principal_components(x: Any, dims: int, batch: int = 16_384) -> Any:
    """``x`` projected on its first ``dims`` principal components (covariance eigh: one small
    d×d eigenproblem, so fast on many rows; signs fixed so results are deterministic).
    ``x`` is read ``batch`` rows at a time, so a memory-mapped ``x`` stays on disk."""
    import numpy as np

    def batches() -> Any:
        for start in range(0, x.shape[0], batch):
            yield start, np.asarray(x[start : start + batch], dtype=np.float64)

    mean = sum(rows.sum(axis=0) for _, rows in batches()) / x.shape[0]
    cov = np.zeros((x.shape[1], x.shape[1]))
    for _, rows in batches():
        rows -= mean
        cov += rows.T @ rows
    values, vectors = np.linalg.eigh(cov)
    top = vectors[:, np.argsort(values)[::-1][:dims]]
    signs = np.sign(top[np.abs(top).argmax(axis=0), range(top.shape[1])])
    top = top * np.where(signs == 0, 1.0, signs)
    out = np.empty((x.shape[0], dims))
    for start, rows in batches():
        out[start : start + len(rows)] = (rows - mean) @ top
    return out


@REDUCERS.register("none")
def no_reduction(seed: int = 42) -> Reducer:
    """Cluster the embeddings as they are."""
    return lambda x: Reduced(x, "none")


@REDUCERS.register("pca")
def pca(dims: Annotated[int, Field(ge=2)] = 10, seed: int = 42) -> Reducer:
    """Unit-length projections on ``dims`` principal components; the first two are the map."""

    def run(x: Any) -> Reduced:
        import numpy as np

        if x.shape[0] < 4:
            return Reduced(x, "none")
        k = max(2, min(dims, x.shape[0] - 1, x.shape[1]))
        z = principal_components(x, k)
        norms = np.linalg.norm(z, axis=1, keepdims=True)
        unit = (z / np.where(norms == 0, 1.0, norms)).astype(np.float32)
        return Reduced(unit, "pca", z[:, :2].astype(np.float32))

    return run


@REDUCERS.register("umap")
def umap_reducer(
    dims: Annotated[int, Field(ge=2)] = 5,
    neighbors: Annotated[int, Field(ge=2)] = 15,
    min_dist: Annotated[float, Field(ge=0, le=1)] = 0.0,
    seed: int = 42,
) -> Reducer:
    """UMAP on cosine distances (``neighbors`` sets how local the structure kept is)."""

    def run(x: Any) -> Reduced:
        if x.shape[0] < 4:
            return Reduced(x, "none")
        try:
            import umap
        except ImportError:
            raise UsageError(
                "--reduce umap needs umap-learn: pip install 'dlkit[umap]' "
                "(or pip install umap-learn), or use --reduce spectral"
            ) from None
        import numpy as np

        k = max(2, min(neighbors, x.shape[0] - 1))
        n_components = min(dims, x.shape[0] - 2)
        z = (
            umap.UMAP(
                n_components=n_components,
                n_neighbors=k,
                min_dist=min_dist,
                metric="cosine",
                random_state=seed,
                n_jobs=1,
                init="spectral" if x.shape[0] > n_components + 1 else "random",
            )
            .fit_transform(x)
            .astype(np.float32)
        )
        return Reduced(z, "umap", z if z.shape[1] == 2 else None)

    return run


PRE_DIMS = 50
PRE_FROM = 20_000


def knn_graph(x: Any, neighbors: int) -> Any:
    """Symmetric 0/1 graph of each row's ``neighbors`` nearest rows by cosine. From 20,000 rows
    they are first projected on 50 principal components (nearly the same neighbours, 8× less
    work for the all-pairs search)."""
    from sklearn.neighbors import kneighbors_graph

    z = x
    if x.shape[1] > PRE_DIMS and x.shape[0] >= PRE_FROM:
        import numpy as np

        z = principal_components(x, PRE_DIMS)
        z = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    graph = kneighbors_graph(
        z,
        n_neighbors=min(neighbors, x.shape[0] - 1),
        metric="euclidean",
        mode="connectivity",
        include_self=False,
        n_jobs=1,
    )
    return graph.maximum(graph.T)


@REDUCERS.register("spectral")
def spectral(
    dims: Annotated[int, Field(ge=2)] = 30,
    neighbors: Annotated[int, Field(ge=2)] = 15,
    seed: int = 42,
) -> Reducer:
    """Spectral embedding of the cosine k-nearest-neighbour graph (UMAP's own starting point,
    without its optimisation or numba): local neighbourhoods kept, in about a second per
    2,000 texts."""

    def run(x: Any) -> Reduced:
        import warnings

        import numpy as np
        from sklearn.manifold import spectral_embedding

        if x.shape[0] <= dims + 2:
            return Reduced(x, "none")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "graph is not fully connected"
            z = spectral_embedding(
                knn_graph(x, neighbors), n_components=dims, random_state=seed, drop_first=True
            )
        z = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
        return Reduced(z.astype(np.float32), "spectral")

    return run


@REDUCERS.register("auto")
def auto(
    min_texts: Annotated[int, Field(ge=4)] = 100,
    dims: Annotated[int, Field(ge=2)] = 30,
    neighbors: Annotated[int, Field(ge=2)] = 15,
    seed: int = 42,
) -> Reducer:
    """``none`` below ``min_texts`` texts, ``spectral`` with ``dims`` and ``neighbors`` from there."""
    small, large = no_reduction(seed), spectral(dims, neighbors, seed)
    return lambda x: small(x) if x.shape[0] < min_texts else large(x)


@REDUCERS.register("tsne")
def tsne(perplexity: Annotated[float, Field(gt=0)] = 30.0, seed: int = 42) -> Reducer:
    """2-D t-SNE (day 24): a picture more than a clustering space."""

    def run(x: Any) -> Reduced:
        from sklearn.manifold import TSNE

        if x.shape[0] < 4:
            return Reduced(x, "none")
        p = float(max(2, min(perplexity, (x.shape[0] - 1) // 3)))
        z = TSNE(
            n_components=2, perplexity=p, init="pca", metric="cosine", random_state=seed
        ).fit_transform(x)
        return Reduced(z, "tsne", z)

    return run


def map_coordinates(x: Any, reduced: Reduced) -> tuple[Any, str]:
    """2-D points for the topic map and their name: the reduction's own plane when it has one
    (t-SNE, 2-D UMAP, PCA), else the first two principal components of the vectors."""
    import numpy as np

    if reduced.plane is not None:
        return reduced.plane, MAP_NAMES[reduced.method]
    if x.shape[0] < 3:
        return np.zeros((x.shape[0], 2), dtype=np.float32), "PCA"
    return principal_components(x, 2).astype(np.float32), "PCA of the embeddings"
