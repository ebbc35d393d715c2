"""The steps of ``dlkit cluster``: read → embed (cached) → reduce → cluster → topics → report.

Called by ``jobs/cluster.py`` (and the benchmarks) with a validated ``ClusterRecipe``; every
component comes from the cluster registries, every option from the recipe. ``run`` creates the run
folder, writes every output through ``dlkit.files`` and returns the summary that ``--json`` prints.
Rows with no text are kept in assignments.csv with topic -1 and status ``empty``; they are neither
embedded nor counted as outliers.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from dlkit import console
from dlkit.cluster import embed, lexical, read, report, topics
from dlkit.cluster.recipe import ClusterRecipe, build
from dlkit.errors import UsageError


def read_texts(
    path: Path, column: str | None, quiet: bool
) -> tuple[Any, str, list[int], list[str]]:
    """The table, its text column, the rows that have text, and those texts."""
    frame = read.read_table(path)
    column = read.find_text_column(frame, column)
    cells = read.clean_texts(frame[column])
    rows = [i for i, t in enumerate(cells) if t is not None]
    texts = [t for t in cells if t is not None]  # the cells of ``rows``
    skipped = len(cells) - len(texts)
    if not texts:
        raise UsageError(f"column '{column}' of {path} has no non-empty texts")
    console.info(
        f"{len(texts)} texts in column '{column}' of {path}"
        + (f" ({skipped} empty rows kept as status 'empty')" if skipped else ""),
        quiet,
    )
    return frame, column, rows, texts


def _embed(
    recipe: ClusterRecipe,
    ref: embed.ModelRef,
    texts: list[str],
    cache_dir: Path | None,
    quiet: bool,
) -> tuple[Any, embed.EmbedStats]:
    with console.progress(not quiet) as bar:
        task = bar.add_task("embedding", total=None)

        def advance(n: int, total: int) -> None:
            bar.update(task, total=total, advance=n)

        vectors, stats = embed.embed_texts(
            texts, ref, cache_dir, recipe.embed.batch_size, on_progress=advance
        )
    stats.extra["model"] = ref.identity
    console.info(
        f"embedded {stats.embedded} new texts, {stats.cached} from cache ({stats.unique} unique)",
        quiet,
    )
    return vectors, stats


def _blend(
    recipe: ClusterRecipe, x: Any, texts: list[str], tokens: list[list[str]], quiet: bool
) -> tuple[Any, float]:
    """Lexical features blended in when asked, or when ``auto`` says so (Chinese text)."""
    weight = recipe.embed.lexical_weight
    if weight is None:
        weight = lexical.auto_weight(texts, recipe.embed.model is None)
    if weight > 0:
        x = lexical.blend(x, lexical.lexical_vectors(tokens, recipe.seed), weight)
        console.info(f"blended word features into the embeddings (lexical weight {weight})", quiet)
    return x, weight


def _topics(recipe: ClusterRecipe, x: Any, labels: Any, scores: Any) -> dict[str, Any]:
    """Merge, assign outliers (per ``topics.outliers``), renumber by size; status per row."""
    import numpy as np

    settings = recipe.topics
    labels, merges = topics.merge_similar(
        x, np.asarray(labels), settings.merge_threshold, settings.topics
    )
    outlier_share = float((labels < 0).mean()) if len(labels) else 0.0
    status = np.where(labels >= 0, "clustered", "outlier").astype(object)
    scores = np.asarray(scores, dtype=float)
    if settings.outliers != "keep" and (labels >= 0).any():
        was_outlier = labels < 0
        floor = settings.outlier_floor if settings.outliers == "assign" else None
        labels, sims = topics.assign_outliers(x, labels, floor)
        scores = np.where(was_outlier, sims, scores)
        status[was_outlier & (labels >= 0)] = "assigned"
    mapping = topics.size_order(labels)
    renumbered = np.array([mapping.get(t, -1) for t in labels.tolist()], dtype=int)
    history = [
        {
            "kept": mapping.get(_final(m.kept, merges), -1),
            "absorbed": m.absorbed,
            "cluster_kept": m.kept,
            "similarity": m.similarity,
            "sizes": list(m.sizes),
            "reason": m.reason,
        }
        for m in merges
    ]
    return {
        "labels": renumbered,
        "scores": scores,
        "status": status,
        "merges": history,
        "outlier_share_before_assign": outlier_share,
    }


def _final(topic: int, merges: list[topics.Merge]) -> int:
    """The clustering id a topic ended up in after every merge."""
    for merge in merges:
        if merge.absorbed == topic:
            topic = merge.kept
    return topic


def _tokens(recipe: ClusterRecipe, texts: list[str]) -> list[list[str]]:
    """Keyword candidates of every text, tokenised once (jieba only loads for CJK text)."""
    from dlkit.cluster.keywords import Tokenizer

    tokenizer = Tokenizer(recipe.keywords.ngram_range, recipe.keywords.clean)
    seen: dict[str, list[str]] = {}
    for text in texts:
        if text not in seen:
            seen[text] = tokenizer(text)
    return [seen[text] for text in texts]


def _keywords(recipe: ClusterRecipe, tokens: list[list[str]], labels: Any) -> dict[int, list[str]]:
    from dlkit.cluster.keywords import ctfidf_keywords

    docs: dict[int, list[list[str]]] = {}
    for words, label in zip(tokens, labels.tolist()):
        docs.setdefault(int(label), []).append(words)
    return ctfidf_keywords(docs, recipe.keywords.top_words)


def run(
    recipe: ClusterRecipe,
    path: Path,
    ref: embed.ModelRef,
    cache_dir: Path | None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Run every step; returns the summary (also saved as topics.json)."""
    import numpy as np

    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 3)
        clock = now

    frame, column, rows, texts = read_texts(path, recipe.input.text_column, quiet)
    tokens = _tokens(recipe, texts)
    lap("read")
    x, stats = _embed(recipe, ref, texts, cache_dir, quiet)
    x, weight = _blend(recipe, x, texts, tokens, quiet)
    lap("embed")
    reduced = build(recipe, "reduce")(x)
    lap("reduce")
    labels, scores = build(recipe, "cluster")(reduced.vectors)
    lap("cluster")
    found = _topics(recipe, x, labels, scores)
    from dlkit.cluster.reduce import map_coordinates

    coords, map_name = map_coordinates(x, reduced)
    result = report.Result(
        frame=frame,
        column=column,
        rows=np.asarray(rows, dtype=int),
        labels=found["labels"],
        scores=found["scores"],
        status=found["status"],
        keywords=_keywords(recipe, tokens, found["labels"]),
        representatives=topics.representatives(
            x, found["labels"], texts, recipe.topics.representatives
        ),
        coords=coords,
        map_name=map_name,
    )
    lap("topics")
    from dlkit.engine.run_dir import new_run_dir

    run_dir = new_run_dir(Path(recipe.out), "cluster")
    summary = _summary(recipe, path, run_dir, result, stats, reduced.method, found, weight)
    report.write_outputs(run_dir, result, summary)
    lap("report")
    summary["seconds"] = seconds
    return summary


def _summary(
    recipe: ClusterRecipe,
    path: Path,
    run_dir: Path,
    result: report.Result,
    stats: embed.EmbedStats,
    method: str,
    found: dict[str, Any],
    weight: float,
) -> dict[str, Any]:
    from dlkit.cluster.keywords import short_label

    labels = result.labels
    n = len(labels)
    sizes = {int(t): int((labels == t).sum()) for t in sorted(set(labels.tolist())) if t >= 0}
    return {
        "run_dir": str(run_dir),
        "recipe": recipe.name,
        "input": str(path),
        "text_column": result.column,
        "n_rows": int(len(result.frame)),
        "n_texts": n,
        "n_empty": int(len(result.frame) - n),
        "n_topics": len(sizes),
        "outlier_share": round(float((labels < 0).mean()) if n else 0.0, 4),
        "outlier_share_before_assign": round(found["outlier_share_before_assign"], 4),
        "assigned": int((result.status == "assigned").sum()),
        "model": stats.extra.get("model"),
        "embedded": stats.embedded,
        "cached": stats.cached,
        "algo": recipe.cluster.name,
        "reduce": method,
        "lexical_weight": weight,
        "seed": recipe.seed,
        "merges": found["merges"],
        "topics": [
            {
                "id": t,
                "size": s,
                "label": short_label(result.keywords.get(t, []), recipe.keywords.label_words),
                "keywords": result.keywords.get(t, []),
                "representatives": result.representatives.get(t, []),
            }
            for t, s in sizes.items()
        ],
    }
