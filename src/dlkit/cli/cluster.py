"""``dlkit cluster``: topics in a column of texts, from the ``cluster-reviews`` recipe.

Thin: every flag is an override of a recipe key (named in its help; the defaults live in
``configs/cluster-reviews.yaml`` only), ``--recipe/--config/--set`` work as for the other verbs,
and ``jobs/cluster.py`` does the work. Prints the topic table and the run folder last, or the
summary with ``--json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dlkit.cli import options as opt
from dlkit.errors import UsageError

REC = "recipe"  # show_default text: the value comes from the recipe


def _opt(key: str, help: str, *names: str, **kw) -> typer.models.OptionInfo:
    return typer.Option(*names, help=f"{help} ({key})", show_default=False, **kw)


def cluster_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Texts to cluster: .csv, .tsv, .txt (one per line), .jsonl or .parquet.",
            show_default=False,
        ),
    ] = None,
    recipe: Annotated[
        str | None,
        typer.Option(
            "--recipe",
            "-r",
            help="Cluster recipe name or YAML file.",
            show_default="cluster-reviews",
        ),
    ] = None,
    config: opt.ConfigFiles = None,
    set_: opt.Sets = None,
    text_column: Annotated[
        str | None,
        _opt(
            "input.text_column",
            "Column with the texts (found automatically when obvious).",
            "--text-column",
        ),
    ] = None,
    near_duplicates: Annotated[
        str | None,
        _opt(
            "input.near_duplicates",
            "collapse: cluster retweets and copies (another link, case, "
            "emoji) as one point, e.g. --near-duplicates keep.",
            "--near-duplicates",
        ),
    ] = None,
    model: Annotated[
        str | None,
        _opt(
            "embed.model", "sentence-transformers model: a folder or a Hugging Face id.", "--model"
        ),
    ] = None,
    algo: Annotated[
        str | None, _opt("cluster.name", "hdbscan, dbscan or kmeans.", "--algo")
    ] = None,
    min_cluster_size: Annotated[
        int | None,
        _opt("cluster.hdbscan.min_cluster_size", "Smallest topic (hdbscan).", "--min-cluster-size"),
    ] = None,
    min_samples: Annotated[
        int | None,
        _opt("cluster.<algo>.min_samples", "Density neighbours (hdbscan/dbscan).", "--min-samples"),
    ] = None,
    eps: Annotated[
        float | None, _opt("cluster.dbscan.eps", "Neighbourhood radius (dbscan).", "--eps")
    ] = None,
    n_clusters: Annotated[
        int | None, _opt("cluster.kmeans.n_clusters", "Number of topics (kmeans).", "--n-clusters")
    ] = None,
    reduce: Annotated[
        str | None, _opt("reduce.name", "auto, spectral, umap, pca, tsne or none.", "--reduce")
    ] = None,
    dims: Annotated[
        int | None, _opt("reduce.<reduce>.dims", "Dimensions for auto/spectral/umap/pca.", "--dims")
    ] = None,
    lexical_weight: Annotated[
        float | None,
        _opt(
            "embed.lexical_weight",
            "Blend jieba/word TF-IDF features into the embeddings (0-1).",
            "--lexical-weight",
        ),
    ] = None,
    merge_threshold: Annotated[
        float | None,
        _opt(
            "topics.merge_threshold",
            "Merge topics whose centroids' cosine similarity is above this.",
            "--merge-threshold",
        ),
    ] = None,
    topics: Annotated[
        int | None,
        _opt("topics.topics", "Merge the most similar topics until at most N remain.", "--topics"),
    ] = None,
    assign_outliers: Annotated[
        bool,
        _opt(
            "topics.outliers=all",
            "Attach every outlier to its nearest topic, however far.",
            "--assign-outliers",
        ),
    ] = False,
    strict: Annotated[
        bool,
        _opt(
            "topics.outliers=keep",
            "Keep HDBSCAN's outliers as they are (no assignment).",
            "--strict",
        ),
    ] = False,
    seed: Annotated[
        int | None, _opt("seed", "Random seed (same input + seed = same topics).", "--seed")
    ] = None,
    top_words: Annotated[
        int | None, _opt("keywords.top_words", "Keywords per topic.", "--top-words")
    ] = None,
    ngrams: Annotated[
        str | None,
        _opt(
            "keywords.ngrams",
            "Keyword lengths: 1-1 words, 1-2 words and two-word phrases.",
            "--ngrams",
        ),
    ] = None,
    out: Annotated[
        Path | None, _opt("out", "Parent folder of the run folders.", "--out", "-o")
    ] = None,
    cache_dir: Annotated[
        Path | None, _opt("embed.cache_dir", "Embedding cache folder.", "--cache-dir")
    ] = None,
    no_cache: Annotated[
        bool, _opt("embed.cache=false", "Do not read or write the cache.", "--no-cache")
    ] = False,
    batch_size: Annotated[
        int | None, _opt("embed.batch_size", "Texts per encoding batch.", "--batch-size")
    ] = None,
    demo: Annotated[
        str | None,
        typer.Option(help="Run a demo instead: 'dbscan' (two blobs, sensitivity to eps)."),
    ] = None,
    as_json: opt.Json = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
) -> None:
    """Find the topics in a file of short texts (reviews, comments, posts).

    Every option overrides the recipe key in parentheses; the defaults are in the recipe
    (dlkit config show cluster-reviews).

    Examples:
      dlkit cluster reviews.csv
      dlkit cluster reviews.csv --text-column review --topics 8 --ngrams 1-2
      dlkit cluster posts.csv --recipe my-cluster.yaml --set topics.outlier_floor=0.6
    """
    from dlkit import console
    from dlkit.jobs import cluster as job

    if strict and assign_outliers:
        raise UsageError(
            "--strict keeps outliers and --assign-outliers assigns them all; give one of them"
        )
    if demo is not None:
        summary = job.demo(demo, out or Path("runs"), 42 if seed is None else seed)
        for row in summary["sweep"]:
            console.info(
                f"eps={row['eps']:<4} clusters={row['clusters']} noise={row['noise_share']:.0%}",
                quiet or as_json,
            )
    else:
        flags = dict(
            file=file,
            text_column=text_column,
            near_duplicates=near_duplicates,
            model=model,
            algo=algo,
            min_cluster_size=min_cluster_size,
            min_samples=min_samples,
            eps=eps,
            n_clusters=n_clusters,
            reduce=reduce,
            dims=dims,
            lexical_weight=lexical_weight,
            merge_threshold=merge_threshold,
            topics=topics,
            seed=seed,
            top_words=top_words,
            ngrams=ngrams,
            out=out,
            cache_dir=cache_dir,
            batch_size=batch_size,
            cache=False if no_cache else None,
            outliers="keep" if strict else "all" if assign_outliers else None,
        )
        summary = job.cluster(recipe, config or [], set_ or [], flags, quiet=quiet or as_json)
        if "run_dir" not in summary:  # a torchrun rank other than 0: it only encoded
            return
    if as_json:
        console.print_json(summary)
        return
    if demo is None and not quiet:
        from dlkit.cluster.report import print_table

        print_table(summary)
    console.out().print(summary["run_dir"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("cluster")(cluster_command)
