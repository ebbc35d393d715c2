"""Topics from cluster labels: centroids, merging of near-duplicate topics, outlier assignment,
representative texts, and numbering by size.

Called by the cluster pipeline. Centroids live in the full embedding space (mean of unit vectors,
re-normalised), so "similar" means cosine similarity of what the texts say, whatever reduction was
used for clustering. The seed's merge compared topic *columns*; here the two most similar centroids
are merged repeatedly, recomputing the merged centroid, until none is above the threshold.
"""

from __future__ import annotations

from typing import Any


def _unit(v: Any) -> Any:
    import numpy as np

    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm == 0, 1.0, norm)


def centroids(x: Any, labels: Any) -> dict[int, Any]:
    """Topic id → unit centroid (outliers, -1, left out)."""
    ids = sorted(t for t in set(labels.tolist()) if t >= 0)
    return {int(t): _unit(x[labels == t].mean(axis=0)) for t in ids}


def merge_similar(x: Any, labels: Any,
                  threshold: float | None) -> tuple[Any, list[tuple[int, int, float]]]:
    """Merge topics whose centroids' cosine similarity exceeds ``threshold``.

    Returns the new labels and the merges done as ``(kept, absorbed, similarity)``.
    """
    labels = labels.copy()
    merges: list[tuple[int, int, float]] = []
    if threshold is None or threshold >= 1.0:
        return labels, merges
    import numpy as np

    cents = centroids(x, labels)
    while len(cents) > 1:
        ids = sorted(cents)
        sims = np.stack([cents[t] for t in ids]) @ np.stack([cents[t] for t in ids]).T
        sims[np.tril_indices(len(ids))] = -2.0
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        sim, a, b = float(sims[i, j]), ids[i], ids[j]
        if sim <= threshold:
            break
        labels[labels == b] = a
        cents[a] = _unit(x[labels == a].mean(axis=0))
        del cents[b]
        merges.append((a, b, round(sim, 4)))
    return labels, merges


def assign_outliers(x: Any, labels: Any) -> tuple[Any, Any]:
    """Give every outlier the topic with the nearest centroid; returns labels and their cosine."""
    import numpy as np

    labels = labels.copy()
    sims = np.zeros(len(labels))
    cents = centroids(x, labels)
    if not cents:
        return labels, sims
    ids = np.array(sorted(cents))
    matrix = np.stack([cents[t] for t in ids])
    outliers = np.flatnonzero(labels < 0)
    if len(outliers):
        scores = x[outliers] @ matrix.T
        labels[outliers] = ids[scores.argmax(axis=1)]
        sims[outliers] = scores.max(axis=1)
    return labels, np.clip(sims, 0.0, 1.0)


def renumber_by_size(labels: Any) -> Any:
    """Topic 0 is the largest, then 1, …; ties go to the topic seen first; -1 stays -1."""
    import numpy as np

    ids = [t for t in dict.fromkeys(labels.tolist()) if t >= 0]
    sizes = {t: int((labels == t).sum()) for t in ids}
    order = sorted(ids, key=lambda t: (-sizes[t], ids.index(t)))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping.get(t, -1) for t in labels.tolist()], dtype=int)


def representatives(x: Any, labels: Any, texts: list[str], n: int = 3) -> dict[int, list[str]]:
    """The ``n`` distinct texts nearest each topic's centroid."""
    import numpy as np

    reps: dict[int, list[str]] = {}
    for topic, centre in centroids(x, labels).items():
        rows = np.flatnonzero(labels == topic)
        order = rows[np.argsort(-(x[rows] @ centre), kind="stable")]
        picked: list[str] = []
        for row in order:
            if texts[row] not in picked:
                picked.append(texts[row])
            if len(picked) == n:
                break
        reps[topic] = picked
    return reps
