"""Documents and their summaries: the ``summaries`` data module (seed 000b §8, T5 news summary).

``path`` is a CSV/TSV/JSONL file (``families/text/text_files.py``: encodings, did-you-mean columns) with a
``text_column`` (default ``text``) and a ``summary_column`` (default ``summary``), the columns of
``cl_news_summary.csv``. Rows with an empty text or summary are counted and left out. ``head``
keeps the first rows (the tutorial's full code took 200). Unlike the tutorial, which trained on
everything and scored nothing held out, a seeded ``test_fraction`` (then ``val_fraction`` of the
rest) is held out, or the file's ``split`` column decides. Inputs are the documents with the
``source_prefix`` in front (``DocumentInput``), targets the summaries, both as strings; the model
tokenises them. ``info["texts"]`` keeps the raw documents for ``predictions.csv``.
"""

from __future__ import annotations

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.errors import DataError, UsageError
from dlkit.families.text.text_input import strings
from dlkit.families.transformers.document_input import DocumentInput
from dlkit.registry import Fraction, PositiveInt


def read_pairs(
    path: str, text_column: str, summary_column: str, encoding: str | None, head: int | None
) -> tuple[list[str], list[str], list[str] | None, list[str]]:
    """(texts, summaries, split names or None, notes) of the complete rows."""
    from dlkit.families.text.text_files import SPLIT_NAMES, find_column, read_table

    table = read_table(path, encoding)
    frame = table.frame if head is None else table.frame.iloc[:head]
    text_col = find_column(frame, text_column, (), "text", "data.text_column")
    summary_col = find_column(frame, summary_column, (), "summary", "data.summary_column")
    if text_col == summary_col:
        raise UsageError(f"data.summary_column: '{summary_col}' is also the text column")
    texts = [" ".join(str(v).split()) for v in frame[text_col].tolist()]
    summaries = [" ".join(str(v).split()) for v in frame[summary_col].tolist()]
    keep = [i for i, (t, s) in enumerate(zip(texts, summaries)) if t and s]
    if not keep:
        raise DataError(f"{path}: no row has both a text and a summary")
    notes = list(table.notes)
    if len(keep) < len(texts):
        notes.append(
            f"left out {len(texts) - len(keep)} of {len(texts)} rows with an empty text or summary"
        )
    splits = None
    if "split" in frame.columns and "split" not in (text_col, summary_col):
        raw = [str(frame["split"].iloc[i]).strip().lower() for i in keep]
        bad = sorted(set(raw) - set(SPLIT_NAMES))
        if bad:
            raise DataError(f"{path}: column 'split' has values {bad[:5]}; use train, val or test")
        splits = [SPLIT_NAMES[v] for v in raw]
    return [texts[i] for i in keep], [summaries[i] for i in keep], splits, notes


@DATASETS.register("summaries")
def summaries(
    path: str | None = None,
    seed: int = 0,
    text_column: str = "text",
    summary_column: str = "summary",
    source_prefix: str = "summarize: ",
    encoding: str | None = None,
    head: PositiveInt | None = None,
    val_fraction: Fraction = 0.1,
    test_fraction: Fraction = 0.1,
) -> Dataset:
    from dlkit.families.text.text_data import split_indices

    if val_fraction + test_fraction >= 1:
        raise UsageError("data.val_fraction and data.test_fraction must sum to less than 1")
    if not path:
        raise UsageError(
            "name the file of documents and summaries: --data FILE (CSV, TSV or "
            "JSONL with text and summary columns)"
        )
    texts, targets, splits, notes = read_pairs(path, text_column, summary_column, encoding, head)
    parts = split_indices(
        np.zeros(len(texts), dtype=np.int64), splits, val_fraction, test_fraction, seed
    )
    if not len(parts["train"]):
        raise DataError(f"{path}: no training rows")
    spec = DocumentInput(
        [1], source_prefix=source_prefix, text_column=text_column, target_column=summary_column
    )
    raw = {name: [texts[i] for i in idx] for name, idx in parts.items()}
    split = {
        name: Split(spec.encode(raw[name]), strings([targets[i] for i in idx]))
        for name, idx in parts.items()
    }
    return Dataset(
        train=split["train"],
        val=split["val"] if len(split["val"]) else None,
        test=split["test"],
        input_spec=spec,
        classes=None,
        info={"source": str(path), "texts": raw, "notes": notes},
    )
