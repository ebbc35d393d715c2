"""The two pictures of a cluster run: the 2-D topic map and a bar chart of topic sizes.

Called by ``report.write_outputs``; both go into report.html too. Labels are the topics' short
labels; Chinese words are drawn with a CJK font when one is installed (``fonts.py``), else left
out after one warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.cluster.fonts import fonts_for, has_cjk

MAX_LEGEND = 12
MAX_BARS = 30
OUTLIER_GREY = "#cccccc"


def colour(topic: int) -> Any:
    """tab10 for the first ten topics, then tab20's paler shades, so neighbours differ."""
    from matplotlib import colormaps

    if topic < 10:
        return colormaps["tab10"](topic)
    return colormaps["tab20"]((2 * (topic - 10) + 1) % 20)


def topic_label(topic: dict[str, Any], ascii_only: bool) -> str:
    """``"3 (120): golf / greens / course"``, without Chinese words when no font can draw them."""
    words = topic.get("label", "") or " / ".join(topic["keywords"][:3])
    if ascii_only:
        words = " / ".join(w for w in words.split(" / ") if not has_cjk(w))
    return f"{topic['id']} ({topic['size']}): {words}"


def _fonts(summary: dict[str, Any]) -> list[str]:
    return fonts_for([t.get("label", "") for t in summary["topics"]])


def _apply(texts: Any, fonts: list[str]) -> None:
    for text in texts:
        text.set_fontfamily(fonts)


def save_map(dest: Path, coords: Any, labels: Any, summary: dict[str, Any], map_name: str) -> Path:
    """A scatter of the 2-D map, one colour per topic, outliers in light grey."""
    import numpy as np
    from matplotlib.figure import Figure

    fonts = _fonts(summary)
    fig = Figure(figsize=(8, 6))
    ax = fig.add_subplot()
    xy = np.asarray(coords)
    outliers = labels < 0
    ax.scatter(xy[outliers, 0], xy[outliers, 1], s=5, c=OUTLIER_GREY)
    palette = {t["id"]: colour(t["id"]) for t in summary["topics"]}
    ax.scatter(
        xy[~outliers, 0], xy[~outliers, 1], s=7, c=[palette[t] for t in labels[~outliers].tolist()]
    )
    handles = [("outliers", OUTLIER_GREY)] if outliers.any() else []
    handles += [
        (topic_label(t, ascii_only=not fonts), palette[t["id"]])
        for t in summary["topics"][:MAX_LEGEND]
    ]
    for label, shade in handles:  # empty plots, one per legend entry
        ax.scatter([], [], s=20, color=shade, label=label)
    ax.set_title(
        f"{summary['n_topics']} topics, {summary['outlier_share']:.0%} outliers (map: {map_name})"
    )
    ax.set_xticks([])
    ax.set_yticks([])
    if handles:
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
        if fonts:
            _apply(legend.get_texts(), fonts)
    return files.save_figure(dest, fig)


def save_sizes(dest: Path, summary: dict[str, Any]) -> Path:
    """Horizontal bars, largest topic on top, each labelled with its short label and share."""
    from matplotlib.figure import Figure

    fonts = _fonts(summary)
    shown = summary["topics"][:MAX_BARS]
    n = max(summary["n_texts"], 1)
    fig = Figure(figsize=(8, 1.2 + 0.3 * max(len(shown), 1)))
    ax = fig.add_subplot()
    names = [topic_label(t, ascii_only=not fonts) for t in shown]
    sizes = [t["size"] for t in shown]
    bars = ax.barh(range(len(shown)), sizes, color=[colour(t["id"]) for t in shown])
    ax.set_yticks(range(len(shown)), names, fontsize=8)
    ax.invert_yaxis()
    for bar, size in zip(bars, sizes):
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            f" {size / n:.0%}",
            va="center",
            fontsize=7,
        )
    outliers = round(summary["outlier_share"] * summary["n_texts"])
    more = (
        f", {len(summary['topics']) - len(shown)} smaller not shown"
        if len(summary["topics"]) > len(shown)
        else ""
    )
    ax.set_title(f"Topic sizes: {summary['n_texts']} texts, {outliers} outliers{more}", fontsize=10)
    ax.set_xlabel("texts")
    ax.spines[["top", "right"]].set_visible(False)
    if fonts:
        _apply(ax.get_yticklabels(), fonts)
    return files.save_figure(dest, fig)
