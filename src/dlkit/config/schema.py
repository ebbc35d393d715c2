"""The recipe schema: one pydantic model per section, strict about unknown keys.

Sections whose options depend on the chosen component (``data``, ``model``, ``optim``,
``scheduler``) allow extra keys here; ``config/validate.py`` then checks those extras against the
registered factory's signature, so every key is still validated.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The losses that fit each task's outputs ("auto" is the first). They include the tutorials' own
# combinations: log-softmax + NLL for classification, sigmoid + MSE for a binary output.
TASK_LOSSES = {
    "classification": ("cross_entropy", "nll"),
    "binary": ("bce", "mse"),
    "regression": ("mse", "l1", "huber"),
    "seq2seq": ("cross_entropy",),   # per target token, padding (-100) ignored
}
# The metric each task records next to the loss (history columns train_<m>, val_<m>).
TASK_METRICS = {"classification": "acc", "binary": "acc", "regression": "mae"}
TASK_METRICS["seq2seq"] = "acc"      # next-token accuracy over the target tokens


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Open(BaseModel):
    """A section whose extra keys belong to the named component."""

    model_config = ConfigDict(extra="allow", frozen=True)

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class DataSection(_Open):
    name: str
    batch_size: int = Field(64, gt=0)
    eval_batch_size: int | None = Field(None, gt=0)
    num_workers: int = Field(0, ge=0)
    on_device: Literal["auto", "always", "never"] = "auto"
    group_by_length: bool = False   # texts: training batches of similar lengths (less padding)


class ModelSection(_Open):
    name: str


class OptimSection(_Open):
    name: str = "adam"
    lr: float = Field(1e-3, gt=0, allow_inf_nan=False)
    weight_decay: float | None = Field(None, ge=0, allow_inf_nan=False)  # None: the optimiser's own


class SchedulerSection(_Open):
    name: str = "none"


class LossSection(_Strict):
    name: Literal["auto", "cross_entropy", "nll", "bce", "mse", "l1", "huber"] = "auto"
    label_smoothing: float = Field(0.0, ge=0, lt=1)
    # balanced: weight each class by n / (classes · its count in the training split)
    class_weights: Literal["none", "balanced"] = "none"


class TrainerSection(_Strict):
    epochs: int = Field(10, gt=0, le=1_000_000)
    step: str = "supervised"
    step_options: dict[str, Any] = {}  # the step builder's own options (its signature validates)
    accumulate: int = Field(1, ge=1)
    device: str = "auto"
    # auto: on CUDA bf16 autocast (fp16 + scaler before Ampere), TF32, channels_last for conv
    # nets; fp32 elsewhere (engine/precision.py). fp32 opts out on CUDA too.
    precision: Literal["auto", "fp32", "bf16", "fp16"] = "auto"
    compile: bool = False           # torch.compile the model
    grad_clip: float | None = Field(None, gt=0, allow_inf_nan=False)
    deterministic: bool = False
    monitor: str = "val_loss"
    mode: Literal["auto", "min", "max", "last"] = "auto"  # last: every epoch is best.pt (GANs)
    patience: int | None = Field(None, gt=0)
    min_delta: float = Field(0.0, ge=0, allow_inf_nan=False)
    out: str = "runs"


class EvaluateSection(_Strict):
    split: Literal["val", "test"] = "test"
    report: str = "auto"


class Recipe(_Strict):
    name: str
    description: str = ""
    task: Literal["classification", "binary", "regression", "seq2seq"] = "classification"
    seed: int = Field(0, ge=0, le=2**32 - 1)
    data: DataSection
    model: ModelSection
    optim: OptimSection = OptimSection()
    scheduler: SchedulerSection = SchedulerSection()
    loss: LossSection = LossSection()
    trainer: TrainerSection = TrainerSection()
    evaluate: EvaluateSection = EvaluateSection()

    @model_validator(mode="after")
    def _loss_fits_task(self) -> "Recipe":
        allowed = TASK_LOSSES[self.task]
        if self.loss.name not in ("auto", *allowed):
            raise ValueError(f"loss.name '{self.loss.name}' does not fit task {self.task} "
                             f"(use {' or '.join(allowed)})")
        return self

    @model_validator(mode="after")
    def _class_weights_fit_task(self) -> "Recipe":
        if self.loss.class_weights != "none" and self.task == "regression":
            raise ValueError("loss.class_weights: a regression task has no classes to weight")
        return self

    @model_validator(mode="after")
    def _monitor_is_recorded(self) -> "Recipe":
        known = [f"{p}_{m}" for p in ("train", "val") for m in ("loss", TASK_METRICS[self.task])]
        if self.trainer.monitor not in known:
            raise ValueError(f"trainer.monitor: '{self.trainer.monitor}' is not one of "
                             f"{', '.join(known)}")
        return self
