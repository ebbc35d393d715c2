"""imdb-bilstm-plus: the packed BiLSTM (and LSTM) reads only the real tokens (its output for a text does not
depend on the padding around it), the length-bucketed order covers every text once per epoch and
follows the seed, the tutorial's imdb-bilstm is untouched, and the recipe trains from the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from dlkit.components import MODELS
from dlkit.engine.buckets import batch_order
from dlkit_testing import train_run
from text.text_samples import imdb_csv

TEXTS = [[5, 9, 3, 7, 2], [4, 4, 8], [11, 3, 6, 6, 2, 9, 10, 5], [7]]


def _model(head: str = "logits", layers: int = 2) -> torch.nn.Module:
    torch.manual_seed(0)
    return MODELS.create(
        "text_bilstm_packed",
        in_shape=[12, 12],
        num_outputs=2,
        embedding_dim=6,
        hidden_size=5,
        num_layers=layers,
        head=head,
    ).eval()


def _padded(texts: list[list[int]], width: int, pre: bool) -> torch.Tensor:
    rows = [[0] * (width - len(t)) + t if pre else t + [0] * (width - len(t)) for t in texts]
    return torch.tensor(rows)


@pytest.mark.parametrize("pre", [False, True], ids=["post", "pre"])
@pytest.mark.parametrize("layers", [1, 2])
def test_output_does_not_depend_on_padding(pre, layers):
    model = _model(layers=layers)
    with torch.no_grad():
        alone = torch.cat([model(torch.tensor([t])) for t in TEXTS])
        batched = model(_padded(TEXTS, 12, pre))
        one_hot = model(torch.nn.functional.one_hot(_padded(TEXTS, 12, pre), 12).float())
    torch.testing.assert_close(batched, alone, atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(one_hot, alone, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("pre", [False, True], ids=["post", "pre"])
def test_the_packed_lstm_does_not_depend_on_padding_either(pre):
    torch.manual_seed(0)
    model = MODELS.create(
        "text_lstm_packed",
        in_shape=[12, 12],
        num_outputs=1,
        embedding_dim=6,
        hidden_size=5,
        num_layers=2,
    ).eval()
    with torch.no_grad():
        alone = torch.cat([model(torch.tensor([t])) for t in TEXTS])
        torch.testing.assert_close(model(_padded(TEXTS, 12, pre)), alone, atol=1e-6, rtol=1e-5)


def test_features_are_the_true_last_and_first_steps():
    """h_n = the forward state at the last real token and the backward state at the first."""
    model = _model(layers=1)
    text = torch.tensor([TEXTS[0]])
    with torch.no_grad():
        states, _ = model.lstm(model.embed(text))  # the text alone, no padding
        features = torch.cat((states[0, -1, :5], states[0, 0, 5:]))
        expected = model.fc1(torch.relu(model.fc(features)))
        got = model(_padded([TEXTS[0]], 12, pre=False))[0]
    torch.testing.assert_close(got, expected, atol=1e-6, rtol=1e-5)


def test_bucketed_order_covers_each_index_once_and_follows_the_seed():
    lengths = torch.tensor([(i * 37) % 23 + 1 for i in range(203)])

    def epoch(seed: int) -> torch.Tensor:
        return batch_order(len(lengths), lengths, 16, torch.Generator().manual_seed(seed))

    first = epoch(0)
    assert sorted(first.tolist()) == list(range(203))
    assert torch.equal(first, epoch(0))
    assert not torch.equal(first, epoch(1))
    generator = torch.Generator().manual_seed(0)
    one = batch_order(203, lengths, 16, generator)
    two = batch_order(203, lengths, 16, generator)
    assert not torch.equal(one, two) and sorted(two.tolist()) == list(range(203))  # per epoch
    spread = [int(np.ptp(lengths[b].numpy())) for b in first.split(16)]  # whole batches only hold
    assert np.mean(spread) < 0.5 * int(np.ptp(lengths.numpy()))  # similar lengths


def test_the_loader_buckets_id_rows_by_their_non_pad_tokens():
    from dlkit.engine.loader import ArrayLoader

    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 30, 100)
    x = np.zeros((100, 30), dtype=np.int64)
    for i, n in enumerate(lengths):
        x[i, :n] = rng.integers(2, 50, n)
    y = np.arange(100)
    loader = ArrayLoader(
        x,
        y,
        10,
        torch.device("cpu"),
        lambda b, train: b,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
        group_by_length=True,
    )
    seen = [(xb, yb) for xb, yb in loader]
    assert sorted(torch.cat([yb for _, yb in seen]).tolist()) == list(range(100))
    widths = [int(np.ptp(lengths[yb.numpy()])) for _, yb in seen]
    assert max(widths) <= 8  # sorted within one window: neighbours in length share a batch


def test_the_tutorial_recipe_is_untouched():
    import yaml

    from dlkit.config.recipes import find_recipe

    recipe = yaml.safe_load(find_recipe("imdb-bilstm").read_text())
    assert recipe["model"]["name"] == "text_bilstm" and recipe["model"]["head"] == "seed"
    assert not recipe["data"].get("group_by_length", False)
    options = {k: v for k, v in recipe["model"].items() if k != "name"}
    model = MODELS.create("text_bilstm", in_shape=[500, 127561], num_outputs=2, **options)
    assert sum(p.numel() for p in model.parameters()) == 32_924_990


def test_imdb_bilstm_plus_trains_from_the_cli(tmp_path, cli):
    data = imdb_csv(tmp_path / "IMDB Dataset.csv", n=200)
    run = train_run(
        "imdb-bilstm-plus",
        "--data",
        data,
        "--epochs",
        "3",
        "--out",
        tmp_path,
        "--set",
        "model.embedding_dim=16",
        "--set",
        "model.hidden_size=8",
        "--lr",
        "0.02",
        "--batch-size",
        "16",
    )
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["recipe"] == "imdb-bilstm-plus" and metrics["test_acc"] >= 0.8
    result = cli(
        "predict",
        str(run),
        "a wonderful, moving, brilliant film",
        "an awful boring dreadful mess",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["predictions"]
    assert [r["prediction"] for r in rows] == ["positive", "negative"]
