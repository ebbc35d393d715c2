"""Small labelled texts in the real formats of the text seeds, generated with a fixed seed:

- ``imdb_csv``: Kaggle's "IMDB Dataset.csv" (``review,sentiment``; HTML ``<br />`` breaks, quotes,
  commas, ``positive``/``negative``);
- ``sms_csv``: the spam seed's ``SMSSpamCollection.csv`` (``class,sms``, cp1252 with ``£``);
- ``uci_txt``: UCI's ``amazon_cells_labelled.txt`` ("sentence<TAB>0|1", no header);
- ``alice_txt``: a plain text file of sentences ending in periods.

The words that carry the label are mixed with neutral ones, so a model has something to learn and
the tests can assert it learned it.
"""

from __future__ import annotations

import random
from pathlib import Path

GOOD = [
    "wonderful",
    "moving",
    "brilliant",
    "superb",
    "delightful",
    "great",
    "beautiful",
    "touching",
    "excellent",
    "loved",
]
BAD = ["awful", "boring", "terrible", "dreadful", "dull", "waste", "poor", "worst", "hated", "mess"]
NEUTRAL = [
    "the",
    "film",
    "movie",
    "story",
    "actor",
    "scene",
    "plot",
    "director",
    "music",
    "camera",
    "ending",
    "cast",
    "was",
    "and",
    "it",
    "this",
    "with",
    "of",
    "a",
    "i",
]


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(
        rng.choice(NEUTRAL) if rng.random() < 0.7 else rng.choice(words) for _ in range(n)
    )


def imdb_csv(path: Path, n: int = 240, seed: int = 0) -> Path:
    import csv

    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["review", "sentiment"])
        for i in range(n):
            label = "positive" if i % 2 else "negative"
            words = GOOD if label == "positive" else BAD
            text = (
                _sentence(rng, words, rng.randint(15, 40)).capitalize()
                + ", really!<br /><br />"
                + f'"{_sentence(rng, words, rng.randint(5, 20))}" 10/10 café'
            )
            writer.writerow([text, label])
    return path


SPAM = [
    "WINNER!! You have won a £{n} prize, call 0906{n} now to claim",
    "Free entry in a weekly draw, txt WIN to {n} for £{n} cash",
    "URGENT! Your mobile won £{n}. Claim at www.prize{n}.com, T&C apply",
    "Congratulations, you are selected for a £{n} award. Call free 0800{n}",
]
HAM = [
    "Are you coming to dinner tonight? I'll cook pasta",
    "Ok lar... see you at the station at {n}",
    "Sorry, I'll call later, in a meeting till {n}",
    "Did you get the notes from class? Send them pls",
    "Mum says hi, we are home by {n}, love you",
]


def sms_csv(path: Path, n: int = 160, seed: int = 0) -> Path:
    """The seed's CSV: header ``class,sms``, cp1252 bytes (``£`` is 0xA3, not UTF-8)."""
    import csv
    import io

    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["class", "sms"])
    for i in range(n):
        spam = i % 4 == 0
        template = rng.choice(SPAM if spam else HAM)
        writer.writerow(["spam" if spam else "ham", template.format(n=rng.randint(10, 999))])
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def uci_txt(path: Path, n: int = 200, seed: int = 0) -> Path:
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        label = i % 2
        text = _sentence(rng, GOOD if label else BAD, rng.randint(4, 12)).capitalize()
        lines.append(f"{text}{rng.choice(['.', '!', '...', ' :)'])}\t{label}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def alice_txt(path: Path, chars: int = 6000, seed: int = 0) -> Path:
    rng = random.Random(seed)
    words = [
        "alice",
        "was",
        "beginning",
        "to",
        "get",
        "very",
        "tired",
        "of",
        "sitting",
        "by",
        "her",
        "sister",
        "on",
        "the",
        "bank",
        "and",
        "having",
        "nothing",
        "to",
        "do",
    ]
    out = []
    while sum(len(s) for s in out) < chars:
        out.append(
            " ".join(rng.choice(words) for _ in range(rng.randint(4, 9))).capitalize() + ". "
        )
    path.write_text("".join(out), encoding="utf-8")
    return path
