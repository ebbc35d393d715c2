"""What a small table model learned, drawn over its data: the fitted curve of a one-feature
regression (``fit.png``) and the decision boundary of a two-feature classifier (``boundary.png``).

Two reports wrap the task's own: ``curve`` (the regression report, plus ``fit.png``) and
``boundary`` (the binary report for two classes, else the classification report, plus
``boundary.png``), written into ``RUN/eval-<split>/``
by ``dlkit evaluate``. Each also carries ``run_files(run_dir, dataset, predict)``, the hook
``dlkit train`` calls after testing the best weights, so the run folder itself holds the picture
(over every split's points). The model is run on a grid of raw feature values encoded by the run's
``TableInput`` exactly as rows to predict are, so scaling and column names are the checkpoint's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe
    from dlkit.data.base import Dataset

Predict = Callable[[np.ndarray], Any]  # encoded rows -> raw model outputs (CPU tensor)


def raw_values(spec: Any, x: np.ndarray) -> np.ndarray:
    """Encoded numeric features back in the table's units (undo the scaler)."""
    x = np.asarray(x, dtype=np.float64)
    if spec.center:
        x = x * np.asarray(spec.scale) + np.asarray(spec.center)
    return x


def _plain_numbers(spec: Any, count: int) -> bool:
    return len(spec.columns) == count and not spec.categories and list(spec.shape) == [count]


def _encode(spec: Any, columns: dict[str, np.ndarray]) -> np.ndarray:
    import pandas as pd

    return spec.encode(pd.DataFrame(columns))


def draw_curve(
    dest: Path, spec: Any, predict: Predict, x: np.ndarray, y: np.ndarray, title: str
) -> Path | None:
    """``fit.png``: the points and the model's curve over their x range (one numeric feature)."""
    from matplotlib.figure import Figure

    if not _plain_numbers(spec, 1) or not len(x):
        return None
    raw = raw_values(spec, x)[:, 0]
    grid = np.linspace(raw.min(), raw.max(), 400)
    curve = predict(_encode(spec, {spec.columns[0]: grid})).numpy().reshape(len(grid), -1)[:, 0]
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    ax.scatter(
        raw,
        np.asarray(y, dtype=np.float64).reshape(len(raw), -1)[:, 0],
        s=6,
        alpha=0.5,
        label="data",
    )
    ax.plot(grid, curve, "r-", linewidth=2, label="model")
    ax.set_xlabel(spec.columns[0])
    ax.set_ylabel(spec.target or "y")
    ax.set_title(title)
    ax.legend()
    return files.save_figure(dest, fig)


def _probability(task: str, outputs: Any) -> np.ndarray:
    """P(second class) for binary/two-class outputs, else the predicted class id."""
    from dlkit.tasks import make_task

    preds, probs = make_task(task).predict(outputs)
    probs = probs.numpy()
    return probs[:, 1] if probs.shape[1] == 2 else preds.numpy().astype(np.float64)


def draw_boundary(
    dest: Path,
    spec: Any,
    predict: Predict,
    task: str,
    x: np.ndarray,
    y: np.ndarray,
    classes: list[str] | None,
    title: str,
) -> Path | None:
    """``boundary.png``: the model's P(class 1) (or class) over the plane, the points on top."""
    from matplotlib.figure import Figure

    if not _plain_numbers(spec, 2) or not len(x):
        return None
    raw = raw_values(spec, x)
    pad = 0.25 * max(float(np.ptp(raw[:, 0])), float(np.ptp(raw[:, 1])), 1e-6)
    g1 = np.linspace(raw[:, 0].min() - pad, raw[:, 0].max() + pad, 120)
    g2 = np.linspace(raw[:, 1].min() - pad, raw[:, 1].max() + pad, 120)
    m1, m2 = np.meshgrid(g1, g2)
    encoded = _encode(spec, {spec.columns[0]: m1.ravel(), spec.columns[1]: m2.ravel()})
    surface = _probability(task, predict(encoded)).reshape(m1.shape)
    fig = Figure(figsize=(5, 4.5))
    ax = fig.add_subplot()
    shown = ax.imshow(
        surface,
        extent=(g1[0], g1[-1], g2[0], g2[-1]),
        origin="lower",
        cmap="RdBu_r",
        alpha=0.7,
        aspect="auto",
        interpolation="bilinear",
    )
    second = classes[1] if classes and len(classes) == 2 else "class"
    fig.colorbar(shown, ax=ax, fraction=0.046, label=f"P({spec.target or 'y'} = {second})")
    if surface.min() < 0.5 < surface.max():
        ax.contour(m1, m2, surface, levels=[0.5], colors="k", linewidths=1.5)
    labels = np.asarray(y)
    for value in np.unique(labels):
        name = classes[int(value)] if classes else str(value)
        points = raw[labels == value]
        ax.scatter(
            points[:, 0], points[:, 1], s=80, edgecolors="k", label=f"{spec.target} = {name}"
        )
    ax.set_xlabel(spec.columns[0])
    ax.set_ylabel(spec.columns[1])
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    return files.save_figure(dest, fig)


def _all_rows(dataset: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Every distinct row of the dataset's splits (the truth tables repeat train as test)."""
    parts = [s for s in (dataset.train, dataset.val, dataset.test) if s is not None and len(s)]
    x = np.concatenate([p.x for p in parts])
    y = np.concatenate([p.y for p in parts])
    _, first = np.unique(np.column_stack([x, y.reshape(len(y), -1)]), axis=0, return_index=True)
    keep = np.sort(first)
    return x[keep], y[keep]


def _eval_predict(ctx: Any) -> Predict:
    from dlkit.predict.protocol import forward

    transform = ctx.spec.batch_transform()
    return lambda x: forward(ctx.model, x, transform, ctx.device, 1024)


@REPORTS.register("curve")
def curve(ctx: Any) -> dict[str, Any]:
    result = REPORTS.get("regression")(ctx)
    draw_curve(
        ctx.out_dir / "fit.png",
        ctx.spec,
        _eval_predict(ctx),
        ctx.x,
        ctx.y,
        f"{ctx.recipe.name}: fit on {ctx.split}",
    )
    return result


def _two_classes(classes: Any) -> bool:
    return classes is not None and len(classes) == 2


@REPORTS.register("boundary")
def boundary(ctx: Any) -> dict[str, Any]:
    base = "binary" if _two_classes(ctx.ckpt.get("classes")) else "classification"
    result = REPORTS.get(base)(ctx)
    draw_boundary(
        ctx.out_dir / "boundary.png",
        ctx.spec,
        _eval_predict(ctx),
        ctx.recipe.task,
        ctx.x,
        ctx.y,
        ctx.ckpt.get("classes"),
        f"{ctx.recipe.name}: {ctx.split}",
    )
    return result


def _curve_run_files(run_dir: Path, dataset: Dataset, predict: Predict, recipe: Recipe) -> None:
    x, y = _all_rows(dataset)
    draw_curve(run_dir / "fit.png", dataset.input_spec, predict, x, y, f"{recipe.name}: fit")


def _boundary_run_files(run_dir: Path, dataset: Dataset, predict: Predict, recipe: Recipe) -> None:
    x, y = _all_rows(dataset)
    draw_boundary(
        run_dir / "boundary.png",
        dataset.input_spec,
        predict,
        recipe.task,
        x,
        y,
        dataset.classes,
        f"{recipe.name}: decision boundary",
    )


def _boundary_summary(dataset: Dataset, outputs: Any, split: str = "test") -> dict[str, float]:
    """Two classes: the binary report's test metrics (ROC AUC, balanced accuracy, ...)."""
    if not _two_classes(dataset.classes):
        return {}
    hook = REPORTS.trait("binary", "summary_metrics")
    return hook(dataset, outputs, split)


REPORTS.register("curve", run_files=_curve_run_files)(curve)
REPORTS.register("boundary", run_files=_boundary_run_files, summary_metrics=_boundary_summary)(
    boundary
)
