"""``dlkit evaluate``: load a run's checkpoint, rebuild its data from the stored recipe, run the
model over a split and hand the outputs to the recipe's report (classification, regression, or a
recipe-specific one such as ``forecast``). Files go to ``RUN/eval-<split>/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.errors import DataError


def run_outputs(model: Any, x: Any, y: Any, spec: dict[str, Any], device: Any,
                batch_size: int) -> Any:
    """The model's raw outputs for every row of ``x`` (CPU float32)."""
    import torch

    from dlkit.data.transforms import batch_transform
    from dlkit.engine.loader import ArrayLoader

    loader = ArrayLoader(x, y, batch_size, device, batch_transform(spec))
    chunks = []
    with torch.no_grad():
        for xb, _ in loader:
            chunks.append(model(xb).float().cpu())
    return torch.cat(chunks) if chunks else torch.zeros(0)


def load_run(target: str, data_dir: str | None, device_name: str) -> tuple[dict, Any, Any, Any]:
    """(checkpoint, recipe, device, model in eval mode) for a run folder or checkpoint file."""
    from dlkit.config.load import set_path
    from dlkit.config.validate import validate
    from dlkit.engine import checkpoint
    from dlkit.engine.device import select_device

    path = checkpoint.find(target)
    ckpt = checkpoint.load(path)
    ckpt["path"] = str(path)
    raw = dict(ckpt["config"])
    if data_dir:
        set_path(raw, ["data", "path"], data_dir)
    recipe = validate(raw)
    device = select_device(device_name)
    model = checkpoint.build_model(ckpt).to(device).eval()
    return ckpt, recipe, device, model


def evaluate(target: str, split: str | None = None, data_dir: str | None = None,
             device: str = "auto", options: dict[str, Any] | None = None) -> dict[str, Any]:
    import torch

    from dlkit.components import DATASETS, REPORTS
    from dlkit.config.validate import component_options
    from dlkit.engine.task import make_task
    from dlkit.evaluate.context import EvalContext

    ckpt, recipe, device_obj, model = load_run(target, data_dir, device)
    split = split or recipe.evaluate.split
    dataset = DATASETS.create(recipe.data.name, seed=recipe.seed,
                              **component_options(recipe, "data"))
    if ckpt.get("classes") and dataset.classes and list(ckpt["classes"]) != list(dataset.classes):
        raise DataError(f"the data's classes {dataset.classes} differ from the checkpoint's "
                        f"{ckpt['classes']}")
    part = dataset.split(split)
    batch = recipe.data.eval_batch_size or max(recipe.data.batch_size, 256)
    outputs = run_outputs(model, part.x, part.y, ckpt["input_spec"], device_obj, batch)
    task = make_task(recipe.task, recipe.loss.name, recipe.loss.label_smoothing)
    loss = float(task.loss(outputs, torch.from_numpy(part.y)))
    out_dir = Path(ckpt["path"]).parent / f"eval-{split}"
    ctx = EvalContext(ckpt=ckpt, recipe=recipe, dataset=dataset, split=split, x=part.x, y=part.y,
                      outputs=outputs, model=model, device=device_obj, out_dir=out_dir, loss=loss,
                      options=dict(options or {}))
    name = recipe.evaluate.report
    if name == "auto":
        name = "regression" if recipe.task == "regression" else "classification"
    report = REPORTS.get(name)(ctx)
    summary = {"checkpoint": ckpt["path"], "recipe": recipe.name, "split": split,
               "samples": len(part), "loss": loss, **report, "out_dir": str(out_dir)}
    files.write_json(out_dir / "metrics.json", {k: v for k, v in summary.items() if k != "table"})
    return summary
