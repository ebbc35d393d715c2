"""The TensorBoard tracker: event files in the run folder itself, so ``tensorboard --logdir runs``
shows every run. Per epoch: ``loss/train``, ``loss/val``, ``<metric>/train|val`` and ``lr``; at the
end the test metrics (``test/<name>``) and the flattened config as hparams, with the best monitored
value and the test metrics as the hparams' metrics. Opened by ``dlkit.tracking.open_trackers``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.tracking import flatten

_SKIP = ("epoch", "seconds")


def scalar_tag(key: str) -> str:
    """``train_loss`` → ``loss/train``; ``lr`` stays ``lr``."""
    split, _, name = key.partition("_")
    return f"{name}/{split}" if split in ("train", "val", "test") and name else key


class TensorBoardTracker:
    name = "tensorboard"

    def __init__(self, recipe: Any, run_dir: Path) -> None:
        from torch.utils.tensorboard import SummaryWriter

        self.config = recipe.model_dump(mode="json")
        self.monitor = recipe.trainer.monitor
        self.writer = SummaryWriter(log_dir=str(run_dir), flush_secs=30)
        self.last_epoch = 0

    def epoch(self, row: dict[str, Any]) -> None:
        self.last_epoch = int(row["epoch"])
        for key, value in row.items():
            if key not in _SKIP and isinstance(value, (int, float)):
                self.writer.add_scalar(scalar_tag(key), float(value), self.last_epoch)
        self.writer.flush()

    def finish(self, metrics: dict[str, Any], run_dir: Path, status: str) -> None:
        from torch.utils.tensorboard.summary import hparams

        results = {
            f"hparams/{k}": float(v)
            for k, v in metrics.items()
            if k.startswith("test_") and isinstance(v, (int, float))
        }
        if isinstance(metrics.get("best_value"), (int, float)):
            results[f"hparams/best_{metrics.get('monitor', self.monitor)}"] = float(
                metrics["best_value"]
            )
        for key, value in results.items():
            self.writer.add_scalar(key, value, self.last_epoch)
        experiment, session_start, session_end = hparams(flatten(self.config), results)
        file_writer = self.writer._get_file_writer()
        for summary in (experiment, session_start, session_end):
            file_writer.add_summary(summary)
        self.writer.flush()
        self.writer.close()
