"""The run of ``dlkit cluster``: read → embed (cached) → reduce → cluster → topics → report; the
stages themselves are ``stage_work.py``.

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
from dlkit.cluster import embed, report, stages, vector_file
from dlkit.cluster.encoders import encoder_ref, resolve_encoder
from dlkit.cluster.recipe import ClusterRecipe, component_options
from dlkit.cluster.stage_work import Stages, read_texts

__all__ = ["read_texts", "run"]


def run(
    recipe: ClusterRecipe,
    path: Path,
    ref: embed.ModelRef,
    cache_dir: Path | None,
    quiet: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run every stage, reusing the stored ones; returns the summary (also saved as
    topics.json), with ``extra`` (who encoded: world size, rows per rank) added."""
    from dlkit.engine.run_dir import new_run_dir

    clock = _Laps()
    identity = encoder_ref(resolve_encoder(recipe.embed.encoder, ref), ref).identity
    keys = stages.stage_keys(
        recipe,
        stages.file_digest(path),
        identity,
        component_options(recipe, "reduce"),
        component_options(recipe, "cluster"),
    )
    store = stages.StageStore(cache_dir)
    stored = store.get("report", keys["report"])
    if stored is not None:
        summary = _reuse_report(
            stored, new_run_dir(Path(recipe.out), "cluster"), path, dict(extra or {}), quiet
        )
        summary["seconds"] = clock.lap("report")
        return summary
    run = Stages(recipe, path, ref, cache_dir, keys, quiet)
    try:
        return _run_stages(run, store, keys, clock, extra)
    finally:
        run.close()


def _run_stages(
    run: Stages,
    store: stages.StageStore,
    keys: dict[str, str],
    clock: _Laps,
    extra: dict[str, Any] | None,
) -> dict[str, Any]:
    """Every stage in order, then the run folder; returns the summary."""
    from dlkit.engine.run_dir import new_run_dir

    recipe = run.recipe
    _ = run.table
    clock.lap("read")
    x, info = run.embedded
    clock.lap("embed")
    reduced = run.reduced
    _release(run, "reduce", clock)
    _ = run.clustered
    _release(run, "cluster", clock)
    found, words = run.topics, run.keywords
    _release(run, "topics", clock)
    summary = _write(
        run, new_run_dir(Path(recipe.out), "cluster"), found, words, dict(info, **(extra or {}))
    )
    store.put(
        "report",
        keys["report"],
        meta={},
        files=sorted(p for p in Path(summary["run_dir"]).iterdir() if p.is_file()),
    )
    summary["seconds"] = clock.lap("report")
    del reduced, x
    return summary


def _release(run: Stages, stage: str, clock: _Laps) -> None:
    """Close ``stage``'s lap and hand back the pages of the memory-mapped vectors it read."""
    clock.lap(stage)
    for name in ("embedded", "group_x"):
        if name in run.__dict__:  # computed (a cached property), not computed here
            value = run.__dict__[name]
            vector_file.release(value[0] if name == "embedded" else value)


def _write(
    run: Stages,
    run_dir: Path,
    found: dict[str, Any],
    words: dict[int, list[str]],
    info: dict[str, Any],
) -> dict[str, Any]:
    """Every output file of the run folder; returns the summary."""
    import numpy as np

    source, column, rows, _ = run.table
    result = report.Result(
        source=source,
        column=column,
        rows=np.asarray(rows, dtype=int),
        labels=found["labels"],
        scores=found["scores"],
        status=found["status"],
        keywords=words,
        representatives=found["representatives"],
        coords=run.reduced["coords"],
        map_name=run.reduced["map_name"],
    )
    info = dict(info, n_groups=len(run.groups[0]), sampled=len(run.reduced["sample"]))
    summary = _summary(run.recipe, run.path, run_dir, result, info, run.reduced["method"], found)
    summary.update(
        reused=list(run.reused),
        world_size=info.get("world_size", 1),
        rows_per_rank=info.get("rows_per_rank"),
    )
    report.write_tables(run_dir, result, summary)
    run.charts(run_dir, result, summary)
    report.write_html(run_dir, summary)
    summary["reused"] = list(run.reused)
    _reused_line(summary, run.quiet)
    return summary


def _reuse_report(
    entry: stages.Entry, run_dir: Path, path: Path, extra: dict[str, Any], quiet: bool
) -> dict[str, Any]:
    """An unchanged run: the stored outputs copied into the new run folder."""
    import json
    import shutil

    from dlkit import files

    for stored in entry.files():
        shutil.copyfile(stored, run_dir / stored.name)
    summary = json.loads((run_dir / "topics.json").read_text(encoding="utf-8"))
    summary.update(
        run_dir=str(run_dir),
        input=str(path),
        embedded=0,
        cached=summary.get("unique", summary["cached"]),
        reused=list(stages.STAGES),
        **extra,
    )
    files.write_json(run_dir / "topics.json", summary)
    _reused_line(summary, quiet)
    return summary


def _reused_line(summary: dict[str, Any], quiet: bool) -> None:
    reused = summary["reused"]
    if not reused:
        return
    what = "every stage" if len(reused) == len(stages.STAGES) else ", ".join(reused)
    console.info(f"reused from the stage cache: {what}", quiet)


class _Laps:
    """Seconds per stage: ``lap(stage)`` closes the stage that ran since the last lap."""

    def __init__(self) -> None:
        self.start = self.clock = time.perf_counter()
        self.seconds = {stage: 0.0 for stage in ("read", *stages.STAGES[:3], "topics", "report")}

    def lap(self, stage: str) -> dict[str, float]:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self.clock, 3)
        self.clock = now
        return self.seconds


def _summary(
    recipe: ClusterRecipe,
    path: Path,
    run_dir: Path,
    result: report.Result,
    info: dict[str, Any],
    method: str,
    found: dict[str, Any],
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
        "n_rows": int(result.source.n_rows),
        "n_texts": n,
        "n_empty": int(result.source.n_rows - n),
        "n_topics": len(sizes),
        "near_duplicates": recipe.input.near_duplicates,
        "n_groups": info["n_groups"],
        "sampled": info["sampled"],
        "outlier_share": round(float((labels < 0).mean()) if n else 0.0, 4),
        "outlier_share_before_assign": round(found["outlier_share_before_assign"], 4),
        "assigned": int((result.status == "assigned").sum()),
        "model": info["model"],
        "embedded": info["embedded"],
        "cached": info["cached"],
        "unique": info["unique"],
        "algo": recipe.cluster.name,
        "reduce": method,
        "lexical_weight": info["lexical_weight"],
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
