"""The recipe schema: one pydantic model per section, strict about unknown keys.

Sections whose options depend on the chosen component (``data``, ``model``, ``optim``,
``scheduler``) allow extra keys here; ``config/validate.py`` then checks those extras against the
registered factory's signature, so every key is still validated.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def known_task(name: str) -> str:
    """``name`` when a task of that name is registered (``components.TASKS``), else ValueError."""
    from dlkit.components import TASKS
    from dlkit.errors import UsageError

    try:
        TASKS.get(name)
    except UsageError as exc:
        raise ValueError(str(exc)) from None
    return name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Open(BaseModel):
    """A section whose extra keys belong to the named component."""

    model_config = ConfigDict(extra="allow", frozen=True)

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class DataSection(_Open):
    name: str
    batch_size: int = Field(default=64, gt=0)
    eval_batch_size: int | None = Field(default=None, gt=0)
    on_device: Literal["auto", "always", "never"] = "auto"
    group_by_length: bool = False  # texts: training batches of similar lengths (less padding)

    @model_validator(mode="before")
    @classmethod
    def _drop_num_workers(cls, raw: Any) -> Any:
        """``num_workers`` (dlkit 0.2) was never read: every data module decodes into arrays in
        memory and the loader batches them in-process, so worker processes have nothing to do.
        Recipes and run folders that still set it load as before."""
        if isinstance(raw, dict) and "num_workers" in raw:
            return {k: v for k, v in raw.items() if k != "num_workers"}
        return raw


class ModelSection(_Open):
    name: str


class OptimSection(_Open):
    name: str = "adam"
    lr: float = Field(default=1e-3, gt=0, allow_inf_nan=False)
    # None: the optimiser's own
    weight_decay: float | None = Field(default=None, ge=0, allow_inf_nan=False)


class SchedulerSection(_Open):
    name: str = "none"


class LossSection(_Strict):
    name: Literal["auto", "cross_entropy", "nll", "bce", "mse", "l1", "huber"] = "auto"
    label_smoothing: float = Field(default=0.0, ge=0, lt=1)
    # balanced: weight each class by n / (classes · its count in the training split)
    class_weights: Literal["none", "balanced"] = "none"


class TrainerSection(_Strict):
    epochs: int = Field(default=10, gt=0, le=1_000_000)
    step: str = "supervised"
    step_options: dict[str, Any] = {}  # the step builder's own options (its signature validates)
    accumulate: int = Field(default=1, ge=1)
    device: str = "auto"
    # auto: on CUDA bf16 autocast (fp16 + scaler before Ampere), TF32, channels_last for conv
    # nets; fp32 elsewhere (engine/precision.py). fp32 opts out on CUDA too.
    precision: Literal["auto", "fp32", "bf16", "fp16"] = "auto"
    compile: bool = False  # torch.compile the model
    grad_clip: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    deterministic: bool = False
    monitor: str = "val_loss"
    mode: Literal["auto", "min", "max", "last"] = "auto"  # last: every epoch is best.pt (GANs)
    patience: int | None = Field(default=None, gt=0)
    min_delta: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    out: str = "runs"
    log: list[Literal["tensorboard", "mlflow"]] = []  # experiment trackers (dlkit.tracking)


class EvaluateSection(_Strict):
    split: Literal["val", "test"] = "test"
    report: str = "auto"


class TuneSection(_Strict):
    """``dlkit tune``'s defaults (its options override them); ``space`` maps a key to a spec such
    as ``loguniform(1e-5,1)``, checked by ``dlkit.tune.space``."""

    space: dict[str, str] = {}
    trials: int | None = Field(default=None, gt=0)
    metric: str | None = None  # None: trainer.monitor
    direction: Literal["auto", "minimize", "maximize"] = "auto"


class Recipe(_Strict):
    name: str
    description: str = ""
    task: str = "classification"  # a name in components.TASKS (dlkit/tasks/)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    data: DataSection
    model: ModelSection
    optim: OptimSection = OptimSection()
    scheduler: SchedulerSection = SchedulerSection()
    loss: LossSection = LossSection()
    trainer: TrainerSection = TrainerSection()
    evaluate: EvaluateSection = EvaluateSection()
    tune: TuneSection = TuneSection()

    @field_validator("task")
    @classmethod
    def _known_task(cls, name: str) -> str:
        return known_task(name)

    @model_validator(mode="after")
    def _fits_task(self) -> Recipe:
        """The loss, class weights and monitor fit the task (each task declares its own)."""
        from dlkit.tasks import definition

        task = definition(self.task)
        if self.loss.name not in ("auto", *task.losses):
            raise ValueError(
                f"loss.name '{self.loss.name}' does not fit task {self.task} "
                f"(use {' or '.join(task.losses)})"
            )
        if self.loss.class_weights != "none" and not task.has_classes:
            raise ValueError(f"loss.class_weights: a {self.task} task has no classes to weight")
        known = [f"{p}_{m}" for p in ("train", "val") for m in ("loss", task.metric)]
        if self.trainer.monitor not in known:
            raise ValueError(
                f"trainer.monitor: '{self.trainer.monitor}' is not one of {', '.join(known)}"
            )
        return self


class DataRecipe(_Strict):
    """A dataset named on its own (``dlkit prepare DATASET``): its data section, the seed and the
    task its targets are read for; no model, optimiser or trainer."""

    name: str
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    task: str = "classification"
    data: DataSection

    @field_validator("task")
    @classmethod
    def _known_task(cls, name: str) -> str:
        return known_task(name)
