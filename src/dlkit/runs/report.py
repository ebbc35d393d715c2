"""``report.html``: one self-contained page per run folder (pictures inlined as base64, no
scripts, no links out), written at the end of ``dlkit train`` (``runs/watch.py``) and rewritten by
``dlkit evaluate`` once it has added its ``eval-<split>/`` files.

It shows what the folder holds: the headline metrics, the training curves (``plots/``), each
evaluation's metrics, pictures (confusion matrix, regression plot, sample predictions) and tables
(per-class scores, misclassified rows, first rows only), the run's own pictures, the epoch history,
the resolved config, the data fingerprint and the environment (versions, device, host).
"""

from __future__ import annotations

import base64
import csv
import html
import json
from pathlib import Path
from typing import Any

from dlkit import files

MAX_ROWS = 20
_STYLE = """body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;
text-align:left}th{background:#f3f3f3}img{max-width:100%;margin:.3em;border:1px solid #eee}
figure{display:inline-block;margin:.3em}pre{background:#f7f7f7;padding:1em;overflow:auto}
.note{color:#666}"""
_HEADLINE = (
    "recipe",
    "task",
    "epochs",
    "best_epoch",
    "monitor",
    "best_value",
    "params",
    "wall_seconds",
)


def _e(value: Any) -> str:
    if isinstance(value, float):
        value = f"{value:.6g}"
    return html.escape(str(value))


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pairs(rows: list[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _csv_table(path: Path, limit: int = MAX_ROWS) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return ""
    if not rows:
        return ""
    head = "".join(f"<th>{_e(c)}</th>" for c in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows[1 : limit + 1]
    )
    more = (
        f"<p class='note'>first {limit} of {len(rows) - 1} rows of {_e(path.name)}</p>"
        if len(rows) - 1 > limit
        else ""
    )
    return f"<h3>{_e(path.name)}</h3><table><tr>{head}</tr>{body}</table>{more}"


def _figures(folder: Path) -> str:
    parts = []
    for png in sorted(folder.glob("*.png")):
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(
            f"<figure><img alt='{_e(png.stem)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{_e(png.stem.replace('_', ' '))}</figcaption></figure>"
        )
    return "".join(parts)


def _evaluations(run_dir: Path) -> str:
    parts = []
    for folder in sorted(run_dir.glob("eval-*")):
        if not folder.is_dir():
            continue
        metrics = _json(folder / "metrics.json")
        scalars = [
            (k, v)
            for k, v in metrics.items()
            if isinstance(v, (int, float, str)) and k not in ("checkpoint", "out_dir")
        ]
        tables = "".join(
            _csv_table(p) for p in sorted(folder.glob("*.csv")) if p.name != "confusion_matrix.csv"
        )
        parts.append(
            f"<h2>Evaluation on {_e(folder.name.removeprefix('eval-'))}</h2>"
            f"{_pairs(scalars)}{_figures(folder)}{tables}"
        )
    if not parts:
        return (
            f"<h2>Evaluation</h2><p class='note'>dlkit evaluate {_e(run_dir)} adds the "
            "confusion matrix or regression plot, per-class scores and sample predictions "
            "here.</p>"
        )
    return "".join(parts)


def _environment(metrics: dict[str, Any], state: dict[str, Any]) -> str:
    rows: list[tuple[str, Any]] = [
        ("data sha256", metrics.get("data_sha256", "")),
        ("device", metrics.get("device_name", metrics.get("device", ""))),
    ]
    rows += [(name, version) for name, version in (metrics.get("versions") or {}).items()]
    if state.get("host"):
        rows.append(("host", state["host"]))
    return f"<h2>Data and environment</h2>{_pairs(rows)}"


def render(run_dir: Path) -> str:
    """The page's HTML for a run folder."""
    metrics = _json(run_dir / "metrics.json")
    state = _json(run_dir / "state.json")
    headline = [(k, metrics[k]) for k in _HEADLINE if k in metrics]
    headline += [(k, v) for k, v in metrics.items() if k.startswith("test_")]
    if state.get("status"):
        headline.append(("status", state["status"]))
    try:
        config = (run_dir / "config.yaml").read_text(encoding="utf-8")
    except OSError:
        config = ""
    title = f"{metrics.get('recipe', run_dir.parent.name)} — {run_dir}"
    body = [
        f"<h1>{_e(title)}</h1>",
        "<h2>Metrics</h2>",
        _pairs(headline),
        "<h2>Training curves</h2>",
        _figures(run_dir / "plots") or "<p class='note'>no curves</p>",
        _evaluations(run_dir),
    ]
    own = _figures(run_dir)
    if own:
        body.append(f"<h2>Pictures</h2>{own}")
    body += [
        "<h2>History</h2>",
        _csv_table(run_dir / "history.csv", limit=1000),
        "<h2>Config</h2>",
        f"<pre>{_e(config)}</pre>",
        _environment(metrics, state),
    ]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def write_report(run_dir: Path) -> Path:
    """Write ``run_dir/report.html`` atomically."""
    return files.write_text(run_dir / "report.html", render(run_dir))
