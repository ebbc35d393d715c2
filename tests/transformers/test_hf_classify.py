"""Text classification with a Hugging Face encoder, from the command line as a user types it:
the packaged all-MiniLM-L6-v2 fine-tuned offline (train → evaluate → predict → the run's model/
folder loaded by plain transformers), exact resume with a tiny BERT, and the tokenisation rules."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import torch
from hf_tiny import reviews_csv, tiny_bert

from dlkit_testing import invoke as _invoke
from dlkit_testing import train_run

MINILM_PARAMS_2_CLASSES = 22_713_986  # BertModel 22,713,216 + a 384 x 2 head


def _train(*args: str) -> Path:
    return train_run(*args, "--device", "cpu")


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("hf-classify")
    reviews_csv(root / "reviews.csv", n=32)
    tiny_bert(root / "tiny-bert")
    return root


@pytest.fixture(scope="module")
def minilm_run(root):
    return _train(
        "text-classify-transformer",
        "--data",
        root / "reviews.csv",
        "--epochs",
        "1",
        "--batch-size",
        "16",
        "--set",
        "model.max_length=16",
        "--out",
        root / "runs",
    )


def test_minilm_trains_offline_evaluates_predicts_and_saves_a_transformers_folder(
    minilm_run, cli, tmp_path
):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    metrics = json.loads((minilm_run / "metrics.json").read_text())
    assert metrics["params"] == MINILM_PARAMS_2_CLASSES and metrics["task"] == "classification"
    ckpt = torch.load(minilm_run / "best.pt", weights_only=True)
    assert ckpt["classes"] == ["negative", "positive"] and ckpt["model"]["name"] == "hf_classifier"
    result = cli("evaluate", minilm_run, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["accuracy"] == pytest.approx(metrics["test_acc"])
    assert summary["samples"] == 4
    out = Path(summary["out_dir"])
    assert {"confusion_matrix.csv", "per_class.csv", "misclassified.csv"} <= {
        p.name for p in out.iterdir()
    }
    texts = ["a wonderful superb film", "an awful dreadful boring plot that goes on and on"]
    lines = tmp_path / "texts.txt"
    lines.write_text(texts[1] + "\n\n")
    result = cli("predict", minilm_run, texts[0], "--input", lines, "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert [r["text"] for r in out["predictions"]] == texts and out["skipped"] == [
        "text 3 is empty, skipped"
    ]
    # the model/ folder: plain transformers gives the same probabilities and the class names
    folder = minilm_run / "model"
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    assert model.config.id2label == {0: "negative", 1: "positive"}
    with torch.no_grad():
        enc = tokenizer(texts, truncation=True, max_length=16, padding=True, return_tensors="pt")
        probs = torch.softmax(model(**enc).logits, 1)
    for row, p in zip(out["predictions"], probs):
        assert row["probability"] == pytest.approx(float(p.max()), abs=1e-5)
        assert row["prediction"] == model.config.id2label[int(p.argmax())]


def test_resume_after_a_crash_matches_the_uninterrupted_run(root, monkeypatch):
    from dlkit.engine.trainer import Trainer

    args = (
        "text-classify-transformer",
        "--data",
        root / "reviews.csv",
        "--epochs",
        "3",
        "--batch-size",
        "8",
        "--lr",
        "1e-3",
        "--set",
        f"model.pretrained={root / 'tiny-bert'}",
        "--set",
        "model.max_length=11",
    )
    full = torch.load(_train(*args, "--out", root / "full") / "last.pt", weights_only=True)
    original = Trainer._save

    def save_and_snapshot(self, run_dir, improved):
        original(self, run_dir, improved)
        if self.state.epoch == 1:
            shutil.copy(run_dir / "last.pt", root / "epoch1.pt")

    monkeypatch.setattr(Trainer, "_save", save_and_snapshot)
    crashed = _train(*args, "--out", root / "crash")
    monkeypatch.setattr(Trainer, "_save", original)
    shutil.copy(root / "epoch1.pt", crashed / "last.pt")
    result = _invoke("train", "--resume", crashed, "-q", "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    resumed = torch.load(crashed / "last.pt", weights_only=True)
    assert resumed["epoch"] == full["epoch"] == 3
    for key, tensor in full["state_dict"].items():
        assert torch.equal(tensor, resumed["state_dict"][key]), key
    assert [r["train_loss"] for r in resumed["fit_state"]["history"]] == [
        r["train_loss"] for r in full["fit_state"]["history"]
    ]
    assert (crashed / "model" / "config.json").is_file()
    assert not list(crashed.glob(".model*"))  # no temp folder left behind


def test_truncation_keeps_the_special_tokens_and_batches_pad_to_their_longest(root):
    from dlkit.components import MODELS

    model = MODELS.create(
        "hf_classifier",
        in_shape=[1],
        num_outputs=3,
        pretrained=str(root / "tiny-bert"),
        max_length=6,
    )
    cls, sep = model.tokenizer.cls_token_id, model.tokenizer.sep_token_id
    (ids,) = model.token_ids(["one two three four five six seven eight"], 6)
    assert len(ids) == 6 and ids[0] == cls and ids[-1] == sep
    batch = model.encode(["one", "one two three"])
    assert batch["input_ids"].shape == (2, 5)  # [CLS] one two three [SEP]
    assert batch["attention_mask"].tolist() == [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]
    assert batch["input_ids"][0, 3:].tolist() == [model.pad_id] * 2
    assert model(["one", "one two three"]).shape == (2, 3)
    groups = model.param_groups(1e-3)
    no_decay = {id(p) for p in groups[1]["params"]}
    names = [n for n, p in model.net.named_parameters() if id(p) in no_decay]
    assert groups[1]["weight_decay"] == 0.0 and names
    assert all(n.endswith(("bias", "LayerNorm.weight")) for n in names)


def test_a_checkpoint_rebuilds_the_classifier_without_its_pretrained_weights(root, tmp_path):
    from dlkit.components import MODELS
    from dlkit.engine import checkpoint

    options = {"pretrained": str(root / "tiny-bert"), "max_length": 8}
    torch.manual_seed(0)
    model = MODELS.create("hf_classifier", in_shape=[1], num_outputs=2, **options).eval()
    payload = {
        "recipe": "t",
        "config": {},
        "state_dict": model.state_dict(),
        "model": {"name": "hf_classifier", "options": options, "in_shape": [1], "num_outputs": 2},
        "input_spec": {"kind": "text", "shape": [1]},
    }
    rebuilt = checkpoint.build_model(
        checkpoint.load(checkpoint.save(tmp_path / "best.pt", payload))
    ).eval()
    with torch.no_grad():
        assert torch.equal(rebuilt(["good film"]), model(["good film"]))


def test_the_fake_news_folder_labels_by_file(tmp_path):
    from dlkit.components import DATASETS

    for name, words in (("Fake.csv", "you will not believe"), ("True.csv", "officials said")):
        with (tmp_path / name).open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["title", "text", "subject", "date"])
            writer.writerows([[f"t{i}", f"{words} {i}", "news", "2017"] for i in range(10)])
            writer.writerow(["empty", "", "news", "2017"])
    data = DATASETS.create("fake_news", path=str(tmp_path), title=True)
    assert data.classes == ["fake", "real"]
    texts = data.info["texts"]["train"]
    labels = data.train.y.tolist()
    assert all(("believe" in t) == (y == 0) for t, y in zip(texts, labels))
    assert texts[0].startswith("t") and ". " in texts[0]
    assert len(data.test) == 4 and sorted(data.test.y.tolist()) == [0, 0, 1, 1]
    assert any("left out 1 rows" in n for n in data.info["notes"])


def test_a_second_run_reads_its_token_ids_from_the_cache(root, monkeypatch, tmp_path):
    """Same tokenizer, settings and texts: the ids come from DLKIT_CACHE/tokens, and the run
    says so; another max_length is another key (tokenised again)."""
    monkeypatch.setenv("DLKIT_CACHE", str(tmp_path / "cache"))
    tokens = tmp_path / "cache" / "tokens"
    args = [
        "train",
        "text-classify-transformer",
        "--data",
        root / "reviews.csv",
        "--epochs",
        "1",
        "--batch-size",
        "16",
        "--device",
        "cpu",
        "--out",
        tmp_path / "runs",
    ]
    first = _invoke(*args, "--set", "model.max_length=16")
    assert first.exit_code == 0 and "from the cache" not in first.stderr, first.stderr
    written = sorted(tokens.glob("*.npz"))
    assert len(written) == 1
    again = _invoke(*args, "--set", "model.max_length=16")
    assert again.exit_code == 0 and "token ids read from the cache" in again.stderr
    assert sorted(tokens.glob("*.npz")) == written
    other = _invoke(*args, "--set", "model.max_length=12")
    assert other.exit_code == 0 and "from the cache" not in other.stderr, other.stderr
    assert len(list(tokens.glob("*.npz"))) == 2


def test_predict_needs_only_the_run_folder(root, tmp_path):
    """The run's model/ copy stands in for the folder it was fine-tuned from: delete that folder
    and predict still loads (no Hub, no original folder)."""
    source = tmp_path / "from-here"
    shutil.copytree(root / "tiny-bert", source)
    run = _train(
        "text-classify-transformer",
        "--data",
        root / "reviews.csv",
        "--epochs",
        "1",
        "--set",
        f"model.pretrained={source}",
        "--set",
        "model.max_length=12",
        "--out",
        tmp_path / "runs",
    )
    shutil.rmtree(source)
    result = _invoke("predict", run, "a wonderful film", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["predictions"][0]["prediction"] in ("negative", "positive")
