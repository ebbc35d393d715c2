"""The classification report: loss, accuracy, per-class precision/recall/F1 (scikit-learn),
confusion matrix as CSV and heatmap PNG, and for ``--plot-weights`` the first linear layer's
weights drawn as images (the MNIST-softmax seed's picture)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS
from dlkit.protocols import Displayable
from dlkit.tasks import make_task


@REPORTS.register("classification")
def classification(ctx: Any) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    task = make_task(ctx.recipe.task)
    preds = task.predict(ctx.outputs)[0].numpy()
    classes = list(ctx.ckpt.get("classes") or [str(i) for i in range(ctx.outputs.shape[1])])
    labels = list(range(len(classes)))
    precision, recall, f1, support = precision_recall_fscore_support(
        ctx.y, preds, labels=labels, zero_division=0
    )
    matrix = confusion_matrix(ctx.y, preds, labels=labels)
    per_class = [
        {"class": c, "precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for c, p, r, f, s in zip(classes, precision, recall, f1, support)
    ]
    _write_confusion(ctx, matrix, classes)
    files.write_csv(ctx.out_dir / "per_class.csv", _frame(per_class))
    if ctx.options.get("plot_weights"):
        plot_weights(ctx)
    if isinstance(ctx.spec, Displayable) and ctx.options.get("grid", True):
        _sample_grid(ctx, preds, classes)
    return {
        "accuracy": float((preds == ctx.y).mean()) if len(preds) else float("nan"),
        "macro_f1": float(np.mean(f1)) if len(f1) else float("nan"),
        "per_class": per_class,
        "table": per_class,
    }


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows)


def _write_confusion(ctx: Any, matrix: np.ndarray, classes: list[str]) -> None:
    import pandas as pd
    from matplotlib.figure import Figure

    frame = pd.DataFrame(
        matrix, index=pd.Index(classes, name="label"), columns=pd.Index(classes, name="predicted")
    )
    files.write_csv(ctx.out_dir / "confusion_matrix.csv", frame, index=True)
    size = max(4.0, 0.5 * len(classes) + 2)
    fig = Figure(figsize=(size, size * 0.85))
    ax = fig.add_subplot()
    image = ax.imshow(matrix, cmap="Blues")
    fig.colorbar(image, ax=ax, fraction=0.046)
    ax.set_xticks(range(len(classes)), classes, rotation=45, ha="right")
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("predicted")
    ax.set_ylabel("label")
    ax.set_title(f"Confusion matrix ({ctx.split})")
    if len(classes) <= 20:
        threshold = matrix.max() / 2 if matrix.size else 0
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > threshold else "black",
            )
    files.save_figure(ctx.out_dir / "confusion_matrix.png", fig)


def plot_weights(ctx: Any) -> None:
    """The first linear layer's rows as images: blue positive, red negative."""
    from matplotlib.figure import Figure
    from torch import nn

    linear = next((m for m in ctx.model.modules() if isinstance(m, nn.Linear)), None)
    shape = ctx.spec.shape
    if linear is None or linear.in_features != int(np.prod(shape)):
        from dlkit.errors import UsageError

        raise UsageError(
            "--plot-weights needs a model whose first layer is linear on the pixels "
            "(e.g. mnist-softmax)"
        )
    weights = linear.weight.detach().cpu().numpy()[:, :]
    classes = ctx.ckpt.get("classes") or [str(i) for i in range(len(weights))]
    cols = min(5, len(weights))
    rows = -(-len(weights) // cols)
    fig = Figure(figsize=(2 * cols, 2.1 * rows))
    limit = float(np.abs(weights).max()) or 1.0
    for i, row in enumerate(weights):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(
            row.reshape(shape[1], shape[2]) if shape[0] == 1 else row.reshape(shape)[0],
            cmap="RdBu",
            vmin=-limit,
            vmax=limit,
        )
        ax.set_title(str(classes[i]) if i < len(classes) else str(i))
        ax.axis("off")
    files.save_figure(ctx.out_dir / "weights.png", fig)


def _sample_grid(ctx: Any, preds: np.ndarray, classes: list[str], count: int = 25) -> None:
    """Up to 25 images of the split titled 'label=>prediction'."""
    from matplotlib.figure import Figure

    count = min(count, len(ctx.x))
    if count == 0:
        return
    cols = min(5, count)
    rows = -(-count // cols)
    fig = Figure(figsize=(2 * cols, 2.2 * rows))
    for i in range(count):
        ax = fig.add_subplot(rows, cols, i + 1)
        image = ctx.spec.display(ctx.x[i])
        ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
        ok = preds[i] == ctx.y[i]
        ax.set_title(
            f"{classes[int(ctx.y[i])]}=>{classes[int(preds[i])]}",
            fontsize=9,
            color="black" if ok else "red",
        )
        ax.axis("off")
    files.save_figure(ctx.out_dir / "samples.png", fig)
