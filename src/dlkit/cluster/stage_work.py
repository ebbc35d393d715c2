"""The stages of ``dlkit cluster`` one by one (read, embed, reduce, cluster, topics, keywords,
charts), each computed on first use and read from the stage cache (``stages.py``) when its inputs
and settings are unchanged. ``pipeline.run`` walks them in order and writes the run folder.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from dlkit import console
from dlkit.cluster import chunked, dedup, embed, lexical, report, scale, stages, topics, vector_file
from dlkit.cluster.encoders import encoder_loader, encoder_ref, resolve_encoder
from dlkit.cluster.recipe import ClusterRecipe, build
from dlkit.errors import UsageError


def read_texts(
    path: Path, column: str | None, quiet: bool
) -> tuple[Any, str, list[int], list[str]]:
    """The table (a ``chunked.Source``: CSV/TSV stay on disk), its text column, the rows that
    have text, and those texts."""
    source, rows, texts = chunked.read_source(path, column)
    column = source.column
    skipped = source.n_rows - len(texts)
    if not texts:
        raise UsageError(f"column '{column}' of {path} has no non-empty texts")
    console.info(
        f"{len(texts)} texts in column '{column}' of {path}"
        + (f" ({skipped} empty rows kept as status 'empty')" if skipped else ""),
        quiet,
    )
    return source, column, rows, texts


def _embed(
    recipe: ClusterRecipe,
    ref: embed.ModelRef,
    texts: list[str],
    cache_dir: Path | None,
    quiet: bool,
) -> tuple[Any, embed.EmbedStats, Path | None]:
    with console.progress(not quiet) as bar:
        task = bar.add_task("embedding", total=None)

        def advance(n: int, total: int) -> None:
            bar.update(task, total=total, advance=n)

        encoder = resolve_encoder(recipe.embed.encoder, ref)
        loader = encoder_loader(encoder, ref, cache_dir)
        ref = encoder_ref(encoder, ref)
        vectors, stats, path = vector_file.embed_to_file(
            texts,
            ref,
            cache_dir,
            batch_size=recipe.embed.batch_size,
            on_progress=advance,
            loader=loader,
            shard_rows=recipe.embed.shard_rows,
            float16=recipe.embed.float16,
        )
    stats.extra["model"] = ref.identity
    console.info(
        f"embedded {stats.embedded} new texts, {stats.cached} from cache ({stats.unique} unique)",
        quiet,
    )
    return vectors, stats, path


def _blend(
    recipe: ClusterRecipe, x: Any, texts: list[str], tokens: Any, quiet: bool, scratch: Any
) -> tuple[Any, float]:
    """Lexical features blended in when asked, or when ``auto`` says so (Chinese text); the
    blend goes to ``scratch(shape)`` (a memory-mapped file, or None: in memory)."""
    weight = recipe.embed.lexical_weight
    if weight is None:
        weight = lexical.auto_weight(texts, recipe.embed.model is None)
    if weight > 0:
        lex = lexical.lexical_vectors(tokens(), recipe.seed)
        out = scratch((x.shape[0], x.shape[1] + lex.shape[1]))
        x = lexical.blend(x, lex, weight, out)
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


class Stages:
    """Each stage's output for one run: read from the stage store when its key is there (and
    listed in ``reused``), else computed and stored. Texts and tokens are read only when a stage
    that needs them has to run."""

    def __init__(
        self,
        recipe: ClusterRecipe,
        path: Path,
        ref: embed.ModelRef,
        cache_dir: Path | None,
        keys: dict[str, str],
        quiet: bool,
    ) -> None:
        self.recipe, self.path, self.ref, self.cache_dir = recipe, path, ref, cache_dir
        self.store, self.keys, self.quiet = stages.StageStore(cache_dir), keys, quiet
        self.reused: list[str] = []
        self._temp_files: list[Path] = []

    def _cached(
        self,
        stage: str,
        load: Callable[[stages.Entry], Any],
        compute: Callable[[], tuple[Any, dict[str, Any]]],
    ) -> Any:
        entry = self.store.get(stage, self.keys[stage])
        if entry is not None:
            try:
                value = load(entry)
                self.reused.append(stage)
                return value
            except Exception:  # noqa: BLE001, S110  (a damaged entry is computed again)
                pass
        value, stored = compute()
        self.store.put(stage, self.keys[stage], **stored)
        return value

    @cached_property
    def table(self) -> tuple[Any, str, list[int], list[str]]:
        return read_texts(self.path, self.recipe.input.text_column, self.quiet)

    @property
    def texts(self) -> list[str]:
        return self.table[3]

    @cached_property
    def tokens(self) -> list[list[str]]:
        return _tokens(self.recipe, self.texts)

    @cached_property
    def groups(self) -> tuple[list[int], Any]:
        """Near-duplicate groups (``dedup.py``): each group's first row, each row's group."""
        import numpy as np

        if self.recipe.input.near_duplicates == "collapse":
            return dedup.groups(self.texts)
        return list(range(len(self.texts))), np.arange(len(self.texts))

    @cached_property
    def group_x(self) -> Any:
        """One vector per near-duplicate group."""
        heads, inverse = self.groups
        x = self.embedded[0]
        return dedup.group_vectors(x, inverse, len(heads), self._scratch((len(heads), x.shape[1])))

    def _scratch(self, shape: tuple[int, int]) -> Any:
        """A float32 array on disk beside the vectors (removed by ``close``), or None (no cache:
        the caller holds it in memory)."""
        if self.cache_dir is None:
            return None
        out = vector_file.scratch(self.cache_dir, shape, vector_file.FILE_NAME)
        self._temp_files.append(Path(out.filename))
        return out

    @cached_property
    def embedded(self) -> tuple[Any, dict[str, Any]]:
        """The vectors to cluster (blended with word features when asked) and their stats."""

        def compute() -> tuple[Any, dict[str, Any]]:
            x, stats, path = _embed(self.recipe, self.ref, self.texts, self.cache_dir, self.quiet)
            self._temp_files += [path] if path else []
            x, weight = _blend(
                self.recipe, x, self.texts, lambda: self.tokens, self.quiet, self._scratch
            )
            info = {
                "model": self.ref.identity,
                "embedded": stats.embedded,
                "cached": stats.cached,
                "unique": stats.unique,
                "lexical_weight": weight,
            }
            return (x, info), {"meta": info, "files": self._stored_x(x)}

        def load(entry: stages.Entry) -> tuple[Any, dict[str, Any]]:
            import numpy as np

            info = dict(entry.meta(), embedded=0, cached=entry.meta()["unique"])
            return np.load(entry.folder / vector_file.FILE_NAME, mmap_mode="r"), info

        return self._cached("embed", load, compute)

    def _stored_x(self, x: Any) -> list[Path]:
        """``x`` as ``x.npy`` for the stage cache (removed by ``close`` once the run is over)."""
        if self.cache_dir is None:
            return []
        self._temp_files.append(vector_file.as_file(x, self.cache_dir))
        return self._temp_files[-1:]

    def close(self) -> None:
        """Remove the temporary vector files (the open mappings stay readable)."""
        for path in self._temp_files:
            vector_file.discard(path)

    @cached_property
    def reduced(self) -> dict[str, Any]:
        """The reduced vectors, the method's name and the 2-D map."""

        def compute() -> tuple[Any, dict[str, Any]]:
            import numpy as np

            from dlkit.cluster.reduce import Reduced, map_coordinates

            x, size = self.group_x, self.recipe.scale.sample
            sample = (
                scale.seeded_sample(len(x), size, self.recipe.seed)
                if len(x) > size
                else np.zeros(0, dtype=np.int64)
            )
            reduced = build(self.recipe, "reduce")(x[sample] if len(sample) else x)
            coords, map_name = map_coordinates(  # a sample's own plane does not cover every row
                x, Reduced(None, "none") if len(sample) else reduced
            )
            coords = dedup.expand(coords, self.groups[1])
            value = {
                "vectors": reduced.vectors,
                "method": reduced.method,
                "coords": coords,
                "map_name": map_name,
                "sample": sample,
            }
            return value, {
                "meta": {"method": reduced.method, "map_name": map_name},
                "arrays": {"vectors": reduced.vectors, "coords": coords, "sample": sample},
            }

        def load(entry: stages.Entry) -> dict[str, Any]:
            return {**entry.meta(), **entry.arrays()}

        return self._cached("reduce", load, compute)

    @cached_property
    def clustered(self) -> tuple[Any, Any]:
        """Labels and membership scores per row (clustered per near-duplicate group)."""

        def compute() -> tuple[Any, dict[str, Any]]:
            import numpy as np

            labels, scores = build(self.recipe, "cluster")(self.reduced["vectors"])
            sample = self.reduced["sample"]
            if len(sample):
                labels, scores = scale.knn_assign(
                    self.group_x, sample, labels, scores, self.recipe.scale.neighbours
                )
            inverse = self.groups[1]
            labels = dedup.expand(np.asarray(labels), inverse)
            scores = dedup.expand(np.asarray(scores), inverse)
            return (labels, scores), {"meta": {}, "arrays": {"labels": labels, "scores": scores}}

        def load(entry: stages.Entry) -> tuple[Any, Any]:
            arrays = entry.arrays()
            return arrays["labels"], arrays["scores"]

        return self._cached("cluster", load, compute)

    @cached_property
    def topics(self) -> dict[str, Any]:
        """Final labels, scores, status per row, merges and representative texts."""

        def compute() -> tuple[Any, dict[str, Any]]:
            x = self.embedded[0]
            found = _topics(self.recipe, x, *self.clustered)
            reps = topics.representatives(
                x, found["labels"], self.texts, self.recipe.topics.representatives
            )
            found["representatives"] = reps
            meta = {
                "merges": found["merges"],
                "representatives": list(reps.items()),
                "outlier_share_before_assign": found["outlier_share_before_assign"],
            }
            arrays = {k: found[k] for k in ("labels", "scores")}
            arrays["status"] = found["status"].astype(str)
            return found, {"meta": meta, "arrays": arrays}

        def load(entry: stages.Entry) -> dict[str, Any]:
            meta, arrays = entry.meta(), entry.arrays()
            arrays["status"] = arrays["status"].astype(object)
            meta["representatives"] = {int(t): r for t, r in meta["representatives"]}
            return {**meta, **arrays}

        return self._cached("topics", load, compute)

    @cached_property
    def keywords(self) -> dict[int, list[str]]:
        def compute() -> tuple[Any, dict[str, Any]]:
            words = _keywords(self.recipe, self.tokens, self.topics["labels"])
            return words, {"meta": list(words.items())}

        return self._cached("keywords", lambda e: {int(t): w for t, w in e.meta()}, compute)

    def charts(self, run_dir: Path, result: report.Result, summary: dict[str, Any]) -> None:
        """The two pictures, copied from the store or drawn (and stored)."""
        import shutil

        def compute() -> tuple[Any, dict[str, Any]]:
            return None, {"meta": {}, "files": report.write_charts(run_dir, result, summary)}

        def load(entry: stages.Entry) -> None:
            for name in report.CHARTS:
                shutil.copyfile(entry.folder / name, run_dir / name)

        self._cached("charts", load, compute)
