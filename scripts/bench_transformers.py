"""Benchmark: fine-tuning the packaged all-MiniLM-L6-v2 classifier, dlkit vs the Hugging Face
``Trainer`` at its defaults, on the same generated texts, batch size and number of steps.

dlkit runs ``dlkit train text-classify-transformer`` (one epoch of exactly ``--steps`` batches, no
validation or test split) and times the epoch it records in ``history.csv`` (tokenising inside
it, on first sight of each text); the Trainer gets the texts tokenised beforehand (as
``datasets.map`` would) with its default ``DataCollatorWithPadding``, AdamW at 5e-5, linear decay,
no evaluation or saving, and its own ``train_runtime``. Both count the same non-padding tokens
(the texts' token counts after truncation to ``--max-length``), so the figure is tokens/s of
training; the ratio is dlkit's over the Trainer's (goal ≥ 1.0). Needs ``accelerate``.

A third contender is the loop a competent PyTorch user writes around the same model: the texts
tokenised once, each batch padded to its own longest text, AdamW (fused where PyTorch allows) at
5e-5 with linear decay, gradients clipped at 1.0 (as the Trainer and the dlkit run do).

Each contender first runs a two-step warm-up (kernels, allocator, lazy imports), then
``--rounds`` timed runs in rotating order; printed per contender: the median tokens/s with
min–max over rounds, and the ratios per round (median, min–max).

    python scripts/bench_transformers.py [--steps 30] [--batch-size 16] [--max-length 128]
                                         [--rounds 3] [--device auto] [--threads N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
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


def run_plain(rows: list[str], labels: list[int], folder: str, args) -> float:
    """Seconds of a hand-written loop over the same model, batches and steps."""
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=2)
    model.to(args.device).train()
    enc = tokenizer(rows, truncation=True, max_length=args.max_length)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, fused=True)
    steps = len(rows) // args.batch_size
    schedule = get_linear_schedule_with_warmup(optimizer, 0, steps)
    started = time.perf_counter()
    for step in range(steps):
        part = slice(step * args.batch_size, (step + 1) * args.batch_size)
        batch = tokenizer.pad(
            {"input_ids": enc["input_ids"][part], "attention_mask": enc["attention_mask"][part]},
            return_tensors="pt",
        ).to(args.device)
        loss = model(**batch, labels=torch.tensor(labels[part], device=args.device)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
    return time.perf_counter() - started


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
        max_steps=len(rows) // args.batch_size,
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
    parser.add_argument("--rounds", type=int, default=3)
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
    warm = 2 * args.batch_size
    times: dict[str, list[float]] = {"dlkit": [], "HF Trainer": [], "hand loop": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        runners = {
            "dlkit": lambda n: run_dlkit(
                write_csv(root / f"bench{n}.csv", rows[:n], labels[:n]), root / "runs", args
            ),
            "HF Trainer": lambda n: run_hf(rows[:n], labels[:n], folder, root / "hf", args),
            "hand loop": lambda n: run_plain(rows[:n], labels[:n], folder, args),
        }
        for run in runners.values():
            run(warm)  # warm-up: 2 steps
        names = list(runners)
        for rnd in range(args.rounds):
            for name in names[rnd % len(names) :] + names[: rnd % len(names)]:
                times[name].append(runners[name](len(rows)))
                print(
                    f"  round {rnd + 1} {name:10s} {count / times[name][-1]:8.1f} tokens/s "
                    f"({times[name][-1]:.2f} s)",
                    flush=True,
                )
    report(args, count, times)


def write_csv(path: Path, rows: list[str], labels: list[int]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(zip(rows, ["pos" if y else "neg" for y in labels]))
    return path


def spread(values: list[float], fmt: str) -> str:
    return (
        f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–"
        f"{fmt.format(max(values))})"
    )


def report(args, count: int, times: dict[str, list[float]]) -> None:
    print(
        f"{args.device}, {torch.get_num_threads()} thread(s), {args.steps} steps of "
        f"{args.batch_size}, max length {args.max_length}, {count:,} train tokens, "
        f"{args.rounds} rotating rounds after a warm-up"
    )
    for name, values in times.items():
        print(
            f"{name:10s} {spread([count / v for v in values], '{:,.1f}')} tokens/s  "
            f"({spread(values, '{:.2f}')} s)"
        )
    result = {
        "device": args.device,
        "steps": args.steps,
        "batch_size": args.batch_size,
        "max_length": args.max_length,
        "train_tokens": count,
        "rounds": args.rounds,
    }
    for base in ("HF Trainer", "hand loop"):
        ratios = [b / d for d, b in zip(times["dlkit"], times[base])]
        print(f"ratio dlkit / {base:10s} {spread(ratios, '{:.3f}')}  (tokens/s; goal >= 1.0)")
        result[f"ratio_vs_{base.replace(' ', '_').lower()}"] = round(statistics.median(ratios), 3)
    result.update(
        {
            f"{name.replace(' ', '_').lower()}_tokens_per_s": round(
                count / statistics.median(values), 1
            )
            for name, values in times.items()
        }
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
