"""``dlkit cluster``: topics in a column of texts (embeddings + HDBSCAN + c-TF-IDF keywords).

Thin: parses the flags into ``ClusterOptions`` and calls ``dlkit.cluster.pipeline.run_cluster``
(or the DBSCAN demo); prints the run folder last, or the summary with ``--json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from dlkit.errors import UsageError


def cluster_command(
    file: Annotated[Optional[Path], typer.Argument(
        help="Texts to cluster: .csv, .tsv, .txt (one per line), .jsonl or .parquet.")] = None,
    text_column: Annotated[Optional[str], typer.Option(
        help="Column with the texts (found automatically when obvious).")] = None,
    model: Annotated[Optional[str], typer.Option(
        help="sentence-transformers model: a folder or a Hugging Face id.",
        show_default="all-MiniLM-L6-v2, offline")] = None,
    algo: Annotated[str, typer.Option(help="hdbscan, dbscan or kmeans.")] = "hdbscan",
    min_cluster_size: Annotated[int, typer.Option(help="Smallest topic (hdbscan).")] = 15,
    min_samples: Annotated[Optional[int], typer.Option(
        help="Density neighbours (hdbscan/dbscan).",
        show_default="min-cluster-size // 4, at least 2")] = None,
    eps: Annotated[float, typer.Option(help="Neighbourhood radius (dbscan).")] = 0.5,
    n_clusters: Annotated[int, typer.Option(help="Number of topics (kmeans).")] = 8,
    reduce: Annotated[str, typer.Option(
        help="auto (PCA to 10-D from 500 texts), pca, umap, tsne or none.")] = "auto",
    dims: Annotated[Optional[int], typer.Option(help="Dimensions for pca/umap.")] = None,
    lexical_weight: Annotated[Optional[float], typer.Option(
        help="Blend jieba/word TF-IDF features into the embeddings (0-1).",
        show_default="0.5 for the English default model on Chinese text, else 0")] = None,
    merge_threshold: Annotated[Optional[float], typer.Option(
        help="Merge topics whose centroids' cosine similarity is above this (e.g. 0.8).",
        show_default="off")] = None,
    assign_outliers: Annotated[bool, typer.Option(
        "--assign-outliers", help="Attach each outlier to its nearest topic.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed (same input + seed = same topics).")] = 42,
    top_words: Annotated[int, typer.Option(help="Keywords per topic.")] = 10,
    out: Annotated[Path, typer.Option(help="Parent folder of the run folders.")] = Path("runs"),
    cache_dir: Annotated[Optional[Path], typer.Option(
        help="Embedding cache folder.",
        show_default="$XDG_CACHE_HOME/dlkit or ~/.cache/dlkit")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the cache.")
                        ] = False,
    batch_size: Annotated[int, typer.Option(help="Texts per encoding batch.")] = 64,
    demo: Annotated[Optional[str], typer.Option(
        help="Run a demo instead: 'dbscan' (two blobs, sensitivity to eps).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
) -> None:
    """Find the topics in a file of short texts (reviews, comments).

    Example: dlkit cluster reviews.csv --text-column review --assign-outliers
    """
    from dlkit import console

    if demo is not None:
        result = _demo(demo, out, seed)
    else:
        if file is None:
            raise UsageError("give a FILE of texts to cluster, or --demo dbscan")
        from dlkit.cluster import embed
        from dlkit.cluster.pipeline import ClusterOptions, run_cluster

        options = ClusterOptions(
            path=file, text_column=text_column, model=model, algo=algo,
            min_cluster_size=min_cluster_size, min_samples=min_samples, eps=eps,
            n_clusters=n_clusters, reduce=reduce, dims=dims, merge_threshold=merge_threshold,
            lexical_weight=lexical_weight, assign_outliers=assign_outliers, seed=seed,
            top_words=top_words, out=out,
            cache_dir=None if no_cache else (cache_dir or embed.default_cache_dir()),
            batch_size=batch_size, quiet=quiet or as_json, show_table=not as_json)
        result = run_cluster(options)
    if as_json:
        console.print_json(result)
    else:
        console.out().print(result["run_dir"], markup=False)


def _demo(name: str, out: Path, seed: int) -> dict:
    from dlkit import console
    from dlkit.cluster import demo

    if name not in demo.DEMOS:
        raise UsageError(f"unknown --demo '{name}'; use one of {', '.join(demo.DEMOS)}")
    summary = demo.run_demo(name, out, seed)
    for row in summary["sweep"]:
        console.info(f"eps={row['eps']:<4} clusters={row['clusters']} "
                     f"noise={row['noise_share']:.0%}")
    return summary


def register(app: typer.Typer) -> None:
    app.command("cluster")(cluster_command)
