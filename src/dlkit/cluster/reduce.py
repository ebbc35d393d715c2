"""Dimension reduction before clustering, and the 2-D coordinates of the topic map.

Called by the cluster pipeline. ``auto`` (the default) keeps inputs under 500 texts as they are (HDBSCAN
is fast there and PCA fitted on few points distorts) and otherwise projects the unit-length embeddings onto their first principal components (re-normalised), which
keeps the topic structure, drops noise dimensions and lets HDBSCAN's tree search work; ``umap``
needs the optional ``umap-learn`` package; ``tsne`` gives the 2-D t-SNE view (day 24).
"""

from __future__ import annotations

from typing import Any

from dlkit.errors import UsageError

METHODS = ("auto", "pca", "umap", "tsne", "none")
AUTO_MIN_TEXTS = 500
DEFAULT_DIMS = 15
UMAP_DIMS = 5


def _pca(x: Any, dims: int, seed: int) -> Any:
    import numpy as np
    from sklearn.decomposition import PCA

    dims = max(1, min(dims, x.shape[0] - 1, x.shape[1]))
    z = PCA(n_components=dims, random_state=seed, svd_solver="full").fit_transform(x)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    return (z / np.where(norms == 0, 1.0, norms)).astype(np.float32)


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


def reduce(x: Any, method: str = "auto", dims: int | None = None, seed: int = 42) -> tuple[Any, str]:
    """The vectors to cluster and the method actually used (``auto`` resolved)."""
    if method not in METHODS:
        raise UsageError(f"unknown --reduce '{method}'; use one of {', '.join(METHODS)}")
    n = x.shape[0]
    if method == "auto":
        method = "pca" if n >= AUTO_MIN_TEXTS else "none"
    if method == "none" or n < 3:
        return x, "none"
    if method == "pca":
        return _pca(x, dims or DEFAULT_DIMS, seed), "pca"
    if method == "umap":
        return _umap(x, dims or UMAP_DIMS, seed), "umap"
    return _tsne(x, seed), "tsne"


def map_coordinates(x: Any, reduced: Any, method: str, seed: int = 42) -> Any:
    """2-D points for the topic map: the t-SNE/UMAP output if 2-D, else PCA of the embeddings."""
    import numpy as np

    if reduced.ndim == 2 and reduced.shape[1] == 2 and method in ("tsne", "umap"):
        return reduced
    if x.shape[0] < 3:
        return np.zeros((x.shape[0], 2), dtype=np.float32)
    from sklearn.decomposition import PCA

    z = PCA(n_components=2, random_state=seed).fit_transform(x)
    return z
