"""The style-transfer training step: the picture is the parameter (seed 001-003 §3.10, 5.01).

Each "batch" is one optimisation step of the picture (one epoch = one of the tutorial's
iterations): the frozen loss network (``families/style/style_transfer.py``'s ``vgg19_style``) gives the
total, content and style losses, the optimiser (Adam as the tutorial, or LBFGS with its closure)
moves the picture. The history's ``train_loss`` is the total, ``train_style_loss`` the style part.
``write_artifacts`` writes ``styled.png`` (the latest picture, de-normalised and clamped to [0, 1]
before the byte conversion: the tutorial's wrapped around) every epoch and
``snapshots/epoch-NNNN.png`` on the first epoch and every ``snapshot_every``-th. The checkpoint
holds the picture alone (``style_image``), never the 80 MB loss network. Built by
``families/style/style_setup.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from dlkit import pictures

if TYPE_CHECKING:
    from dlkit.protocols import InputSpec


class StyleStep:
    metric = "style_loss"
    input_spec: InputSpec  # set by the family's setup, saved in the checkpoint

    def __init__(
        self,
        image: Any,
        loss_net: Any,
        optimizer: Any,
        mean: list[float],
        std: list[float],
        snapshot_every: int = 500,
    ) -> None:
        self.model, self.loss_net, self.optimizer = image, loss_net, optimizer
        self.mean = torch.tensor(mean).view(1, -1, 1, 1)
        self.std = torch.tensor(std).view(1, -1, 1, 1)
        self.snapshot_every = snapshot_every
        self.closure_optimizer = isinstance(optimizer, torch.optim.LBFGS)

    def start_epoch(self, epoch: int) -> None:
        pass

    def train(self, mode: bool = True) -> None:
        self.model.train(mode)

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        found: dict[str, Any] = {}

        def closure() -> Any:
            self.optimizer.zero_grad(set_to_none=True)
            total, _, style = self.loss_net.losses(self.model())
            total.backward()
            found["total"], found["style"] = total.detach(), style.detach()
            return total

        if self.closure_optimizer:
            self.optimizer.step(closure)
        else:
            closure()
            self.optimizer.step()
        return found["total"], found["style"], 1

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        with torch.no_grad():
            total, _, style = self.loss_net.losses(self.model())
        return total, style, 1

    def end_epoch(self, monitored: float) -> None:
        pass

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    def picture(self) -> Any:
        """The current picture as (H, W, 3) uint8 RGB, clamped."""
        image = self.model().detach().cpu() * self.std + self.mean
        return pictures.to_uint8(image, 0.0, 1.0)[0]

    def write_artifacts(self, run_dir: Path, epoch: int) -> None:
        picture = self.picture()
        pictures.write_png(Path(run_dir) / "styled.png", picture)
        if epoch == 1 or epoch % self.snapshot_every == 0:
            pictures.write_png(Path(run_dir) / "snapshots" / f"epoch-{epoch:04d}.png", picture)

    def weights(self) -> dict[str, Any]:
        return {"state_dict": self.model.state_dict()}

    def load_weights(self, ckpt: dict[str, Any]) -> None:
        self.model.load_state_dict(ckpt["state_dict"])

    def state_dict(self) -> dict[str, Any]:
        return {"optimizer": self.optimizer.state_dict()}

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None:
        self.optimizer.load_state_dict(state["optimizer"])
