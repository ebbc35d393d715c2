"""``dlkit cluster --demo dbscan``: the seed's two-blob DBSCAN picture and its sensitivity to eps.

Called by the cluster CLI. Two Gaussian blobs (fixed seed) are clustered with DBSCAN at several
``eps`` values; one PNG shows a panel per value, and a table gives clusters and noise share.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit import files

EPS_VALUES = (0.1, 0.3, 0.5, 1.0, 2.0, 4.0)
DEMOS = ("dbscan",)


def two_blobs(seed: int = 42) -> Any:
    from sklearn.datasets import make_blobs

    x, _ = make_blobs(
        n_samples=300, centers=[(-2.0, 0.0), (2.0, 0.0)], cluster_std=0.6, random_state=seed
    )
    return x


def dbscan_sweep(x: Any, min_samples: int = 5) -> list[dict[str, Any]]:
    """One row per eps: labels, number of clusters and the share of noise points."""
    from sklearn.cluster import DBSCAN

    rows = []
    for eps in EPS_VALUES:
        labels = DBSCAN(eps=eps, min_samples=min_samples).fit_predict(x)
        rows.append(
            {
                "eps": eps,
                "clusters": int(len(set(labels.tolist()) - {-1})),
                "noise_share": round(float((labels < 0).mean()), 4),
                "labels": labels,
            }
        )
    return rows


def run_demo(name: str, out: Path, seed: int = 42) -> dict[str, Any]:
    """Write ``dbscan_demo.png`` in a fresh run folder; returns the summary."""
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    from dlkit.engine.run_dir import new_run_dir

    x = two_blobs(seed)
    rows = dbscan_sweep(x)
    fig = Figure(figsize=(12, 7))
    cmap = colormaps["tab10"]
    for i, row in enumerate(rows):
        ax = fig.add_subplot(2, 3, i + 1)
        colours = [
            cmap(label % 10) if label >= 0 else (0.8, 0.8, 0.8, 1.0)
            for label in row["labels"].tolist()
        ]
        ax.scatter(x[:, 0], x[:, 1], c=colours, s=8)
        ax.set_title(
            f"eps={row['eps']}: {row['clusters']} clusters, {row['noise_share']:.0%} noise",
            fontsize=9,
        )
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(
        "DBSCAN on two blobs (min_samples=5): too small an eps is all noise, "
        "too large merges the blobs"
    )
    run_dir = new_run_dir(out, "cluster")
    png = files.save_figure(run_dir / "dbscan_demo.png", fig)
    table = [{k: v for k, v in row.items() if k != "labels"} for row in rows]
    summary = {"run_dir": str(run_dir), "demo": name, "png": str(png), "sweep": table}
    files.write_json(run_dir / "demo.json", summary)
    return summary
