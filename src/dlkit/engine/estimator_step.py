"""The training step for fitted models (scikit-learn / XGBoost): one fit, no epochs of gradients.

``start_epoch(1)`` fits the model on the whole training split (the step is handed it); each
``train_batch``/``eval_batch`` then only scores the fitted model on the batch — the task's loss on
its log-probabilities (the log-loss) and the metric — so the trainer writes the same history,
checkpoints, metrics and plots as for a network. There is no optimiser state to resume. Built by
``engine/estimator_setup.py`` (``trainer.step: estimator``).
"""

from __future__ import annotations

from typing import Any


class EstimatorStep:
    def __init__(self, model: Any, task: Any, train: Any) -> None:
        self.model, self.task, self.train_split = model, task, train
        self.metric = task.metric
        self.fitted = False

    def start_epoch(self, epoch: int) -> None:
        if not self.fitted:
            self.model.fit(self.train_split.x, self.train_split.y)
            self.fitted = True

    def train(self, mode: bool = True) -> None:
        self.model.train(mode)

    def _score(self, batch: Any) -> tuple[Any, Any, int]:
        x, y = batch
        out = self.model(x)
        return self.task.loss(out, y) * len(y), self.task.metric_sum(out, y), len(y)

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        return self._score(batch)

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        return self._score(batch)

    def end_epoch(self, monitored: float) -> None:
        pass

    @property
    def lr(self) -> float:
        return 0.0

    def weights(self) -> dict[str, Any]:
        return {"state_dict": self.model.state_dict()}

    def load_weights(self, ckpt: dict[str, Any]) -> None:
        self.model.load_state_dict(ckpt["state_dict"])
        self.fitted = True

    def state_dict(self) -> dict[str, Any]:
        return {"optimizer": {}, "fitted": self.fitted}

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None:
        self.fitted = bool(state.get("fitted", True))
