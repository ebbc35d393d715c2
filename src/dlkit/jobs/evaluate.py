"""``dlkit evaluate``: load a run's checkpoint, get labelled data, run the model over it and hand
the outputs to the recipe's report (classification, regression, or a recipe-specific one such as
``forecast``).

The data are the run's own held-out split, rebuilt from the stored recipe, or ``--data``: new
labelled data of the run's input kind, read by its predictor's ``labelled`` (an image folder of
class subfolders), or — for kinds without one, such as price series — the recipe's data module
pointed at the new path. A report with an ``outputs(model, x, y, device, batch, options) ->
(outputs, loss)`` hook runs the model itself (the seq2seq report generates texts). Files go to
``RUN/eval-<split>/`` (``RUN/eval-<data folder name>/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlkit import files
from dlkit.errors import DataError
from dlkit.protocols import GenerativeReport, Labelled

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe


def stored_recipe(ckpt: dict[str, Any], data_dir: str | None = None) -> Any:
    """The validated recipe a checkpoint was trained with (``data.path`` replaced by ``--data``)."""
    from dlkit.config.validate import validate
    from dlkit.jobs.recipe_args import Overrides

    return validate(Overrides(flags={"data_dir": data_dir}).resolve(ckpt["config"]))


def report_name(recipe: Any) -> str:
    """The recipe's ``evaluate.report`` (``auto``: the one its task declares; for classes the
    ``binary`` report, which is the classification report beyond two classes), a key of
    ``components.REPORTS``. A report may register a ``summary_metrics(dataset, outputs, split)``
    trait, which ``train`` adds to its test metrics (the stock forecast's price-unit errors), and
    a ``run_files`` trait that draws into the run folder."""
    from dlkit.tasks import definition

    name: str = recipe.evaluate.report
    return definition(recipe.task).report if name == "auto" else name


def report_for(recipe: Any) -> Any:
    """The report function ``report_name(recipe)`` names."""
    from dlkit.components import REPORTS

    return REPORTS.get(report_name(recipe))


def _own_split(ckpt: dict, recipe: Recipe, split: str) -> tuple[Any, Any, Any, Any]:
    """(dataset, x, y, transform) of the run's data module; heads trained on backbone features
    are evaluated on those features."""
    from dlkit.components import DATASETS
    from dlkit.config.validate import data_arguments

    dataset = DATASETS.create(recipe.data.name, **data_arguments(recipe))
    if ckpt.get("classes") and dataset.classes and list(ckpt["classes"]) != list(dataset.classes):
        raise DataError(
            f"the data's classes {dataset.classes} differ from the checkpoint's {ckpt['classes']}"
        )
    part = dataset.split(split)
    return dataset, part.x, part.y, dataset.array_input.batch_transform()


def evaluate(
    target: str,
    split: str | None = None,
    data_dir: str | None = None,
    device: str = "auto",
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    import torch

    from dlkit.engine import checkpoint
    from dlkit.engine.device import select_device
    from dlkit.evaluate.context import EvalContext
    from dlkit.jobs.predict import load_predictor
    from dlkit.predict.protocol import forward
    from dlkit.tasks import make_task

    ckpt, spec, predictor = load_predictor(target)
    found = predictor.labelled(data_dir) if data_dir and isinstance(predictor, Labelled) else None
    labelled = found is not None
    recipe = stored_recipe(ckpt, None if labelled else data_dir)
    device_obj = select_device(device)
    head_only = not labelled and "backbone" in ckpt["model"]  # evaluated on cached features
    model = checkpoint.build_model(ckpt, head_only=head_only).to(device_obj).eval()
    if found is not None:
        assert data_dir is not None  # found came from it
        x, y = found
        dataset, transform = None, spec.batch_transform()
        split = Path(data_dir).expanduser().resolve().name
    else:
        split = split or recipe.evaluate.split
        dataset, x, y, transform = _own_split(ckpt, recipe, split)
        spec = dataset.array_input  # what x holds: the raw inputs, or a backbone's features
    batch = recipe.data.eval_batch_size or max(recipe.data.batch_size, 256)
    report = report_for(recipe)
    if isinstance(report, GenerativeReport):  # it runs the model itself (seq2seq generation)
        outputs, loss = report.outputs(model, x, y, device_obj, batch, dict(options or {}))
    else:
        outputs = forward(model, x, transform, device_obj, batch)
        task = make_task(recipe.task, recipe.loss.name, recipe.loss.label_smoothing)
        loss = float(task.loss(outputs, torch.from_numpy(y)))
    out_dir = Path(ckpt["path"]).parent / f"eval-{split}"
    ctx = EvalContext(
        ckpt=ckpt,
        recipe=recipe,
        dataset=dataset,
        split=split,
        x=x,
        y=y,
        outputs=outputs,
        model=model,
        device=device_obj,
        out_dir=out_dir,
        loss=loss,
        options=dict(options or {}),
        spec=spec,
    )
    from dlkit.engine.run_failure import fresh_folder

    with fresh_folder(out_dir):  # a report that fails part-way leaves no half-written folder
        report = report(ctx)
        summary = {
            "checkpoint": ckpt["path"],
            "recipe": recipe.name,
            "split": split,
            "samples": len(y),
            "loss": loss,
            **report,
            "out_dir": str(out_dir),
        }
        files.write_json(
            out_dir / "metrics.json", {k: v for k, v in summary.items() if k != "table"}
        )
    if (out_dir.parent / "config.yaml").is_file():  # a run folder: its report.html shows this
        from dlkit.runs.report import write_report

        write_report(out_dir.parent)
    return summary
