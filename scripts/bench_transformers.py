"""Benchmark: fine-tuning the packaged all-MiniLM-L6-v2 classifier, dlkit vs the Hugging Face
``Trainer`` at its defaults, on the same generated texts, batch size and number of steps.

dlkit runs ``dlkit train text-classify-transformer`` (one epoch of exactly ``--steps`` batches, no
validation or test split) and times the epoch it records in ``history.csv`` (tokenising inside
it, on first sight of each text); the Trainer gets the texts tokenised beforehand (as
``datasets.map`` would) with its default ``DataCollatorWithPadding``, AdamW at 5e-5, linear decay,
no evaluation or saving, and its own ``train_runtime``. Both count the same non-padding tokens
(the texts' token counts after truncation to ``--max-length``), so the figure is tokens/s of
training; the ratio is dlkit's over the Trainer's (goal ≥ 1.0). Needs ``accelerate``.

    python scripts/bench_transformers.py [--steps 30] [--batch-size 16] [--max-length 128]
                                         [--device auto] [--threads N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from pathlib import Path

import torch


def texts(n: int, vocab: list[str], seed: int = 0) -> tuple[list[str], list[int]]:
    """``n`` texts of 10–150 real words from the tokenizer's vocabulary, labels at random."""
    rng = random.Random(seed)
    words = [w for w in vocab if w.isalpha() and len(w) > 2]
    out = [" ".join(rng.choices(words, k=rng.randint(10, 150))) for _ in range(n)]
    return out, [rng.randrange(2) for _ in range(n)]


def tokens(tokenizer, rows: list[str], max_length: int) -> int:
    return sum(
        len(ids) for ids in tokenizer(rows, truncation=True, max_length=max_length)["input_ids"]
    )


def run_dlkit(path: Path, out: Path, args) -> float:
    """Seconds of the one training epoch dlkit records."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    result = CliRunner().invoke(
        app,
        [
            "train",
            "text-classify-transformer",
            "--data",
            str(path),
            "--epochs",
            "1",
            "--batch-size",
            str(args.batch_size),
            "--set",
            f"model.max_length={args.max_length}",
            "--set",
            "data.val_fraction=0",
            "--set",
            "data.test_fraction=0",
            "--set",
            "trainer.grad_clip=1.0",
            "--device",
            args.device,
            "--out",
            str(out),
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    with (run / "history.csv").open() as handle:
        return float(next(csv.DictReader(handle))["seconds"])


def run_hf(rows: list[str], labels: list[int], folder: str, out: Path, args) -> float:
    """The Trainer's ``train_runtime`` for the same steps."""
    from transformers.utils import logging as hf_logging

    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        Trainer,
        TrainingArguments,
    )

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=2)
    enc = tokenizer(rows, truncation=True, max_length=args.max_length)
    data = [
        {"input_ids": ids, "attention_mask": mask, "labels": y}
        for ids, mask, y in zip(enc["input_ids"], enc["attention_mask"], labels)
    ]
    training = TrainingArguments(
        output_dir=str(out),
        per_device_train_batch_size=args.batch_size,
        max_steps=args.steps,
        report_to=[],
        save_strategy="no",
        logging_strategy="no",
        disable_tqdm=True,
        use_cpu=args.device == "cpu",
    )
    trainer = Trainer(model=model, args=training, train_dataset=data, processing_class=tokenizer)
    return float(trainer.train().metrics["train_runtime"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    from dlkit.hf_hub import bundled_model_dir
    from transformers import AutoTokenizer

    folder = str(bundled_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(folder)
    rows, labels = texts(args.steps * args.batch_size, list(tokenizer.get_vocab()))
    count = tokens(tokenizer, rows, args.max_length)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "bench.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label"])
            writer.writerows(zip(rows, ["pos" if y else "neg" for y in labels]))
        started = time.perf_counter()
        ours = run_dlkit(path, root / "runs", args)
        theirs = run_hf(rows, labels, folder, root / "hf", args)
        wall = time.perf_counter() - started
    result = {
        "device": args.device,
        "steps": args.steps,
        "batch_size": args.batch_size,
        "max_length": args.max_length,
        "train_tokens": count,
        "dlkit_tokens_per_s": round(count / ours, 1),
        "hf_trainer_tokens_per_s": round(count / theirs, 1),
        "ratio": round(theirs / ours, 3),
        "dlkit_s": round(ours, 2),
        "hf_trainer_s": round(theirs, 2),
        "wall_s": round(wall, 1),
    }
    print(f"dlkit      {result['dlkit_tokens_per_s']:>10,.1f} tokens/s  ({ours:.2f} s)")
    print(f"HF Trainer {result['hf_trainer_tokens_per_s']:>10,.1f} tokens/s  ({theirs:.2f} s)")
    print(f"ratio      {result['ratio']:.3f}  (dlkit / Trainer; goal >= 1.0)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
