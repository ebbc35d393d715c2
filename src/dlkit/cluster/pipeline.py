"""The ``dlkit cluster`` job: read → embed (cached) → reduce → cluster → topics → report.

Called by ``cli/cluster.py`` (and the benchmark). ``run_cluster(options)`` creates the run folder,
writes every output through ``dlkit.files`` and returns the summary that ``--json`` prints.
Rows with no text are kept in assignments.csv with topic -1 and status ``empty``; they are neither
embedded nor counted as outliers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlkit import console
from dlkit.cluster import algorithms, embed, lexical, read, reduce, report, topics
from dlkit.errors import UsageError


@dataclass(frozen=True)
class ClusterOptions:
    """Everything the job needs; the CLI fills it from its flags."""

    path: Path
    text_column: str | None = None
    model: str | None = None
    algo: str = "hdbscan"
    min_cluster_size: int = 15
    min_samples: int | None = None
    eps: float = 0.5
    n_clusters: int = 8
    reduce: str = "auto"
    dims: int | None = None
    merge_threshold: float | None = None
    lexical_weight: float | None = None
    assign_outliers: bool = False
    seed: int = 42
    top_words: int = 10
    out: Path = Path("runs")
    cache_dir: Path | None = field(default_factory=embed.default_cache_dir)
    batch_size: int = 64
    quiet: bool = False
    show_table: bool = True


def _check(options: ClusterOptions) -> None:
    if options.merge_threshold is not None and not -1.0 <= options.merge_threshold <= 1.0:
        raise UsageError("--merge-threshold is a cosine similarity: give a value in [-1, 1]")
    if options.batch_size < 1 or options.top_words < 1:
        raise UsageError("--batch-size and --top-words must be at least 1")


def _embed(options: ClusterOptions, ref: embed.ModelRef, texts: list[str]
           ) -> tuple[Any, embed.EmbedStats]:
    with console.progress(not options.quiet) as bar:
        task = bar.add_task("embedding", total=None)

        def advance(n: int, total: int) -> None:
            bar.update(task, total=total, advance=n)

        vectors, stats = embed.embed_texts(texts, ref, options.cache_dir, options.batch_size,
                                           on_progress=advance)
    stats.extra["model"] = ref.identity
    return vectors, stats


def _label(options: ClusterOptions, x: Any) -> tuple[reduce.Reduced, Any, Any]:
    reduced = reduce.reduce(x, options.reduce, options.dims, options.seed)
    params = algorithms.ClusterParams(options.algo, options.min_cluster_size, options.min_samples,
                                      options.eps, options.n_clusters, options.seed)
    if options.algo == "hdbscan" and x.shape[0] < options.min_cluster_size:
        console.info(f"only {x.shape[0]} texts, fewer than --min-cluster-size "
                     f"{options.min_cluster_size}: every text is an outlier; lower "
                     "--min-cluster-size to find topics", options.quiet)
    labels, scores = algorithms.cluster(reduced.vectors, params)
    return reduced, labels, scores


def _topics(options: ClusterOptions, x: Any, labels: Any, scores: Any) -> dict[str, Any]:
    import numpy as np

    labels, merges = topics.merge_similar(x, np.asarray(labels), options.merge_threshold)
    status = np.where(labels >= 0, "clustered", "outlier").astype(object)
    outlier_share = float((labels < 0).mean()) if len(labels) else 0.0
    if options.assign_outliers and (labels >= 0).any():
        was_outlier = labels < 0
        labels, sims = topics.assign_outliers(x, labels)
        scores = np.where(was_outlier, sims, scores)
        status[was_outlier] = "assigned"
    labels = topics.renumber_by_size(labels)
    return {"labels": labels, "scores": scores, "status": status, "merges": merges,
            "outlier_share_before_assign": outlier_share}


def _read(options: ClusterOptions) -> tuple[Any, str, list[int], list[str]]:
    """The table, its text column, the rows that have text, and those texts."""
    frame = read.read_table(options.path)
    column = read.find_text_column(frame, options.text_column)
    cells = read.clean_texts(frame[column])
    rows = [i for i, t in enumerate(cells) if t is not None]
    texts = [cells[i] for i in rows]
    skipped = len(cells) - len(texts)
    console.info(f"{len(texts)} texts in column '{column}' of {options.path}"
                 + (f" ({skipped} empty rows kept as status 'empty')" if skipped else ""),
                 options.quiet)
    if not texts:
        raise UsageError(f"column '{column}' of {options.path} has no non-empty texts")
    return frame, column, rows, texts


def _vectors(options: ClusterOptions, ref: embed.ModelRef, texts: list[str],
             tokens: list[list[str]]) -> tuple[Any, embed.EmbedStats, float]:
    """Embeddings (cached), blended with lexical features when asked or when ``auto`` says so."""
    x, stats = _embed(options, ref, texts)
    console.info(f"embedded {stats.embedded} new texts, {stats.cached} from cache "
                 f"({stats.unique} unique)", options.quiet)
    weight = options.lexical_weight
    if weight is None:
        weight = lexical.auto_weight(texts, options.model is None)
    if weight > 0:
        x = lexical.blend(x, lexical.lexical_vectors(tokens, options.seed), weight)
        console.info(f"blended word features into the embeddings (lexical weight {weight})",
                     options.quiet)
    return x, stats, weight


def run_cluster(options: ClusterOptions) -> dict[str, Any]:
    """Run the whole job; returns the summary (also saved as topics.json)."""
    import numpy as np

    _check(options)
    ref = embed.resolve_model(options.model)  # fail fast on a model that cannot load
    frame, column, rows, texts = _read(options)
    tokens = _tokens(texts)
    x, stats, weight = _vectors(options, ref, texts, tokens)
    reduced, labels, scores = _label(options, x)
    found = _topics(options, x, labels, scores)
    found["lexical_weight"] = weight
    coords, map_name = reduce.map_coordinates(x, reduced)
    result = report.Result(frame=frame, column=column, rows=np.asarray(rows, dtype=int),
                           labels=found["labels"], scores=np.asarray(found["scores"], float),
                           status=found["status"],
                           keywords=_keywords(options, tokens, found["labels"]),
                           representatives=topics.representatives(x, found["labels"], texts),
                           coords=coords, map_name=map_name)
    run_dir = _new_run_dir(options)
    summary = _summary(options, run_dir, result, stats, reduced.method, found)
    report.write_outputs(run_dir, result, summary)
    if options.show_table and not options.quiet:
        report.print_table(result, summary)
    return summary


def _new_run_dir(options: ClusterOptions) -> Path:
    from dlkit.engine.run_dir import new_run_dir

    return new_run_dir(options.out, "cluster")


def _tokens(texts: list[str]) -> list[list[str]]:
    """Keyword candidates of every text, tokenised once (jieba only loads for CJK text)."""
    from dlkit.cluster.keywords import Tokenizer

    tokenizer = Tokenizer()
    seen: dict[str, list[str]] = {}
    for text in texts:
        if text not in seen:
            seen[text] = tokenizer(text)
    return [seen[text] for text in texts]


def _keywords(options: ClusterOptions, tokens: list[list[str]],
              labels: Any) -> dict[int, list[str]]:
    from dlkit.cluster.keywords import ctfidf_keywords

    docs: dict[int, list[list[str]]] = {}
    for words, label in zip(tokens, labels.tolist()):
        docs.setdefault(int(label), []).append(words)
    return ctfidf_keywords(docs, options.top_words)


def _summary(options: ClusterOptions, run_dir: Path, result: Any, stats: embed.EmbedStats,
             method: str, found: dict[str, Any]) -> dict[str, Any]:
    labels = result.labels
    n = len(labels)
    sizes = {int(t): int((labels == t).sum()) for t in sorted(set(labels.tolist())) if t >= 0}
    return {
        "run_dir": str(run_dir),
        "input": str(options.path),
        "text_column": result.column,
        "n_rows": int(len(result.frame)),
        "n_texts": n,
        "n_empty": int(len(result.frame) - n),
        "n_topics": len(sizes),
        "outlier_share": round(float((labels < 0).mean()) if n else 0.0, 4),
        "outlier_share_before_assign": round(found["outlier_share_before_assign"], 4),
        "model": stats.extra.get("model"),
        "embedded": stats.embedded,
        "cached": stats.cached,
        "algo": options.algo,
        "reduce": method,
        "lexical_weight": found["lexical_weight"],
        "seed": options.seed,
        "merges": [list(m) for m in found["merges"]],
        "topics": [{"id": t, "size": s, "keywords": result.keywords.get(t, []),
                    "representatives": result.representatives.get(t, [])}
                   for t, s in sizes.items()],
    }
