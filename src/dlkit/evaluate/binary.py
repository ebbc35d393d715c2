"""The two-class report (``evaluate.report: binary``): everything the classification report gives
(accuracy, per-class precision/recall/F1, confusion matrix) plus what a yes/no decision needs —
ROC AUC from the probabilities, balanced accuracy, and precision/recall/F1 of the positive class
(the second class: ``1`` of a 0/1 target, ``yes`` of no/yes) — and the ROC curve as a PNG. It
fits a one-logit ``binary`` task and a two-logit ``classification`` task alike. Through
``summary_metrics`` (the trainer's hook) the same numbers go into a run's ``metrics.json`` as
``test_roc_auc`` …, computed in NumPy with scikit-learn's definitions (the tests compare).
A model with more than two classes gets the plain classification report (so a recipe for any
table, like ``tabular-xgboost``, can ask for this one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS
from dlkit.errors import UsageError

if TYPE_CHECKING:
    from dlkit.data.base import Dataset


def _many_classes(outputs: Any) -> bool:
    shape: tuple[int, ...] = getattr(outputs, "shape", ())
    return len(shape) == 2 and shape[1] > 2


def positive_probability(outputs: Any) -> np.ndarray:
    """P(second class) from raw outputs: one logit (sigmoid) or two (softmax)."""
    import torch

    out = torch.as_tensor(outputs).float()
    if out.ndim == 2 and out.shape[1] == 1:
        return torch.sigmoid(out[:, 0]).numpy()
    if out.ndim == 2 and out.shape[1] == 2:
        return torch.softmax(out, 1)[:, 1].numpy()
    raise UsageError(
        f"the binary report needs two classes; this model has {out.shape[-1]} "
        "outputs (use evaluate.report: classification)"
    )


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """The area under the ROC curve as the Mann-Whitney statistic (ties count half): equal to
    scikit-learn's ``roc_auc_score``, without importing scikit-learn into every training run."""
    positive = np.asarray(y) == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return float("nan")
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inverse]  # 1-based, ties averaged
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def binary_metrics(y: np.ndarray, p_positive: np.ndarray) -> dict[str, float]:
    """Accuracy, ROC AUC, balanced accuracy and the positive class's precision/recall/F1 at the
    0.5 threshold (scikit-learn's definitions; 0 where a ratio has nothing to count)."""
    y = np.asarray(y).astype(np.int64)
    pred = (np.asarray(p_positive) > 0.5).astype(np.int64)
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    tn = int(((pred == 0) & (y == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    specificity = tn / (tn + fp) if tn + fp else 0.0
    rates = [r for r, n in ((recall, tp + fn), (specificity, tn + fp)) if n]
    return {
        "accuracy": float((pred == y).mean()) if len(y) else float("nan"),
        "roc_auc": roc_auc(y, p_positive),
        "balanced_accuracy": float(np.mean(rates)) if rates else float("nan"),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }


@REPORTS.register("binary")
def binary(ctx: Any) -> dict[str, Any]:
    from dlkit.evaluate.classification import classification

    if _many_classes(ctx.outputs):
        return classification(ctx)
    p_positive = positive_probability(ctx.outputs)
    report = classification(ctx)
    classes = list(ctx.ckpt.get("classes") or ["0", "1"])
    metrics = binary_metrics(ctx.y, p_positive)
    _plot_roc(ctx, p_positive, metrics["roc_auc"], classes[-1])
    table = [{"metric": name, "value": value} for name, value in metrics.items()]
    return {**report, **metrics, "positive_class": classes[-1], "table": table}


def _plot_roc(ctx: Any, p_positive: np.ndarray, auc: float, positive: str) -> None:
    from matplotlib.figure import Figure
    from sklearn.metrics import roc_curve

    if len(np.unique(ctx.y)) < 2:
        return
    fpr, tpr, _ = roc_curve(ctx.y, p_positive)
    fig = Figure(figsize=(5, 5))
    ax = fig.add_subplot()
    ax.plot(fpr, tpr, label=f"AUC {auc:.3f}")
    ax.plot([0, 1], [0, 1], "k--", linewidth=1)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel(f"true positive rate (class {positive})")
    ax.set_title(f"ROC curve ({ctx.split})")
    ax.legend(loc="lower right")
    files.save_figure(ctx.out_dir / "roc_curve.png", fig)


def summary_metrics(dataset: Dataset, outputs: Any, split: str = "test") -> dict[str, float]:
    """``{split}_roc_auc`` … for a run's ``metrics.json`` (the trainer's hook); none for more
    than two classes."""
    if _many_classes(outputs):
        return {}
    metrics = binary_metrics(dataset.split(split).y, positive_probability(outputs))
    return {f"{split}_{name}": value for name, value in metrics.items() if name != "accuracy"}


REPORTS.register("binary", summary_metrics=summary_metrics)(binary)
