"""What ``dlkit cluster`` leaves behind: assignments.csv, topics.csv, topics.json, the two charts
(``charts.py``), report.html (``html_report.py``) and the rich table in the terminal.

Called by the cluster pipeline once topics are final; every file goes through ``dlkit.files`` so a
crash never leaves half an output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlkit import console, files
from dlkit.errors import DataError


@dataclass
class Result:
    """The job's outcome, row-aligned with the non-empty texts (``rows`` index into the rows
    of ``source``, the input table: ``chunked.Source``)."""

    source: Any
    column: str
    rows: Any
    labels: Any
    scores: Any
    status: Any
    keywords: dict[int, list[str]]
    representatives: dict[int, list[str]]
    coords: Any
    map_name: str = "PCA"


def write_assignments(dest: Path, result: Result, rows: int = 20_000) -> Path:
    """assignments.csv: every input row, in order, plus ``topic``, ``probability`` and
    ``status``, written ``rows`` input rows at a time (atomic: the file appears when complete)."""
    import numpy as np

    n = result.source.n_rows
    topic = np.full(n, -1, dtype=np.int64)
    prob = np.zeros(n)
    status = np.full(n, "empty", dtype=object)
    topic[result.rows] = result.labels
    prob[result.rows] = np.round(result.scores, 4)
    status[result.rows] = result.status
    start = 0
    with files.atomic_path(dest) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as out:
        for chunk in result.source.frames(rows):
            stop = start + len(chunk)
            if stop > n:
                break
            chunk = chunk.rename(
                columns={c: f"{c}_input" for c in ("topic", "probability", "status")}
            )
            chunk["topic"], chunk["probability"] = topic[start:stop], prob[start:stop]
            chunk["status"] = status[start:stop]
            chunk.to_csv(out, index=False, header=start == 0)
            start = stop
        if start != n:  # the input file was changed while the run read it
            raise DataError(f"{result.source.path} changed during the run; run it again")
    return dest


def topics_frame(summary: dict[str, Any]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "topic": t["id"],
                "size": t["size"],
                "keywords": ", ".join(t["keywords"]),
                "representatives": " ||| ".join(t["representatives"]),
            }
            for t in summary["topics"]
        ],
        columns=["topic", "size", "keywords", "representatives"],
    )


def write_outputs(run_dir: Path, result: Result, summary: dict[str, Any]) -> None:
    write_tables(run_dir, result, summary)
    write_charts(run_dir, result, summary)
    write_html(run_dir, summary)


def write_tables(run_dir: Path, result: Result, summary: dict[str, Any]) -> None:
    """assignments.csv, topics.csv and topics.json."""
    write_assignments(run_dir / "assignments.csv", result)
    files.write_csv(run_dir / "topics.csv", topics_frame(summary), encoding="utf-8-sig")
    files.write_json(run_dir / "topics.json", summary)


CHARTS = ("topic_map.png", "topic_sizes.png")


def write_charts(run_dir: Path, result: Result, summary: dict[str, Any]) -> list[Path]:
    """The topic map and the topic sizes chart (``CHARTS``)."""
    from dlkit.cluster import charts

    return [
        charts.save_map(
            run_dir / CHARTS[0], result.coords, result.labels, summary, result.map_name
        ),
        charts.save_sizes(run_dir / CHARTS[1], summary),
    ]


def write_html(run_dir: Path, summary: dict[str, Any]) -> None:
    from dlkit.cluster import html_report

    html_report.write(
        run_dir / "report.html", summary, {"map": run_dir / CHARTS[0], "sizes": run_dir / CHARTS[1]}
    )


def print_table(summary: dict[str, Any]) -> None:
    """The topics as a rich table on stdout, with the outlier share underneath."""
    from rich.table import Table

    table = Table(
        "topic", "size", "label", "keywords", "representative text", box=None, header_style="bold"
    )
    for topic in summary["topics"]:
        reps = topic["representatives"]
        first = reps[0] if reps else ""
        table.add_row(
            str(topic["id"]),
            str(topic["size"]),
            topic.get("label", ""),
            ", ".join(topic["keywords"][:6]),
            first if len(first) <= 80 else first[:77] + "…",
        )
    out = console.out()
    out.print(table)
    before = summary.get("outlier_share_before_assign", summary["outlier_share"])
    assigned = (
        f" ({before:.1%} before {summary['assigned']} were assigned)"
        if summary.get("assigned")
        else ""
    )
    merged = f", {len(summary['merges'])} merges" if summary.get("merges") else ""
    out.print(
        f"{summary['n_texts']} texts, {summary['n_topics']} topics{merged}, "
        f"{summary['outlier_share']:.1%} outliers{assigned}",
        markup=False,
    )
    groups = summary.get("n_groups", summary["n_texts"])
    if groups < summary["n_texts"]:
        out.print(
            f"near-duplicates collapsed: clustered {groups} groups"
            + (
                f", fitted on a sample of {summary['sampled']} and the rest assigned"
                if summary.get("sampled")
                else ""
            ),
            markup=False,
        )
    if summary.get("world_size", 1) > 1:
        rows = ", ".join(str(r) for r in summary["rows_per_rank"])
        out.print(
            f"encoded by {summary['world_size']} processes (torchrun): {rows} texts", markup=False
        )
