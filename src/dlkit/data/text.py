"""Labelled texts from any CSV/TSV/JSONL/"text<TAB>label" file: the ``text`` data module.

``path`` is the file (``--data``); ``data/text_files.py`` reads it (encodings, formats) and finds
the text and label columns (``text_column``/``label_column`` name them; otherwise an obvious name
such as ``review``/``sentiment`` or ``sms``/``class``, else the longest cells are the texts and the
other column the labels). Rows with an empty text or label are counted, reported in
``info["notes"]`` (``dlkit train`` prints them) and left out, never trained on. Classes are the
labels sorted (numerically when all are numbers; ``classes`` fixes another order), recorded in the
checkpoint. The split is seeded and stratified: ``test_fraction`` of the rows for test, then
``val_fraction`` of the rest for validation, unless the file has a ``split`` column
(``split_column``; values train / val / validation / dev / test).

The vocabulary is built from the training split only; ``encode: ids`` gives padded id arrays
(``TextInput`` with the vocabulary), ``encode: strings`` the cleaned texts for a pipeline that
tokenises itself (the TF-IDF estimators). ``info["texts"][split]`` keeps each split's raw texts for
the ``text`` report's ``misclassified.csv``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split, holdout
from dlkit.data.text_input import TextInput, strings
from dlkit.data.text_prep import CleanStep, Tokenizer
from dlkit.errors import DataError, UsageError
from dlkit.registry import Fraction, PositiveInt

SPLIT_NAMES = {"train": "train", "val": "val", "valid": "val", "validation": "val", "dev": "val",
               "test": "test"}


def read_labelled(path: str | Path, text_column: str | None, label_column: str | None,
                  encoding: str | None, split_column: str | None = None
                  ) -> tuple[list[str], list[str], list[str] | None, list[str]]:
    """(texts, labels, split names or None, notes) of the non-empty rows of a labelled file."""
    from dlkit.data.text_files import LABEL_NAMES, TEXT_NAMES, find_column, read_table

    table = read_table(path, encoding)
    frame, notes = table.frame, list(table.notes)
    text_col = find_column(frame, text_column, TEXT_NAMES, "text", "data.text_column")
    label_col = find_column(frame, label_column, LABEL_NAMES, "label", "data.label_column",
                            exclude=text_col)
    if label_col == text_col:
        raise UsageError(f"data.label_column: '{label_col}' is also the text column")
    from dlkit.data.text_files import refuse_nested

    refuse_nested(frame, text_col, path, "text")
    refuse_nested(frame, label_col, path, "label")
    split_col = split_column or ("split" if "split" in frame.columns
                                 and "split" not in (text_col, label_col) else None)
    if split_col is not None and split_col not in frame.columns:
        find_column(frame, split_col, (), "split", "data.split_column")
    texts = [str(t).strip() for t in frame[text_col].tolist()]
    labels = [str(v).strip() for v in frame[label_col].tolist()]
    no_text = [i for i, t in enumerate(texts) if not t]
    no_label = [i for i, v in enumerate(labels) if not v]
    if len(no_text) == len(texts):
        raise DataError(f"{path}: every text in column '{text_col}' is empty")
    keep = [i for i in range(len(texts)) if texts[i] and labels[i]]
    if not keep:
        raise DataError(f"{path}: no row has both a text and a label (column '{label_col}')")
    if no_text or no_label:
        notes.append(f"left out {len(texts) - len(keep)} of {len(texts)} rows: {len(no_text)} "
                     f"with an empty text, {len(no_label)} with an empty label")
    splits = None
    if split_col is not None:
        raw = [str(frame[split_col].iloc[i]).strip().lower() for i in keep]
        bad = sorted(set(raw) - set(SPLIT_NAMES))
        if bad:
            raise DataError(f"{path}: column '{split_col}' has values {bad[:5]}; use train, val "
                            "or test")
        splits = [SPLIT_NAMES[v] for v in raw]
    return [texts[i] for i in keep], [labels[i] for i in keep], splits, notes


def class_order(labels: list[str], classes: list[str] | None, path: Any) -> list[str]:
    """The classes in their recorded order (sorted; numerically when every label is a number)."""
    found = set(labels)
    if classes is not None:
        missing = sorted(found - set(classes))
        if missing:
            raise DataError(f"{path}: labels {missing[:5]} are not in data.classes {classes}")
        return list(classes)
    if len(found) < 2:
        raise DataError(f"{path}: the label column has one class ({next(iter(found))!r}); a "
                        "classifier needs at least two")
    try:
        return sorted(found, key=lambda v: (float(v), v))
    except ValueError:
        return sorted(found)


def split_indices(y: np.ndarray, splits: list[str] | None, val_fraction: float,
                  test_fraction: float, seed: int) -> dict[str, np.ndarray]:
    """Row indices per split: the file's split column, else seeded stratified hold-outs."""
    index = np.arange(len(y))
    if splits is not None:
        names = np.asarray(splits)
        parts = {name: index[names == name] for name in ("train", "val", "test")}
        if not len(parts["val"]) and val_fraction > 0:
            train, val = holdout(parts["train"], y[parts["train"]], val_fraction, seed)
            parts["train"], parts["val"] = train.x, val.x if val is not None else index[:0]
        return parts
    try:
        rest, test = holdout(index, y, test_fraction, seed)
        train, val = holdout(rest.x, rest.y, val_fraction, seed)
    except ValueError:  # scikit-learn: a fraction of too few rows is an empty split
        raise DataError(f"{len(y)} labelled rows are too few to hold out test_fraction "
                        f"{test_fraction} and val_fraction {val_fraction}; give more rows or "
                        "set the fractions to 0") from None
    return {"train": train.x, "val": val.x if val is not None else index[:0],
            "test": test.x if test is not None else index[:0]}


@DATASETS.register("text")
def text(path: str | None = None, seed: int = 0, text_column: str | None = None,
         label_column: str | None = None, encoding: str | None = None,
         classes: list[str] | None = None, split_column: str | None = None,
         val_fraction: Fraction = 0.1, test_fraction: Fraction = 0.1,
         clean: list[CleanStep] = ["lower", "spaces"], tokenizer: Tokenizer = "words",
         min_freq: PositiveInt = 1, max_size: PositiveInt | None = None,
         max_len: PositiveInt | None = None, padding: Literal["pre", "post"] = "pre",
         truncating: Literal["pre", "post"] = "pre",
         encode: Literal["ids", "strings"] = "ids") -> Dataset:
    if val_fraction + test_fraction >= 1:
        raise UsageError("data.val_fraction and data.test_fraction must sum to less than 1")
    if not path:
        raise UsageError("name the file of texts and labels: --data FILE (CSV, TSV, JSONL or "
                         "text<TAB>label lines)")
    texts, labels, splits, notes = read_labelled(path, text_column, label_column, encoding,
                                                 split_column)
    names = class_order(labels, classes, path)
    lookup = {c: i for i, c in enumerate(names)}
    y = np.asarray([lookup[v] for v in labels], dtype=np.int64)
    parts = split_indices(y, splits, val_fraction, test_fraction, seed)
    if not len(parts["train"]):
        raise DataError(f"{path}: no training rows")
    spec = TextInput([1], clean=list(clean), tokenizer=tokenizer, max_len=max_len,
                     padding=padding, truncating=truncating, text_column=text_column,
                     label_column=label_column)
    raw = {name: [texts[i] for i in idx] for name, idx in parts.items()}
    if encode == "ids":
        from dlkit.data.text_prep import Vocabulary

        train_tokens = spec.tokens(raw["train"])
        vocab = Vocabulary.build(train_tokens, min_freq, max_size)   # never from val/test texts
        spec.vocab = vocab.tokens
        if spec.max_len is None:   # the longest training text
            spec.max_len = max(1, max(len(t) for t in train_tokens))
        spec.shape = [int(spec.max_len), len(vocab)]
    arrays = {name: (spec.encode(raw[name]), y[idx]) for name, idx in parts.items()}
    split = {name: Split(*arrays[name]) for name in arrays}
    info = {"source": str(path), "texts": raw, "notes": notes,
            "vocab_size": len(spec.vocab) if spec.vocab else None}
    return Dataset(train=split["train"], val=split["val"] if len(split["val"]) else None,
                   test=split["test"], input_spec=spec, classes=names, info=info)
