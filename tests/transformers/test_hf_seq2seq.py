"""Summarisation with a tiny T5 built in the test (word-level tokenizer, width 16): news-t5
trains, evaluates (ROUGE, predictions.csv, rouge.json) and predicts from the command line; label
padding, the ROUGE argument order and the local sentence splitting."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import torch
from hf_tiny import TOPICS, news_csv, tiny_t5

from dlkit_testing import train_run

TINY = [
    "--set",
    "model.max_length=24",
    "--set",
    "model.target_max_length=10",
    "--set",
    "model.max_new_tokens=8",
    "--lr",
    "0.02",
    "--batch-size",
    "8",
]


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("hf-seq2seq")
    news_csv(root / "news.csv", n=40)
    tiny_t5(root / "tiny-t5")
    return root


@pytest.fixture(scope="module")
def t5_run(root):
    return train_run(
        "news-t5",
        "--data",
        root / "news.csv",
        "--epochs",
        "8",
        "--device",
        "cpu",
        "--set",
        f"model.pretrained={root / 'tiny-t5'}",
        *TINY,
        "--out",
        root / "runs",
    )


def test_news_t5_trains_evaluates_with_rouge_and_predicts(t5_run, root, cli, tmp_path):
    from rouge_score import rouge_scorer

    from transformers import AutoModelForSeq2SeqLM

    metrics = json.loads((t5_run / "metrics.json").read_text())
    assert metrics["task"] == "seq2seq" and metrics["final"]["train_loss"] < 2.5, metrics
    assert metrics["test_acc"] > 0.3, metrics
    assert AutoModelForSeq2SeqLM.from_pretrained(t5_run / "model").config.d_model == 16
    result = cli("evaluate", t5_run, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    out = Path(summary["out_dir"])
    rouge = json.loads((out / "rouge.json").read_text())
    assert rouge["samples"] == summary["samples"] == 4
    assert rouge["generation"]["num_beams"] == 2 and rouge["generation"]["max_new_tokens"] == 8
    with (out / "predictions.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "article",
        "reference",
        "generated",
        "rouge1",
        "rouge2",
        "rougeL",
        "rougeLsum",
    ]
    assert all(not r["article"].startswith("summarize:") for r in rows)
    assert {r["reference"] for r in rows} <= set(TOPICS.values())
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    for row in rows:
        expected = scorer.score(row["reference"], row["generated"])["rouge1"].fmeasure
        assert float(row["rouge1"]) == pytest.approx(expected, abs=1e-6)
    assert summary["rouge1"] == pytest.approx(sum(float(r["rouge1"]) for r in rows) / 4)
    assert summary["rouge1"] > 0.3, rows
    doc = tmp_path / "article.txt"
    doc.write_text("heavy rain floods the city streets. more on rain today.\n")
    result = cli(
        "predict",
        t5_run,
        doc,
        "the home team wins the final",
        "--num-beams",
        "1",
        "--max-new-tokens",
        "3",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["predictions"]
    assert [r["input"] for r in rows] == [str(doc), "text 2"]
    assert all(len(r["generated"].split()) <= 3 for r in rows) and rows[0]["generated"]


def test_targets_are_padded_with_minus_100_and_keep_their_end_token(root):
    from dlkit.components import MODELS

    model = MODELS.create(
        "hf_seq2seq",
        in_shape=[1],
        num_outputs=1,
        pretrained=str(root / "tiny-t5"),
        target_max_length=4,
    )
    eos = model.tokenizer.eos_token_id
    labels = model.labels(["heavy rain", "the home team wins the final"])
    assert labels.shape == (2, 4)
    assert labels[0, 2] == eos and labels[0, 3:].tolist() == [-100]
    assert labels[1, -1] == eos and (labels[1] != -100).all()  # truncated, </s> kept
    logits = model(["summarize: heavy rain", "summarize: team"], labels)
    assert logits.shape == (2, 4, len(model.tokenizer))


def test_rouge_scores_the_reference_first_and_splits_sentences_locally(monkeypatch):
    from rouge_score import rouge_scorer

    from dlkit.families.transformers import rouge

    calls = []
    original = rouge_scorer.RougeScorer.score

    def spy(self, target, prediction):
        calls.append((target, prediction))
        return original(self, target, prediction)

    monkeypatch.setattr(rouge_scorer.RougeScorer, "score", spy)
    scores = rouge.rouge(["the cat sat. it was red."], ["the cat was red"])
    assert calls == [("the cat sat.\nit was red.", "the cat was red")]
    assert scores[0]["rouge1"] == pytest.approx(0.8)
    assert rouge.sentences("One. Two! Three? 四。五") == "One.\nTwo!\nThree?\n四。\n五"
    # ROUGE-Lsum is not symmetric: swapping the arguments (the tutorial's bug) changes it
    ref, pred = "a b. b a.", "a b a b"
    forward = rouge.rouge([ref], [pred])[0]["rougeLsum"]
    backward = rouge.rouge([pred], [ref])[0]["rougeLsum"]
    assert forward == pytest.approx(1.0) and backward == pytest.approx(0.75)


def test_a_checkpoint_rebuilds_the_seq2seq_model(root, tmp_path):
    from dlkit.components import MODELS
    from dlkit.engine import checkpoint

    options = {"pretrained": str(root / "tiny-t5"), "num_beams": 1, "max_new_tokens": 4}
    torch.manual_seed(0)
    model = MODELS.create("hf_seq2seq", in_shape=[1], num_outputs=1, **options).eval()
    payload = {
        "recipe": "t",
        "config": {},
        "state_dict": model.state_dict(),
        "model": {"name": "hf_seq2seq", "options": options, "in_shape": [1], "num_outputs": 1},
        "input_spec": {"kind": "documents", "shape": [1]},
    }
    rebuilt = checkpoint.build_model(
        checkpoint.load(checkpoint.save(tmp_path / "best.pt", payload))
    ).eval()
    assert rebuilt.generate(["summarize: heavy rain"]) == model.generate(["summarize: heavy rain"])
