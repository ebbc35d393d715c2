"""``report.html``: one self-contained page of a cluster run, to open offline or attach to a report.

Called by ``report.write_outputs``. The charts are inlined as base64 PNGs and the style sheet is in
the page, so the file needs nothing beside it and no network. It shows the run's numbers, the map
and the size chart, one section per topic (label, size and share, keywords, representative texts)
and the merge history. Every text from the data is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from dlkit import files

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK TC","WenQuanYi Micro Hei",
sans-serif;margin:2rem auto;max-width:980px;color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table.facts td{padding:.1rem .8rem .1rem 0}img{max-width:100%;border:1px solid #eee}
section.topic{border-top:1px solid #ddd;padding:.6rem 0}
.kw{display:inline-block;background:#f1f3f5;border-radius:3px;padding:0 .35rem;margin:.1rem}
.bar{display:inline-block;height:.6rem;background:#4c78a8;vertical-align:middle;margin-left:.5rem}
blockquote{margin:.3rem 0 .3rem 1rem;color:#444;border-left:3px solid #ccc;padding-left:.6rem}
"""


def _image(path: Path, alt: str) -> str:
    if not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def _facts(summary: dict[str, Any]) -> str:
    before = summary.get("outlier_share_before_assign", summary["outlier_share"])
    rows = [
        ("texts", f"{summary['n_texts']:,} ({summary['n_empty']:,} empty rows left out)"),
        ("topics", str(summary["n_topics"])),
        (
            "outliers",
            f"{summary['outlier_share']:.1%} "
            f"({before:.1%} before {summary.get('assigned', 0):,} were assigned)",
        ),
        ("model", str(summary.get("model"))),
        ("method", f"{summary.get('reduce')} + {summary.get('algo')}"),
        ("input", str(summary.get("input"))),
    ]
    cells = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts">{cells}</table>'


def _topic(topic: dict[str, Any], n_texts: int) -> str:
    share = topic["size"] / max(n_texts, 1)
    keywords = "".join(f'<span class="kw">{html.escape(w)}</span>' for w in topic["keywords"])
    quotes = "".join(f"<blockquote>{html.escape(t)}</blockquote>" for t in topic["representatives"])
    label = html.escape(topic.get("label") or "")
    return (
        f'<section class="topic" id="topic-{topic["id"]}"><h3>Topic {topic["id"]}: '
        f"{label}</h3><p>{topic['size']:,} texts ({share:.1%})"
        f'<span class="bar" style="width:{max(2, round(share * 400))}px"></span></p>'
        f"<p>{keywords}</p>{quotes}</section>"
    )


def _merges(summary: dict[str, Any]) -> str:
    merges = summary.get("merges") or []
    if not merges:
        return "<p>No topics were merged.</p>"
    items = "".join(
        f"<li>cluster {m['absorbed']} ({m['sizes'][1]} texts) joined cluster {m['cluster_kept']} "
        f"({m['sizes'][0]}), now topic {m['kept']}: similarity {m['similarity']:.2f} "
        f"({'above the threshold' if m['reason'] == 'threshold' else 'down to the topic count'})"
        f"</li>"
        for m in merges
    )
    return f"<ol>{items}</ol>"


def render(summary: dict[str, Any], images: dict[str, Path]) -> str:
    """The page as one string."""
    topics = "".join(_topic(t, summary["n_texts"]) for t in summary["topics"])
    title = f"Topics in {Path(str(summary.get('input', 'texts'))).name}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{_facts(summary)}"
        f"<h2>Map</h2>{_image(images['map'], 'topic map')}"
        f"<h2>Sizes</h2>{_image(images['sizes'], 'topic sizes')}"
        f"<h2>Topics</h2>{topics or '<p>No topics found.</p>'}"
        f"<h2>Merges</h2>{_merges(summary)}</body></html>\n"
    )


def write(dest: Path, summary: dict[str, Any], images: dict[str, Path]) -> Path:
    return files.write_text(dest, render(summary, images))
