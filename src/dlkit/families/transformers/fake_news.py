"""News articles labelled fake or real: the ``fake_news`` data module (seed 000b §6).

``path`` is the Kaggle layout, a folder holding ``Fake.csv`` and ``True.csv`` (columns ``title,
text, subject, date``): the label comes from the file (fake = 0, real = 1, as in the tutorial), the
text from ``text_column`` (default ``text``, the tutorial's only column), with the ``title`` in
front when ``title: true``. Any other labelled file (a CSV with text and label columns) is read by
the text data module's rules instead (``families/text/text_data.py``). Files are read with
``families/text/text_files.py`` (encodings, did-you-mean columns); ``head`` keeps the first rows of each
file (the tutorial's full code took 100 of each). Splits are the text module's: seeded and
stratified, ``test_fraction`` then ``val_fraction`` of the rest. The inputs are the raw strings;
the transformer model tokenises them (``families/transformers/hf_text.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.errors import DataError, UsageError
from dlkit.families.text.text_input import TextInput, strings
from dlkit.registry import Fraction, PositiveInt

FILES = (("fake", "Fake.csv"), ("real", "True.csv"))


def read_folder(
    folder: Path, text_column: str, title: bool, encoding: str | None, head: int | None
) -> tuple[list[str], list[str], list[str]]:
    """(texts, labels, notes) from ``Fake.csv`` + ``True.csv``; empty texts left out."""
    from dlkit.families.text.text_files import find_column, read_table

    texts, labels, notes = [], [], []
    for label, name in FILES:
        path = folder / name
        if not path.is_file():
            raise DataError(
                f"{folder}: no {name}; the fake-news folder holds Fake.csv and "
                "True.csv (or give a CSV with text and label columns)"
            )
        table = read_table(path, encoding)
        frame = table.frame if head is None else table.frame.iloc[:head]
        column = find_column(frame, text_column, (), "text", "data.text_column")
        body = [str(v).strip() for v in frame[column].tolist()]
        if title:  # the title in front of a non-empty text
            heads = frame[find_column(frame, "title", (), "title", "data.title")].tolist()
            body = [
                f"{str(h).strip()}. {b}" if str(h).strip() and b else b for h, b in zip(heads, body)
            ]
        kept = [t for t in body if t]
        if len(kept) < len(body):
            notes.append(f"{name}: left out {len(body) - len(kept)} rows with an empty text")
        texts += kept
        labels += [label] * len(kept)
        notes += [f"{name}: {n}" for n in table.notes]
    return texts, labels, notes


@DATASETS.register("fake_news")
def fake_news(
    path: str | None = None,
    seed: int = 0,
    text_column: str = "text",
    title: bool = False,
    label_column: str | None = None,
    encoding: str | None = None,
    head: PositiveInt | None = None,
    val_fraction: Fraction = 0.1,
    test_fraction: Fraction = 0.2,
) -> Dataset:
    from dlkit.families.text.text_data import class_order, split_indices
    from dlkit.families.text.text_files import read_labelled

    if val_fraction + test_fraction >= 1:
        raise UsageError("data.val_fraction and data.test_fraction must sum to less than 1")
    if not path:
        raise UsageError(
            "name the news: --data FOLDER (with Fake.csv and True.csv) or a CSV of texts and labels"
        )
    source = Path(path).expanduser()
    splits = None
    if source.is_dir():
        texts, labels, notes = read_folder(source, text_column, title, encoding, head)
        names = [label for label, _ in FILES]
        if len(set(labels)) < 2:
            raise DataError(f"{source}: Fake.csv or True.csv has no texts")
    else:
        texts, labels, splits, notes = read_labelled(source, text_column, label_column, encoding)
        names = class_order(labels, None, source)
    lookup = {c: i for i, c in enumerate(names)}
    y = np.asarray([lookup[v] for v in labels], dtype=np.int64)
    parts = split_indices(y, splits, val_fraction, test_fraction, seed)
    spec = TextInput([1], clean=[], text_column=text_column, label_column=label_column)
    raw = {name: [texts[i] for i in idx] for name, idx in parts.items()}
    split = {name: Split(strings(raw[name]), y[idx]) for name, idx in parts.items()}
    if not len(split["train"]):
        raise DataError(f"{source}: no training rows")
    return Dataset(
        train=split["train"],
        val=split["val"] if len(split["val"]) else None,
        test=split["test"],
        input_spec=spec,
        classes=names,
        info={"source": str(source), "texts": raw, "notes": notes},
    )
