"""The text recipes from the command line, as a user types them, on small files in the real
formats: train → evaluate → predict for imdb-bilstm, sentiment-lstm, the spam estimators and
charlm; parameter counts of the seeds' networks at fixed vocabulary sizes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import torch

from dlkit.components import MODELS
from dlkit_testing import train_run as _train
from text.text_samples import alice_txt, imdb_csv, sms_csv, uci_txt

TINY_IMDB = [
    "--set",
    "model.embedding_dim=16",
    "--set",
    "model.hidden_size=8",
    "--set",
    "data.max_len=24",
    "--set",
    "model.head=logits",
    "--lr",
    "0.01",
    "--batch-size",
    "16",
]
TINY_CHARLM = [
    "--set",
    "data.sequences=8",
    "--set",
    "data.seq_length=20",
    "--batch-size",
    "8",
    "--set",
    "model.hidden_size=32",
    "--lr",
    "0.01",
]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("text-files")
    return {
        "imdb": imdb_csv(root / "IMDB Dataset.csv", n=240),
        "sms": sms_csv(root / "SMSSpamCollection.csv", n=400),
        "uci": uci_txt(root / "amazon_cells_labelled.txt", n=200),
        "alice": alice_txt(root / "alice.txt", chars=6000),
        "root": root,
    }


@pytest.fixture(scope="module")
def imdb_run(files):
    return _train(
        "imdb-bilstm",
        "--data",
        files["imdb"],
        "--epochs",
        "4",
        "--out",
        files["root"] / "runs",
        *TINY_IMDB,
    )


@pytest.fixture(scope="module")
def charlm_run(files):
    return _train(
        "charlm",
        "--data",
        files["alice"],
        "--epochs",
        "3",
        "--out",
        files["root"] / "runs",
        *TINY_CHARLM,
    )


def test_imdb_bilstm_trains_evaluates_and_predicts(imdb_run, cli, tmp_path):
    metrics = json.loads((imdb_run / "metrics.json").read_text())
    assert metrics["test_acc"] >= 0.8, metrics
    ckpt = torch.load(imdb_run / "best.pt", weights_only=True)
    spec = ckpt["input_spec"]
    assert spec["kind"] == "text" and spec["vocab"][:2] == ["<pad>", "<unk>"]
    assert spec["clean"] == ["html", "letters", "single_letters", "spaces", "lower"]
    assert ckpt["classes"] == ["negative", "positive"]
    result = cli("evaluate", str(imdb_run), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["accuracy"] == pytest.approx(metrics["test_acc"])
    out = Path(summary["out_dir"])
    for name in (
        "confusion_matrix.csv",
        "confusion_matrix.png",
        "per_class.csv",
        "misclassified.csv",
    ):
        assert (out / name).is_file(), name
    with (out / "misclassified.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary["misclassified"]
    probs = [float(r["probability"]) for r in rows]
    assert probs == sorted(probs, reverse=True)
    result = cli(
        "predict",
        str(imdb_run),
        "a wonderful, moving, brilliant film",
        "an awful boring dreadful mess",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["predictions"]
    assert [r["prediction"] for r in rows] == ["positive", "negative"]
    assert rows[0]["text"] == "a wonderful, moving, brilliant film"


def test_predict_reads_an_input_file_and_a_csv_column(imdb_run, cli, tmp_path):
    lines = tmp_path / "reviews.txt"
    lines.write_text("superb and touching\n\nthe worst, awful, a dreadful waste\n")
    result = cli("predict", str(imdb_run), "--input", str(lines), "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert [r["prediction"] for r in out["predictions"]] == ["positive", "negative"]
    assert out["skipped"] == ["text 2 is empty, skipped"]
    table = tmp_path / "new.csv"
    table.write_text("id,comment\n1,excellent and beautiful\n2,dull and poor\n")
    result = cli("predict", str(imdb_run), "--input", str(table), "--column", "comment")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("text,prediction,probability")
    result = cli("predict", str(imdb_run), "--input", str(table), "--column", "coment")
    assert result.exit_code == 2 and "did you mean 'comment'" in result.stderr


def test_evaluate_data_scores_a_new_labelled_file(imdb_run, cli, files, tmp_path):
    new = imdb_csv(tmp_path / "more.csv", n=40, seed=9)
    result = cli("evaluate", str(imdb_run), "--data", str(new), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["samples"] == 40 and summary["accuracy"] >= 0.75
    assert summary["out_dir"].endswith("eval-more.csv")


def test_sentiment_lstm_on_uci_sentences(files, cli):
    run = _train(
        "sentiment-lstm",
        "--data",
        files["uci"],
        "--epochs",
        "4",
        "--batch-size",
        "8",
        "--lr",
        "0.005",
        "--set",
        "model.hidden_size=16",
        "--set",
        "model.embedding_dim=16",
        "--set",
        "model.num_layers=2",
        "--out",
        files["root"] / "runs",
    )
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["task"] == "binary" and metrics["test_acc"] >= 0.75, metrics
    result = cli("predict", str(run), "superb excellent", "awful worst", "--json")
    assert [r["prediction"] for r in json.loads(result.stdout)["predictions"]] == ["1", "0"]


@pytest.mark.parametrize("recipe", ["spam-tree", "spam-forest", "spam-xgboost"])
def test_spam_recipes_fit_score_held_out_and_reload_without_pickle(recipe, files, cli):
    run = _train(
        recipe,
        "--data",
        files["sms"],
        "--out",
        files["root"] / "runs",
        "--set",
        "model.estimator.n_jobs=1" if recipe != "spam-tree" else "seed=0",
    )
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["test_acc"] >= 0.9, metrics
    assert (run / "history.csv").is_file() and (run / "plots" / "accuracy.png").is_file()
    torch.load(run / "best.pt", weights_only=True)
    result = cli("evaluate", str(run), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["accuracy"] == pytest.approx(metrics["test_acc"])
    assert Path(summary["out_dir"], "misclassified.csv").is_file()
    result = cli(
        "predict",
        str(run),
        "URGENT! Your mobile won £900. Claim at www.prize900.com",
        "are you coming to dinner tonight?",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert [r["prediction"] for r in json.loads(result.stdout)["predictions"]] == ["spam", "ham"]


def test_charlm_generates_reproducibly(charlm_run, cli):
    history = (charlm_run / "history.csv").read_text().splitlines()
    assert len(history) == 4 and "val_loss" in history[0]
    first = cli("predict", str(charlm_run), "--prompt", "Alice was", "--seed", "1", "--json")
    assert first.exit_code == 0, first.stderr
    again = cli("predict", str(charlm_run), "--prompt", "Alice was", "--seed", "1", "--json")
    assert first.stdout == again.stdout
    row = json.loads(first.stdout)["predictions"][0]
    assert row["text"] == "Alice was" + row["generated"] and row["generated"]
    assert len(row["generated"]) <= 100 and "." not in row["generated"][:-1]
    other = cli(
        "predict",
        str(charlm_run),
        "--prompt",
        "Alice was",
        "--seed",
        "2",
        "--length",
        "30",
        "--top-k",
        "5",
        "--temperature",
        "1.5",
        "--json",
    )
    assert len(json.loads(other.stdout)["predictions"][0]["generated"]) <= 30
    weird = cli("predict", str(charlm_run), "--prompt", "Alice ☃ was", "--seed", "1", "--json")
    assert weird.exit_code == 0 and "'☃'" in json.loads(weird.stdout)["skipped"][0]
    result = cli("evaluate", str(charlm_run), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["split"] == "val" and summary["perplexity"] > 1


@pytest.mark.parametrize(
    "name, in_shape, outputs, expected",
    [
        # the seed's Embedding(127561, 256) -> BiLSTM 64 x 2 -> 20 -> 2
        ("text_bilstm", [500, 127561], 2, 32_924_990),
        # the seed's printed Embedding(1905, 64) -> LSTM(64, 128, num_layers=3) -> Linear(128, 1)
        ("text_lstm", [40, 1905], 1, 485_569),
        # the seed's printed LSTM(70, 256, num_layers=2) -> Linear(256, 70)
        ("char_lstm", [70], 70, 880_198),
    ],
)
def test_the_seed_networks_parameter_counts(name, in_shape, outputs, expected):
    import yaml

    from dlkit.config.recipes import find_recipe

    recipe = {"text_bilstm": "imdb-bilstm", "text_lstm": "sentiment-lstm", "char_lstm": "charlm"}[
        name
    ]
    options = yaml.safe_load(find_recipe(recipe).read_text())["model"]
    options.pop("name")
    model = MODELS.create(name, in_shape=in_shape, num_outputs=outputs, **options)
    assert sum(p.numel() for p in model.parameters()) == expected
