"""Dimension reduction before clustering, and the 2-D coordinates of the topic map.

Called by the cluster pipeline. ``auto`` (the default) keeps inputs under 500 texts as they are
(HDBSCAN is fast there, and PCA fitted on few points distorts) and otherwise projects the
unit-length embeddings onto their first 10 principal components (re-normalised): that keeps the
topic structure, drops noise dimensions and lets HDBSCAN's tree search work (10,000 texts: 0.5 s
instead of a minute and more on 384-D, with fewer outliers); ``umap``
needs the optional ``umap-learn`` package; ``tsne`` gives the 2-D t-SNE view (day 24).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlkit.errors import UsageError

METHODS = ("auto", "pca", "umap", "tsne", "none")
AUTO_MIN_TEXTS = 500
DEFAULT_DIMS = 10
UMAP_DIMS = 5


def principal_components(x: Any, dims: int) -> Any:
    """``x`` projected on its first ``dims`` principal components (covariance eigh: one small
    d×d eigenproblem, so fast on many rows; signs fixed so results are deterministic)."""
    import numpy as np

    xc = np.asarray(x, dtype=np.float64)
    xc = xc - xc.mean(axis=0)
    values, vectors = np.linalg.eigh(xc.T @ xc)
    top = vectors[:, np.argsort(values)[::-1][:dims]]
    signs = np.sign(top[np.abs(top).argmax(axis=0), range(top.shape[1])])
    return xc @ (top * np.where(signs == 0, 1.0, signs))


def _pca(x: Any, dims: int) -> tuple[Any, Any]:
    """Unit-length projections on ``dims`` components, and the first two unscaled (the map)."""
    import numpy as np

    dims = max(2, min(dims, x.shape[0] - 1, x.shape[1]))
    z = principal_components(x, dims)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    return (z / np.where(norms == 0, 1.0, norms)).astype(np.float32), z[:, :2].astype(np.float32)


def _umap(x: Any, dims: int, seed: int) -> Any:
    try:
        import umap  # type: ignore[import-not-found]
    except ImportError:
        raise UsageError("--reduce umap needs umap-learn: pip install 'dlkit[umap]' "
                         "(or pip install umap-learn), or use --reduce pca") from None
    neighbours = max(2, min(15, x.shape[0] - 1))
    return umap.UMAP(n_components=dims, n_neighbors=neighbours, min_dist=0.0, metric="cosine",
                     random_state=seed).fit_transform(x)


def _tsne(x: Any, seed: int) -> Any:
    from sklearn.manifold import TSNE

    perplexity = float(max(2, min(30, (x.shape[0] - 1) // 3)))
    return TSNE(n_components=2, perplexity=perplexity, init="pca", metric="cosine",
                random_state=seed).fit_transform(x)


@dataclass(frozen=True)
class Reduced:
    """The vectors to cluster, the method used (``auto`` resolved) and, when the reduction gives
    one for free, the 2-D plane for the map."""

    vectors: Any
    method: str
    plane: Any = None


def reduce(x: Any, method: str = "auto", dims: int | None = None, seed: int = 42) -> Reduced:
    """Reduce ``x`` before clustering (see the module docstring for ``auto``)."""
    if method not in METHODS:
        raise UsageError(f"unknown --reduce '{method}'; use one of {', '.join(METHODS)}")
    n = x.shape[0]
    if method == "auto":
        method = "pca" if n >= AUTO_MIN_TEXTS else "none"
    if method == "none" or n < 4:
        return Reduced(x, "none")
    if method == "pca":
        vectors, plane = _pca(x, dims or DEFAULT_DIMS)
        return Reduced(vectors, "pca", plane)
    if method == "umap":
        vectors = _umap(x, dims or UMAP_DIMS, seed)
        return Reduced(vectors, "umap", vectors if vectors.shape[1] == 2 else None)
    vectors = _tsne(x, seed)
    return Reduced(vectors, "tsne", vectors)


def map_coordinates(x: Any, reduced: Reduced) -> tuple[Any, str]:
    """2-D points for the topic map and their name: the reduction's own plane when it has one
    (t-SNE, 2-D UMAP, PCA), else the first two principal components of the vectors."""
    import numpy as np

    names = {"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA of the embeddings"}
    if reduced.plane is not None:
        return reduced.plane, names[reduced.method]
    if x.shape[0] < 3:
        return np.zeros((x.shape[0], 2), dtype=np.float32), "PCA"
    return principal_components(x, 2).astype(np.float32), "PCA of the embeddings"
