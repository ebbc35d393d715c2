"""What ``dlkit cluster`` leaves behind: assignments.csv, topics.csv, topics.json, topic_map.png
and the rich table in the terminal.

Called by the cluster pipeline once topics are final; every file goes through ``dlkit.files`` so a
crash never leaves half an output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlkit import console, files

MAX_LEGEND = 12


@dataclass
class Result:
    """The job's outcome, row-aligned with the non-empty texts (``rows`` index into ``frame``)."""

    frame: Any
    column: str
    rows: Any
    labels: Any
    scores: Any
    status: Any
    keywords: dict[int, list[str]]
    representatives: dict[int, list[str]]
    coords: Any
    map_name: str = "PCA"


def assignments_frame(result: Result) -> Any:
    """Every input row, in order, plus ``topic``, ``probability`` and ``status``."""
    import numpy as np

    frame = result.frame.copy()
    n = len(frame)
    topic = np.full(n, -1, dtype=int)
    prob = np.zeros(n)
    status = np.full(n, "empty", dtype=object)
    topic[result.rows] = result.labels
    prob[result.rows] = np.round(result.scores, 4)
    status[result.rows] = result.status
    for name in ("topic", "probability", "status"):
        if name in frame.columns:
            frame = frame.rename(columns={name: f"{name}_input"})
    frame["topic"], frame["probability"], frame["status"] = topic, prob, status
    return frame


def topics_frame(summary: dict[str, Any]) -> Any:
    import pandas as pd

    return pd.DataFrame([{"topic": t["id"], "size": t["size"],
                          "keywords": ", ".join(t["keywords"]),
                          "representatives": " ||| ".join(t["representatives"])}
                         for t in summary["topics"]],
                        columns=["topic", "size", "keywords", "representatives"])


def write_outputs(run_dir: Path, result: Result, summary: dict[str, Any]) -> None:
    files.write_csv(run_dir / "assignments.csv", assignments_frame(result), encoding="utf-8-sig")
    files.write_csv(run_dir / "topics.csv", topics_frame(summary), encoding="utf-8-sig")
    files.write_json(run_dir / "topics.json", summary)
    save_map(run_dir / "topic_map.png", result, summary)


CJK_FAMILIES = ("Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans TC",
                "Source Han Sans TC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Droid Sans Fallback", "AR PL UMing TW", "AR PL UKai TW", "Microsoft JhengHei",
                "PingFang TC", "Heiti TC", "SimHei")
# File names of CJK fonts, for fonts installed after matplotlib cached its font list.
CJK_FILES = re.compile(r"(wqy|notosanscjk|notoserifcjk|sourcehan|droidsansfallback|uming|ukai|"
                       r"msjh|pingfang|simhei|cjk)", re.IGNORECASE)
_warned = False


def cjk_fonts() -> list[str]:
    """Installed font families able to draw Chinese, best first; empty when there is none.

    Looks in matplotlib's font list, then registers CJK font files that it has not cached yet
    (a font installed after matplotlib's first run is otherwise invisible to it)."""
    from matplotlib import font_manager

    def found() -> list[str]:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return [family for family in CJK_FAMILIES if family in names]

    if not found():
        for path in font_manager.findSystemFonts():
            if CJK_FILES.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
    return found()


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def _fonts_for(words: list[str]) -> list[str]:
    """The CJK fonts to draw ``words`` with; warns once per process when Chinese words would
    have to be left out for want of a font."""
    global _warned
    if not any(_has_cjk(w) for w in words):
        return []
    fonts = cjk_fonts()
    if not fonts and not _warned:
        _warned = True
        console.info("note: no CJK font is installed, so Chinese keywords are left out of the "
                     "map legend; install one (e.g. apt-get install fonts-wqy-microhei)")
    return fonts


def _label(topic: dict[str, Any], ascii_only: bool) -> str:
    words = [w for w in topic["keywords"] if not _has_cjk(w) or not ascii_only]
    return f"{topic['id']} ({topic['size']}): " + " ".join(words[:3])


def _colour(topic: int) -> Any:
    """tab10 for the first ten topics, then tab20's paler shades, so neighbours differ."""
    from matplotlib import colormaps

    if topic < 10:
        return colormaps["tab10"](topic)
    return colormaps["tab20"]((2 * (topic - 10) + 1) % 20)


def save_map(dest: Path, result: Result, summary: dict[str, Any]) -> Path:
    """A scatter of the 2-D map, one colour per topic, outliers in light grey."""
    import numpy as np
    from matplotlib.figure import Figure

    fonts = _fonts_for([w for t in summary["topics"] for w in t["keywords"][:3]])
    fig = Figure(figsize=(8, 6))
    ax = fig.add_subplot()
    xy, labels = np.asarray(result.coords), result.labels
    outliers = labels < 0
    ax.scatter(xy[outliers, 0], xy[outliers, 1], s=5, c="#cccccc")
    palette = {t["id"]: _colour(t["id"]) for t in summary["topics"]}
    ax.scatter(xy[~outliers, 0], xy[~outliers, 1], s=7,
               c=[palette[t] for t in labels[~outliers].tolist()])
    handles = [("outliers", "#cccccc")] if outliers.any() else []
    handles += [(_label(t, ascii_only=not fonts), palette[t["id"]])
                for t in summary["topics"][:MAX_LEGEND]]
    for label, colour in handles:  # empty plots, one per legend entry
        ax.scatter([], [], s=20, color=colour, label=label)
    ax.set_title(f"{summary['n_topics']} topics, {summary['outlier_share']:.0%} outliers "
                 f"(map: {result.map_name})")
    ax.set_xticks([])
    ax.set_yticks([])
    if handles:
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7,
                           frameon=False)
        if fonts:
            for text in legend.get_texts():
                text.set_fontfamily(fonts)
    return files.save_figure(dest, fig)


def print_table(summary: dict[str, Any]) -> None:
    """The topics as a rich table on stdout, with the outlier share underneath."""
    from rich.table import Table

    table = Table("topic", "size", "keywords", "representative text", box=None,
                  header_style="bold")
    for topic in summary["topics"]:
        reps = topic["representatives"]
        first = reps[0] if reps else ""
        table.add_row(str(topic["id"]), str(topic["size"]), ", ".join(topic["keywords"][:6]),
                      first if len(first) <= 80 else first[:77] + "…")
    out = console.out()
    out.print(table)
    out.print(f"{summary['n_texts']} texts, {summary['n_topics']} topics, "
              f"{summary['outlier_share']:.1%} outliers", markup=False)
