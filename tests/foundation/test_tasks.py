"""Every registered task declares what the core reads from it, and its losses, metric and
predictions work on a batch of its own shape (parametrized over the registry, so a new task is
tested by being registered)."""

from __future__ import annotations

import pytest
import torch

from dlkit.components import TASKS
from dlkit.tasks import definition, make_task

DECLARED = (
    "name",
    "metric",
    "losses",
    "monitor",
    "report",
    "postprocess",
    "has_classes",
    "max_classes",
    "compares_as",
)


def _batch(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Outputs and targets of the task's shape: 6 rows, 3 classes or values, 4 tokens of 5."""
    generator = torch.Generator().manual_seed(0)
    task = definition(name)
    if name == "seq2seq":
        return torch.randn(6, 4, 5, generator=generator), torch.tensor([[1, 2, -100, 0]] * 6)
    if task.has_classes:
        width = task.outputs(task.max_classes or 3)
        return torch.randn(6, width, generator=generator), torch.tensor([0, 1, 1, 0, 1, 0])
    return torch.randn(6, 1, generator=generator), torch.randn(6, generator=generator)


@pytest.mark.parametrize("name", TASKS.names())
def test_declares_what_the_core_reads(name):
    task = definition(name)
    assert task.name == name
    assert all(hasattr(task, key) for key in DECLARED)
    assert task.losses and task.monitor in ("val_loss", f"val_{task.metric}")
    from dlkit.components import REPORTS

    assert REPORTS.get(task.report)


@pytest.mark.parametrize("name", TASKS.names())
def test_every_loss_metric_and_prediction_works(name):
    out, y = _batch(name)
    for loss in definition(name).losses:
        task = make_task(name, loss)
        value = task.loss(out, y)
        assert value.ndim == 0 and torch.isfinite(value)
    task = make_task(name)
    assert float(task.metric_sum(out, y)) >= 0
    predictions, scores = task.predict(out)
    assert len(predictions) == len(scores) == 6


def test_binary_and_classification_agree_on_two_classes():
    logit = torch.tensor([[2.0], [-1.0], [0.5]])
    y = torch.tensor([1, 0, 0])
    binary = make_task("binary")
    two = make_task("classification")
    two_logits = torch.cat([torch.zeros_like(logit), logit], 1)
    assert torch.allclose(binary.loss(logit, y), two.loss(two_logits, y), atol=1e-6)
    assert int(binary.metric_sum(logit, y)) == int(two.metric_sum(two_logits, y)) == 2


def test_an_unknown_task_is_a_one_line_error(cli):
    result = cli("train", "digits-mlp", "--set", "task=ranking")
    assert result.exit_code == 2
    assert "unknown task 'ranking'" in result.stderr and "classification" in result.stderr
