"""The GAN training step: two networks, two optimisers, the seed's DCGAN schedule (000b §3f).

Per batch the discriminator steps (``d_every``, 1 in the seed) on real images against
``real_label`` and on generated ones against ``fake_label`` (the seed's inverted convention: real
0, fake 1); every ``g_every``-th batch (2 in the seed) the generator steps to make D answer
``real_label``. The seed reused one noise batch for every step; ``fresh_noise`` draws new noise
each batch from the step's own seeded generator. The history's ``train_loss`` is D's loss and
``train_g_loss`` G's loss per G step. ``write_artifacts`` saves the fixed-noise grid of each epoch
to ``samples/epoch-NNNN.png``. The checkpoint's model is the generator; the discriminator sits in
its own ``discriminator`` key, and ``last.pt`` holds both optimisers and the noise state, so
``--resume`` continues bit-exactly. Built by ``families/gan/gan_setup.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from dlkit import pictures

if TYPE_CHECKING:
    from dlkit.protocols import InputSpec


class GanStep:
    metric = "g_loss"
    input_spec: InputSpec  # set by the family's setup, saved in the checkpoint

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        specs: tuple[dict, dict],
        opt_g: Any,
        opt_d: Any,
        device: Any,
        noise_batch: int,
        seed: int,
        fresh_noise: bool = False,
        g_every: int = 2,
        d_every: int = 1,
        real_label: float = 0.0,
        fake_label: float = 1.0,
        grid: int = 64,
    ) -> None:
        self.model, self.discriminator = generator, discriminator
        self.g_spec, self.d_spec = specs
        self.opt_g, self.opt_d, self.device = opt_g, opt_d, device
        self.fresh_noise, self.g_every, self.d_every = fresh_noise, g_every, d_every
        self.real_label, self.fake_label = real_label, fake_label
        self.nz = int(self.g_spec["in_shape"][0])
        self.noise_gen = torch.Generator().manual_seed(seed)
        self.train_noise = self._draw(noise_batch)  # the seed's one reused batch
        self.grid_noise = self._draw(grid)  # the per-epoch sample grid
        self.loss = nn.BCELoss()

    def _draw(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.nz, 1, 1, generator=self.noise_gen)

    def _noise(self, n: int) -> torch.Tensor:
        noise = self._draw(n) if self.fresh_noise else self.train_noise[:n]
        return noise.to(self.device)

    def start_epoch(self, epoch: int) -> None:
        pass

    def train(self, mode: bool = True) -> None:
        self.model.train(mode)
        self.discriminator.train(mode)

    def _target(self, value: float, n: int) -> torch.Tensor:
        return torch.full((n,), value, device=self.device)

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        real = batch[0]
        n = len(real)
        noise = self._noise(n)
        d_loss = torch.zeros((), device=self.device)
        if (index + 1) % self.d_every == 0:
            self.opt_d.zero_grad(set_to_none=True)
            r_loss = self.loss(self.discriminator(real), self._target(self.real_label, n))
            r_loss.backward()
            fake = self.model(noise).detach()
            f_loss = self.loss(self.discriminator(fake), self._target(self.fake_label, n))
            f_loss.backward()
            self.opt_d.step()
            d_loss = (r_loss + f_loss).detach()
        g_sum = torch.zeros((), device=self.device)
        if (index + 1) % self.g_every == 0:
            self.opt_g.zero_grad(set_to_none=True)
            g_loss = self.loss(
                self.discriminator(self.model(noise)), self._target(self.real_label, n)
            )
            g_loss.backward()
            self.opt_g.step()
            g_sum = g_loss.detach() * n * self.g_every  # mean per G step, as the seed's ×2
        return d_loss * n * self.d_every, g_sum, n

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        real = batch[0]
        n = len(real)
        with torch.no_grad():
            fake = self.model(self._noise(n))
            d_loss = self.loss(
                self.discriminator(real), self._target(self.real_label, n)
            ) + self.loss(self.discriminator(fake), self._target(self.fake_label, n))
            g_loss = self.loss(self.discriminator(fake), self._target(self.real_label, n))
        return d_loss * n, g_loss * n, n

    def end_epoch(self, monitored: float) -> None:
        pass

    @property
    def lr(self) -> float:
        return float(self.opt_g.param_groups[0]["lr"])

    def samples(self, noise: torch.Tensor) -> torch.Tensor:
        """Generated images for ``noise`` in eval mode (BN running statistics, no state change)."""
        was = self.model.training
        self.model.eval()
        with torch.no_grad():
            out = self.model(noise.to(self.device)).cpu()
        self.model.train(was)
        return out

    def write_artifacts(self, run_dir: Path, epoch: int) -> None:
        tiles = pictures.to_uint8(self.samples(self.grid_noise))
        pictures.write_png(
            Path(run_dir) / "samples" / f"epoch-{epoch:04d}.png", pictures.grid(tiles)
        )

    def weights(self) -> dict[str, Any]:
        return {
            "state_dict": self.model.state_dict(),
            "discriminator": {"model": self.d_spec, "state_dict": self.discriminator.state_dict()},
        }

    def load_weights(self, ckpt: dict[str, Any]) -> None:
        self.model.load_state_dict(ckpt["state_dict"])
        if "discriminator" in ckpt:
            self.discriminator.load_state_dict(ckpt["discriminator"]["state_dict"])

    def state_dict(self) -> dict[str, Any]:
        return {
            "optimizer": self.opt_g.state_dict(),
            "optimizer_d": self.opt_d.state_dict(),
            "noise": {
                "generator": self.noise_gen.get_state(),
                "train": self.train_noise,
                "grid": self.grid_noise,
            },
        }

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None:
        """Both optimisers and the noise exactly as saved (no schedule to re-plan)."""
        self.opt_g.load_state_dict(state["optimizer"])
        self.opt_d.load_state_dict(state["optimizer_d"])
        noise = state["noise"]
        self.noise_gen.set_state(noise["generator"])
        self.train_noise, self.grid_noise = noise["train"], noise["grid"]
