"""The declared protocols between the shared core and the families.

Each family's parts meet the core through these: a data module returns a ``Dataset``
(``data/base.py``); an input spec (``InputSpec``) turns raw inputs into arrays and back; a training
step (``TrainStep``) turns batches into losses and optimiser steps; a predictor (``Predictor``)
reads inputs and makes rows; a report (``Report``) writes ``dlkit evaluate``'s files. Optional
abilities are protocols of their own, checked with ``isinstance`` where the core uses them, so
what a family can do is declared in one place instead of probed with ``hasattr``:

- ``Sampled`` input specs make sample inputs (``export`` verifies with them, ``serve`` warms up);
- ``ArrayInput`` specs read a decoded array (``attend`` classifies camera crops);
- ``Displayable`` specs draw their inputs (the classification report's sample grid);
- ``ScaledTarget`` specs undo a target scaling (regression figures in target units);
- ``Servable`` predictors read HTTP payloads; ``Labelled`` ones read new labelled data for
  ``evaluate --data``; ``Generative`` ones run the model themselves (texts, images);
- ``GenerativeReport`` reports run the model themselves (seq2seq generation);
- ``ArtifactWriter`` steps write per-epoch pictures; ``OwnInput`` steps say what their model
  takes; ``EpochAware`` models hear epoch starts;
- ``ParamGroups`` models give the optimiser their own parameter groups.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

    from dlkit.predict.protocol import PredictRequest, Prepared, Upload


@runtime_checkable
class InputSpec(Protocol):
    """What a model's inputs are (stored in every checkpoint under ``kind``)."""

    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]: ...

    def batch_transform(self, augment: Any = None) -> Any: ...


@runtime_checkable
class Sampled(Protocol):
    def sample(self, n: int, seed: int = 0) -> np.ndarray: ...


@runtime_checkable
class ArrayInput(Protocol):
    def from_array(self, image: np.ndarray) -> np.ndarray: ...


@runtime_checkable
class Displayable(Protocol):
    def display(self, x: np.ndarray) -> np.ndarray: ...


@runtime_checkable
class ScaledTarget(Protocol):
    def target_values(self, values: np.ndarray) -> np.ndarray: ...


@runtime_checkable
class TrainStep(Protocol):
    """How batches become losses and optimiser steps (``engine/supervised_step.py``)."""

    metric: str
    model: Any

    def start_epoch(self, epoch: int) -> None: ...

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]: ...

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]: ...

    def end_epoch(self, monitored: float) -> None: ...

    @property
    def lr(self) -> float: ...

    def train(self, mode: bool = True) -> None: ...

    def weights(self) -> dict[str, Any]: ...

    def load_weights(self, ckpt: dict[str, Any]) -> None: ...

    def state_dict(self) -> dict[str, Any]: ...

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None: ...


@runtime_checkable
class OwnInput(Protocol):
    """A step whose checkpoint's model takes other inputs than the data (a GAN's generator)."""

    input_spec: Any


@runtime_checkable
class ArtifactWriter(Protocol):
    def write_artifacts(self, run_dir: Path, epoch: int) -> None: ...


@runtime_checkable
class EpochAware(Protocol):
    def on_epoch_start(self, epoch: int) -> None: ...


@runtime_checkable
class ParamGroups(Protocol):
    def param_groups(self, lr: float) -> list[dict[str, Any]]: ...


@runtime_checkable
class Predictor(Protocol):
    """Reads inputs into arrays and turns a model's outputs into rows (``predict/protocol.py``)."""

    needs_inputs: bool
    input_help: str

    def read(self, request: PredictRequest) -> Prepared: ...

    def rows(
        self, prepared: Prepared, outputs: Any, request: PredictRequest
    ) -> list[dict[str, Any]]: ...


@runtime_checkable
class Servable(Protocol):
    payload_help: str

    def read_payload(self, items: list[Any | Upload], request: PredictRequest) -> Prepared: ...


@runtime_checkable
class Labelled(Protocol):
    def labelled(self, path: str) -> tuple[np.ndarray, np.ndarray] | None: ...


@runtime_checkable
class Generative(Protocol):
    def run(self, model: Any, prepared: Prepared, device: Any, batch_size: int) -> Any: ...


@runtime_checkable
class Report(Protocol):
    """What ``dlkit evaluate`` calls (``components.REPORTS``): write the split's files into
    ``ctx.out_dir`` and return the metrics for ``metrics.json``."""

    def __call__(self, ctx: Any) -> dict[str, Any]: ...


@runtime_checkable
class GenerativeReport(Protocol):
    def outputs(
        self, model: Any, x: Any, y: Any, device: Any, batch: int, options: dict[str, Any]
    ) -> tuple[Any, float]: ...


@runtime_checkable
class GanPair(Protocol):
    generator: Any
    discriminator: Any

    def specs(self) -> tuple[dict[str, Any], dict[str, Any]]: ...

    def to(self, device: Any) -> GanPair: ...


@runtime_checkable
class StyleLossNet(Protocol):
    def losses(self, picture: Any) -> Any: ...

    def set_targets(self, content: Any, style: Any) -> None: ...
