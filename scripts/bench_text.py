"""Benchmark: dlkit's text path against the tutorial's way, two ratios in one run.

1. Text pipeline (clean + tokenise + vocabulary + pad) on generated reviews of IMDB length
   (≈ 230 words with HTML breaks): dlkit's ``TextInput`` chain, ``Vocabulary`` and
   ``pad_sequences`` vs the IMDB seed's loop (``preprocess_text``'s four ``re.sub`` per row,
   ``split(' ')``, a ``{token: id}`` dict over ``set()``, per-row lookups and list padding to 500).
   Prints texts/s of each and the speed-up.
2. One ``imdb-bilstm`` epoch (the seed's network: Embedding 256 → BiLSTM 64 × 2 → 20 → 2, Adam,
   batch 128) through dlkit's Trainer and step vs a hand-written PyTorch loop of the same network
   and batches, alternating, median of ``--rounds`` (goal ≤ 1.05).

    python scripts/bench_text.py [--texts 50000] [--samples 1024] [--max-len 200] [--rounds 3]

Measured on this project's shared 2-core CPU machine with ``--threads 1``: 8,562 vs 1,433 texts/s
(5.98x); epoch median 38.3 s vs 37.4 s (ratio 1.025).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time

import numpy as np
import torch

WORDS = [f"w{i}" for i in range(30_000)]


def reviews(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    weights = np.cumsum([1.0 / (i + 1) for i in range(len(WORDS))]).tolist()  # Zipf-like
    out = []
    for _ in range(n):
        words = rng.choices(WORDS, cum_weights=weights, k=rng.randint(120, 340))
        words[rng.randrange(len(words))] += ".<br /><br />"
        out.append("A " + " ".join(words) + ", 7/10!")
    return out


def tutorial_pipeline(texts: list[str], max_len: int = 500) -> list[list[int]]:
    """The IMDB seed's code (000a §7), on the training texts."""

    def preprocess_text(s: str) -> str:
        s = re.sub(r"<[^>]+>", " ", s)
        s = re.sub("[^a-zA-Z]", " ", s)
        s = re.sub(r"\s+[a-zA-Z]\s+", " ", s)
        s = re.sub(r"\s+", " ", s)
        return s.lower()

    cleaned = [preprocess_text(t) for t in texts]
    tokens = []
    for review in cleaned:
        tokens.extend(review.split(" "))
    token_to_num = {tok: i for i, tok in enumerate(sorted(set(tokens)), 1)}
    out = []
    for review in cleaned:
        ids = [token_to_num[t] for t in review.split(" ")]
        ids = ids[:max_len] + [0] * (max_len - len(ids)) if len(ids) < max_len else ids[:max_len]
        out.append(ids)
    return out


def dlkit_pipeline(texts: list[str], max_len: int = 500) -> np.ndarray:
    from dlkit.families.text.sequences import pad_sequences
    from dlkit.families.text.text_input import TextInput
    from dlkit.families.text.text_prep import Vocabulary

    spec = TextInput(
        [1],
        clean=["html", "letters", "single_letters", "spaces", "lower"],
        tokenizer="split",
        max_len=max_len,
        padding="post",
        truncating="post",
    )
    tokens = spec.tokens(texts)
    vocab = Vocabulary.build(tokens)
    return pad_sequences(
        vocab.encode(tokens), max_len, dtype="int64", padding="post", truncating="post"
    )


def bench_pipeline(n: int) -> float:
    texts = reviews(n)
    timings = {}
    for fn in (tutorial_pipeline, dlkit_pipeline):
        fn(texts[:50])  # imports and compiled patterns, not per-text work
    for name, fn in (("tutorial loop", tutorial_pipeline), ("dlkit", dlkit_pipeline)):
        start = time.perf_counter()
        out = fn(texts)
        timings[name] = time.perf_counter() - start
        print(
            f"  {name:14s} {n / timings[name]:10,.0f} texts/s  ({timings[name]:.2f} s, "
            f"{len(out)} x {len(out[0])})"
        )
    ratio = timings["tutorial loop"] / timings["dlkit"]
    print(f"  text pipeline speed-up dlkit / tutorial = {ratio:.2f}x")
    return ratio


def bilstm_batches(samples: int, max_len: int, vocab: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, vocab, size=(samples, max_len), dtype=np.int64)
    y = rng.integers(0, 2, size=samples).astype(np.int64)
    return x, y


def dlkit_epoch(x, y, vocab: int):
    from types import SimpleNamespace

    from dlkit.components import MODELS
    from dlkit.engine.fit_state import FitState
    from dlkit.engine.loader import ArrayLoader
    from dlkit.engine.supervised_step import SupervisedStep
    from dlkit.engine.trainer import Trainer
    from dlkit.families.text.text_input import IdsBatchTransform
    from dlkit.tasks import make_task

    device = torch.device("cpu")
    torch.manual_seed(0)
    model = MODELS.create("text_bilstm", in_shape=[x.shape[1], vocab], num_outputs=2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    loader = ArrayLoader(
        x, y, 128, device, IdsBatchTransform(), shuffle=True, generator=generator, train=True
    )
    step = SupervisedStep(
        model,
        model,
        make_task("classification"),
        optimizer,
        lambda opt: (None, "epoch"),
        len(loader),
        device,
    )
    cfg = SimpleNamespace(monitor="train_loss", mode="auto", patience=None, min_delta=0.0)
    trainer = Trainer(
        step,
        loader,
        None,
        1,
        FitState.start(cfg, False, step.metric),
        device,
        describe={},
        generator=generator,
    )

    def run() -> float:
        start = time.perf_counter()
        trainer.train_epoch()
        return time.perf_counter() - start

    return run


def hand_epoch(x, y, vocab: int, batch_size: int = 128):
    """The seed's RNN class and loop in plain PyTorch (batch-first, same layers)."""
    import torch.nn.functional as F
    from torch import nn

    class RNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embedding = nn.Embedding(vocab, 256, padding_idx=0)
            self.lstm = nn.LSTM(256, 64, 2, bidirectional=True, batch_first=True)
            self.fc, self.fc1 = nn.Linear(256, 20), nn.Linear(20, 2)

        def forward(self, x):
            states, _ = self.lstm(self.embedding(x))
            x = torch.cat((states[:, 0], states[:, -1]), 1)
            return torch.sigmoid(F.relu(self.fc1(F.relu(self.fc(x)))))

    torch.manual_seed(0)
    model = RNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = nn.CrossEntropyLoss()

    def run() -> float:
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(xs))
        for i in range(0, len(xs), batch_size):
            idx = order[i : i + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(xs.index_select(0, idx)), ys.index_select(0, idx))
            loss.backward()
            optimizer.step()
        return time.perf_counter() - start

    return run


def bench_epoch(samples: int, max_len: int, vocab: int, rounds: int) -> float:
    x, y = bilstm_batches(samples, max_len, vocab)
    runs = {"dlkit trainer": dlkit_epoch(x, y, vocab), "hand loop": hand_epoch(x, y, vocab)}
    for run in runs.values():
        run()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            times[name].append(run())
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"  {name:14s} median {median[name]:.3f} s/epoch  {[round(v, 3) for v in t]}")
    ratio = median["dlkit trainer"] / median["hand loop"]
    print(f"  imdb-bilstm epoch ratio dlkit / hand loop = {ratio:.3f}  (goal <= 1.05)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--max-len", type=int, default=200)
    parser.add_argument("--vocab", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"text pipeline, {args.texts:,} generated reviews of IMDB length")
    pipeline = bench_pipeline(args.texts)
    print(
        f"imdb-bilstm, {args.samples} samples x {args.max_len} tokens, vocabulary "
        f"{args.vocab:,}, batch 128, {args.threads} threads, {args.rounds} alternating rounds"
    )
    epoch = bench_epoch(args.samples, args.max_len, args.vocab, args.rounds)
    print(f"ratios: text pipeline {pipeline:.2f}x faster; epoch time {epoch:.3f}x the hand loop")


if __name__ == "__main__":
    main()
