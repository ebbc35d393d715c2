"""Truncated back-propagation through time: the char-LM's training step (``trainer.step: bptt``).

A batch holds whole rows of a character stream (``families/text/text_stream.py``); the step walks each
row's chunks of ``seq_length`` in order, feeding the LSTM the state the previous chunk left,
detached, so gradients stop at the chunk boundary (the seed's ``retain_graph=True`` version fails in
modern PyTorch: the optimiser step modifies weights the retained graph still needs). One optimiser
step per chunk, as the seed; the state starts from zeros at each batch (each epoch, when a batch
holds every row). Everything else — optimiser, scheduler, precision, clipping, checkpoints — is
the wrapped ``SupervisedStep``'s. Built by ``families/text/bptt_setup.py``.
"""

from __future__ import annotations

from typing import Any

import torch


def detach(states: Any) -> Any:
    return tuple(s.detach() for s in states) if isinstance(states, tuple) else states.detach()


class TruncatedBPTTStep:
    def __init__(self, inner: Any, seq_length: int) -> None:
        self.inner, self.seq_length = inner, seq_length
        self.metric, self.model = inner.metric, inner.model

    def _chunks(self, x: Any, y: Any) -> Any:
        for start in range(0, x.shape[1], self.seq_length):
            yield x[:, start : start + self.seq_length], y[:, start : start + self.seq_length]

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        inner = self.inner
        states = None
        loss_sum = metric_sum = 0
        count = 0
        for xb, yb in self._chunks(*batch):
            with inner.autocast():
                out, states = inner.net(xb, states, keep_state=True)
                loss = inner.task.loss(out, yb)
            inner.scaler.scale(loss).backward()
            inner.optimizer_step()
            states = detach(states)
            loss_sum = loss_sum + loss.detach() * yb.numel()
            metric_sum = metric_sum + inner.task.metric_sum(out.detach(), yb)
            count += yb.numel()
        return loss_sum, metric_sum, count

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        inner = self.inner
        states = None
        loss_sum = metric_sum = 0
        count = 0
        with torch.no_grad():
            for xb, yb in self._chunks(*batch):
                with inner.autocast():
                    out, states = inner.net(xb, states, keep_state=True)
                    loss = inner.task.loss(out, yb).float()
                loss_sum = loss_sum + loss * yb.numel()
                metric_sum = metric_sum + inner.task.metric_sum(out, yb)
                count += yb.numel()
        return loss_sum, metric_sum, count

    # the rest of the protocol is the wrapped step's ------------------------------------------
    def start_epoch(self, epoch: int) -> None:
        self.inner.start_epoch(epoch)

    def end_epoch(self, monitored: float) -> None:
        self.inner.end_epoch(monitored)

    @property
    def lr(self) -> float:
        return self.inner.lr

    def train(self, mode: bool = True) -> None:
        self.inner.train(mode)

    def weights(self) -> dict[str, Any]:
        return self.inner.weights()

    def load_weights(self, ckpt: dict[str, Any]) -> None:
        self.inner.load_weights(ckpt)

    def state_dict(self) -> dict[str, Any]:
        return self.inner.state_dict()

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None:
        self.inner.load_state_dict(state, replan_epochs)
