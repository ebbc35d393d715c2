"""Step builders for the transformer recipes (``trainer.step: transformers`` / ``seq2seq``).

Both are the supervised step (``jobs/setup.supervised_step``: model, AdamW with the model's
weight-decay groups, the scheduler, mixed precision, clipping, accumulation, DDP), as the
``families/transformers/hf_step.py`` classes that also write ``RUN/model/``. Each checks, before any data is
read, that the recipe's model is a transformer and the task fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlkit.components import STEPS

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe
    from dlkit.data.base import Dataset

FAMILY = {
    "transformers": ("hf_classifier", ("classification",)),
    "seq2seq": ("hf_seq2seq", ("seq2seq",)),
}


def _check(step: str):
    model, tasks = FAMILY[step]

    def check(recipe: Recipe) -> list[str]:
        problems = []
        if recipe.model.name != model:
            from dlkit.components import MODELS

            hint = (
                ""
                if recipe.model.name in MODELS.where
                else f" (a Hugging Face id or folder goes in model.pretrained: "
                f"--set model.pretrained={recipe.model.name})"
            )
            problems.append(
                f"trainer.step {step} trains model '{model}', not '{recipe.model.name}'{hint}"
            )
        if recipe.task not in tasks:
            problems.append(f"trainer.step {step} needs task {' or '.join(tasks)}")
        from dlkit.config.validate import component_options

        if component_options(recipe, "data").get("encode", "strings") != "strings":
            problems.append("data.encode: a transformer tokenises itself; set it to strings")
        return problems

    return check


@STEPS.register("transformers")
def transformers(
    recipe: Any, dataset: Any, device: Any, dist: Any, steps_per_epoch: int
) -> tuple[Any, dict[str, Any]]:
    """A Hugging Face classifier: logits → the task's loss; ``RUN/model/`` for transformers."""
    from dlkit.engine.supervised_setup import supervised_step
    from dlkit.families.transformers.hf_step import PretrainedStep

    step, spec = supervised_step(recipe, dataset, device, dist, steps_per_epoch, PretrainedStep)
    step.classes = list(dataset.classes) if dataset.classes else None
    _prefill(step.model, dataset, targets=False)
    return step, spec


@STEPS.register("seq2seq")
def seq2seq(
    recipe: Any, dataset: Any, device: Any, dist: Any, steps_per_epoch: int
) -> tuple[Any, dict[str, Any]]:
    """A Hugging Face encoder-decoder: teacher-forced logits → per-token loss."""
    from dlkit.engine.supervised_setup import supervised_step
    from dlkit.families.transformers.hf_step import Seq2SeqStep

    step, spec = supervised_step(recipe, dataset, device, dist, steps_per_epoch, Seq2SeqStep)
    _prefill(step.model, dataset, targets=True)
    return step, spec


def _prefill(model: Any, dataset: Dataset, targets: bool) -> None:
    """Tokenise every split's texts (and targets) once, through the disk cache; say so when the
    ids came from it (a line under the data line)."""
    splits = [s for s in (dataset.train, dataset.val, dataset.test) if s is not None]
    hits = [model.prefill([t for s in splits for t in s.x], model.max_length)]
    if targets:
        hits.append(model.prefill([t for s in splits for t in s.y], model.target_max_length))
    if all(hits):
        dataset.info.setdefault("notes", []).append(
            "token ids read from the cache (same tokenizer, settings and texts as before)"
        )


STEPS.register("transformers", check=_check("transformers"))(transformers)
STEPS.register("seq2seq", check=_check("seq2seq"))(seq2seq)
