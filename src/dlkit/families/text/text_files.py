"""Reading files of texts (and labels) in the formats real data comes in.

Used by the text data modules (``families/text/text_data.py``, ``families/text/text_stream.py``), by ``evaluate --data``
and by ``predict --input``. Formats, by suffix: ``.csv`` (header row), ``.tsv`` (header row),
``.jsonl``/``.ndjson`` (one object per line), and anything else (``.txt``, the SMS collection's
bare ``SMSSpamCollection``) as "text<TAB>label" lines without a header (the UCI sentiment
sentences; the label may come first, as in the SMS file: the column with fewer distinct values is
the label). Encodings: UTF-8 (with or without BOM), else a CJK encoding when charset-normalizer is
sure of one, else cp1252 (the SMS collection's ``£``), else latin-1; ``encoding`` forces one, and
an undecodable byte is then a one-line error. ``decode`` says which encoding it chose.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError
from dlkit.registry import close_matches

# How a split column may name each split.
SPLIT_NAMES = {
    "train": "train",
    "val": "val",
    "valid": "val",
    "validation": "val",
    "dev": "val",
    "test": "test",
}

TEXT_NAMES = (
    "text",
    "review",
    "sms",
    "message",
    "sentence",
    "content",
    "comment",
    "body",
    "tweet",
    "document",
    "評價",
    "評論",
    "內容",
    "评论",
    "内容",
)
LABEL_NAMES = ("label", "sentiment", "class", "category", "target", "labels", "y", "rating")
CJK_ENCODINGS = (
    "big5",
    "cp950",
    "big5hkscs",
    "gb18030",
    "gbk",
    "gb2312",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
)


@dataclass
class Table:
    frame: Any  # pandas DataFrame of str cells ("" for empty)
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode(raw: bytes, path: Path | str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes) of a file's bytes; see the module docstring for the order."""
    if encoding:
        try:
            return raw.decode(encoding), encoding, []
        except LookupError:
            raise UsageError(f"data.encoding: unknown encoding '{encoding}'") from None
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{path} is not valid {encoding}: byte 0x{raw[exc.start]:02x} at "
                f"offset {exc.start}; fix data.encoding or leave it unset to detect "
                "it"
            ) from None
    try:
        return raw.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    for name in (_cjk_guess(raw), "cp1252", "latin-1"):
        if not name:
            continue
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        return (
            text,
            name,
            [
                f"{Path(path).name} is not UTF-8; read it as {name} "
                "(set data.encoding to choose another)"
            ],
        )
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _cjk_guess(raw: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - requests depends on it
        return None
    best = from_bytes(raw[:200_000]).best()
    return best.encoding if best is not None and best.encoding in CJK_ENCODINGS else None


def read_table(path: str | Path, encoding: str | None = None) -> Table:
    """Any of the formats above as a DataFrame of strings."""
    import pandas as pd

    path = Path(path).expanduser()
    if not path.is_file():
        from dlkit.files import not_a_file

        raise DataError(not_a_file(path) + ("; give the file of texts" if path.exists() else ""))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    text, used, notes = decode(raw, path, encoding)
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".tsv"):
            frame = pd.read_csv(
                io.StringIO(text),
                sep="," if suffix == ".csv" else "\t",
                dtype=str,
                keep_default_na=False,
                skipinitialspace=False,
            )
        elif suffix in (".jsonl", ".ndjson"):
            frame = _read_jsonl(text, path)
        else:
            frame = _read_tab_lines(text)
    except DataError:
        raise
    except Exception as exc:  # pandas' parser errors come in many types
        raise DataError(f"cannot read {path}: {' '.join(str(exc).split())[:160]}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame) == 0:
        raise DataError(f"{path} has no rows")
    return Table(frame, used, notes)


def jsonl_rows(lines: Any, path: Path) -> list[dict]:
    """One dict per non-blank JSON line (a bare value becomes ``{"text": value}``); a bad line
    is a one-line ``DataError`` naming its number. Shared with ``dlkit cluster``'s reader."""
    import json

    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        rows.append(row if isinstance(row, dict) else {"text": row})
    return rows


def _read_jsonl(text: str, path: Path) -> Any:
    """The rows as strings; ``attrs["nested"]`` notes each column holding a JSON object or list
    (its first such row, 1-based), which a reader of that column refuses (``nested_cell``)."""
    import pandas as pd

    rows = jsonl_rows(text.splitlines(), path)
    nested: dict[str, int] = {}
    for number, row in enumerate(rows, 1):
        for key, value in row.items():
            if isinstance(value, (dict, list)):
                nested.setdefault(str(key).strip(), number)
    frame = pd.DataFrame(rows).fillna("").astype(str)
    frame.attrs["nested"] = nested
    return frame


def refuse_nested(frame: Any, column: str, path: Any, what: str) -> None:
    """A ``DataError`` when ``column`` of a JSONL table holds a JSON object or list."""
    row = (frame.attrs.get("nested") or {}).get(column)
    if row is not None:
        raise DataError(
            f"{path}: row {row}: the {what} (key '{column}') is a JSON object or "
            f"list; each {what} must be a string or a number"
        )


def _read_tab_lines(text: str) -> Any:
    """Headerless lines: "text<TAB>label" (or "label<TAB>text"); lines without a tab are texts."""
    import pandas as pd

    lines = [line for line in text.splitlines() if line.strip()]
    if not any("\t" in line for line in lines):
        return pd.DataFrame({"text": lines})
    first, last = [], []
    for line in lines:
        head, _, tail = line.partition("\t")
        body, _, end = line.rpartition("\t")
        first.append((head, tail))
        last.append((body, end))
    # the label is the side with fewer distinct values: last column (UCI) or first (SMS)
    if len({h for h, _ in first}) < len({e for _, e in last}):
        return pd.DataFrame(
            {"text": [t.strip() for _, t in first], "label": [h.strip() for h, _ in first]}
        )
    return pd.DataFrame(
        {"text": [b.strip() for b, _ in last], "label": [e.strip() for _, e in last]}
    )


def find_column(
    frame: Any,
    wanted: str | None,
    names: tuple[str, ...],
    what: str,
    option: str,
    exclude: str | None = None,
) -> str:
    """The named column (did-you-mean over the real ones), else an obvious one by name."""
    columns = [c for c in frame.columns]
    listed = ", ".join(repr(c) for c in columns)
    if wanted is not None:
        if wanted not in columns:
            lower = {c.lower(): c for c in columns}
            hint = (
                f" (did you mean '{lower[wanted.lower()]}'?)"
                if wanted.lower() in lower
                else close_matches(wanted, columns)
            )
            raise UsageError(f"{option}: no column '{wanted}'{hint}; the columns are: {listed}")
        return wanted
    by_lower = {c.lower(): c for c in columns if c != exclude}
    for name in names:
        if name in by_lower:
            return by_lower[name]
    others = [c for c in columns if c != exclude]
    if what == "text" and others:
        lengths = {c: frame[c].str.len().mean() for c in others}
        return max(lengths, key=lengths.__getitem__)  # the longest cells hold the texts
    if what == "label" and len(others) == 1:
        return others[0]
    raise UsageError(
        f"cannot tell which column holds the {what}s; set {option} to one of: {listed}"
    )


def read_labelled(
    path: str | Path,
    text_column: str | None,
    label_column: str | None,
    encoding: str | None,
    split_column: str | None = None,
) -> tuple[list[str], list[str], list[str] | None, list[str]]:
    """(texts, labels, split names or None, notes) of the non-empty rows of a labelled file."""
    table = read_table(path, encoding)
    frame, notes = table.frame, list(table.notes)
    text_col = find_column(frame, text_column, TEXT_NAMES, "text", "data.text_column")
    label_col = find_column(
        frame, label_column, LABEL_NAMES, "label", "data.label_column", exclude=text_col
    )
    if label_col == text_col:
        raise UsageError(f"data.label_column: '{label_col}' is also the text column")
    refuse_nested(frame, text_col, path, "text")
    refuse_nested(frame, label_col, path, "label")
    split_col = split_column or (
        "split" if "split" in frame.columns and "split" not in (text_col, label_col) else None
    )
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
        notes.append(
            f"left out {len(texts) - len(keep)} of {len(texts)} rows: {len(no_text)} "
            f"with an empty text, {len(no_label)} with an empty label"
        )
    splits = None
    if split_col is not None:
        raw = [str(frame[split_col].iloc[i]).strip().lower() for i in keep]
        bad = sorted(set(raw) - set(SPLIT_NAMES))
        if bad:
            raise DataError(
                f"{path}: column '{split_col}' has values {bad[:5]}; use train, val or test"
            )
        splits = [SPLIT_NAMES[v] for v in raw]
    return [texts[i] for i in keep], [labels[i] for i in keep], splits, notes
