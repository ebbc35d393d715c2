"""The transformer steps: ``SupervisedStep`` plus a ``model/`` folder, and its seq2seq variant.

``PretrainedStep`` trains like every supervised recipe (the model maps a batch of texts to logits)
and, after an epoch whose weights became ``best.pt``, writes ``RUN/model/`` through the model's
``save_folder`` (``save_pretrained`` in safetensors + the tokenizer, the classes as
``id2label``): a folder plain ``transformers`` loads. It is written into a temporary folder and
renamed into place, so a crash never leaves half a folder. ``Seq2SeqStep`` feeds the targets to
the model (teacher forcing), scores the loss and accuracy per target token with padding (-100)
ignored, and returns token counts, so epoch means are per token. Built by ``families/transformers/hf_setup.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import torch

from dlkit.engine.supervised_step import SupervisedStep


class PretrainedStep(SupervisedStep):
    classes: list[str] | None = None

    def write_artifacts(self, run_dir: Path, epoch: int) -> None:
        best = Path(run_dir) / "best.pt"
        if best.is_file() and torch.load(best, mmap=True, weights_only=True).get("epoch") != epoch:
            return  # model/ keeps the best epoch's weights
        write_folder(self.model, Path(run_dir) / "model", self.classes)


def write_folder(model: Any, folder: Path, classes: list[str] | None) -> Path:
    """``model.save_folder`` into ``folder``, atomically (temp folder, then rename)."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_folder(tmp, classes)
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return folder


class Seq2SeqStep(PretrainedStep):
    """Batches of (texts, target texts); loss and accuracy per target token."""

    def _sums(self, out: Any, labels: Any, loss: Any) -> tuple[Any, Any, int]:
        tokens = int((labels != -100).sum())
        return loss * tokens, self.task.metric_sum(out, labels), tokens

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        x, y = batch
        labels = self.model.labels(y)
        with self.autocast():
            out = self.net(x, labels)
            loss = self.task.loss(out, labels)
        last_of_group = (index + 1) % self.accumulate == 0 or index + 1 == self.steps_per_epoch
        self.scaler.scale(loss / self.accumulate if self.accumulate > 1 else loss).backward()
        if last_of_group:
            self.optimizer_step()
        return self._sums(out.detach(), labels, loss.detach())

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        x, y = batch
        labels = self.model.labels(y)
        with torch.no_grad(), self.autocast():
            out = self.net(x, labels)
            loss = self.task.loss(out, labels).float()
        return self._sums(out, labels, loss)
