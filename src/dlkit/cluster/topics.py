"""Topics from cluster labels: centroids, merging of similar topics, outlier assignment,
representative texts, and numbering by size.

Called by the cluster pipeline. Centroids live in the full embedding space (mean of unit vectors,
re-normalised), so "similar" means cosine similarity of what the texts say, whatever reduction was
used for clustering. The seed compared whole concatenated topics; here the two most similar
centroids are merged repeatedly (the merged centroid recomputed) while their similarity is above
the threshold or more than ``max_topics`` topics remain, and every merge is recorded. Outliers go
to the nearest centroid only when their cosine similarity reaches a floor (BERTopic's
``reduce_outliers`` idea), so an unrelated text stays an outlier instead of widening a topic.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Merge(NamedTuple):
    """One merge: ``absorbed`` joined ``kept`` (the clustering's ids, before renumbering)."""

    kept: int
    absorbed: int
    similarity: float
    sizes: tuple[int, int]
    reason: str  # "threshold" or "topics"


def _unit(v: Any) -> Any:
    import numpy as np

    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm == 0, 1.0, norm)


def centroids(x: Any, labels: Any) -> dict[int, Any]:
    """Topic id → unit centroid (outliers, -1, left out); ``x`` may be float16 on disk."""
    ids = sorted(t for t in set(labels.tolist()) if t >= 0)
    return {int(t): _unit(_rows(x, labels == t).mean(axis=0)) for t in ids}


def _rows(x: Any, which: Any) -> Any:
    """The rows ``which`` of ``x`` as float32 (read from disk when ``x`` is memory-mapped)."""
    import numpy as np

    return np.asarray(x[which], dtype=np.float32)


def merge_similar(
    x: Any, labels: Any, threshold: float | None, max_topics: int | None = None
) -> tuple[Any, list[Merge]]:
    """Merge the most similar pair of topics while its centroid similarity exceeds ``threshold``
    or more than ``max_topics`` topics remain.

    Returns the new labels and the merges in order; the larger topic keeps its id.
    """
    import numpy as np

    labels = labels.copy()
    merges: list[Merge] = []
    if threshold is None and max_topics is None:
        return labels, merges
    cents = centroids(x, labels)
    while len(cents) > 1:
        ids = sorted(cents)
        matrix = np.stack([cents[t] for t in ids])
        sims = matrix @ matrix.T
        sims[np.tril_indices(len(ids))] = -2.0
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        sim, a, b = float(sims[i, j]), ids[i], ids[j]
        too_many = max_topics is not None and len(cents) > max_topics
        similar = threshold is not None and sim > threshold
        if not (too_many or similar):
            break
        sizes = [int((labels == a).sum()), int((labels == b).sum())]
        if sizes[1] > sizes[0]:  # the larger topic keeps its id
            a, b, sizes = b, a, sizes[::-1]
        labels[labels == b] = a
        cents[a] = _unit(_rows(x, labels == a).mean(axis=0))
        del cents[b]
        merges.append(
            Merge(
                int(a),
                int(b),
                round(sim, 4),
                (sizes[0], sizes[1]),
                "threshold" if similar else "topics",
            )
        )
    return labels, merges


def assign_outliers(x: Any, labels: Any, floor: float | None = None) -> tuple[Any, Any]:
    """Give outliers the topic with the nearest centroid when its cosine similarity is at least
    ``floor`` (None: every outlier). Returns labels and each outlier's similarity to its nearest
    centroid (0 for rows already clustered)."""
    import numpy as np

    labels = labels.copy()
    sims = np.zeros(len(labels))
    cents = centroids(x, labels)
    outliers = np.flatnonzero(labels < 0)
    if not cents or not len(outliers):
        return labels, sims
    ids = np.array(sorted(cents))
    scores = _rows(x, outliers) @ np.stack([cents[t] for t in ids]).T
    best, nearest = scores.max(axis=1), ids[scores.argmax(axis=1)]
    take = np.ones(len(outliers), dtype=bool) if floor is None else best >= floor
    labels[outliers[take]] = nearest[take]
    sims[outliers] = np.clip(best, 0.0, 1.0)
    return labels, sims


def size_order(labels: Any) -> dict[int, int]:
    """Old id → new id: 0 is the largest topic, then 1, …; ties go to the topic seen first."""
    ids = [t for t in dict.fromkeys(labels.tolist()) if t >= 0]
    sizes = {t: int((labels == t).sum()) for t in ids}
    order = sorted(ids, key=lambda t: (-sizes[t], ids.index(t)))
    return {int(old): new for new, old in enumerate(order)}


def renumber_by_size(labels: Any) -> Any:
    """Labels renumbered by ``size_order``; -1 stays -1."""
    import numpy as np

    mapping = size_order(labels)
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
