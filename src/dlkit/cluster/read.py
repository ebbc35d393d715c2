"""Read the texts to cluster from .csv, .txt, .jsonl or .parquet, and find the text column.

Called by the cluster pipeline. Every file becomes a pandas DataFrame (all rows kept, in order) plus
the name of the text column: the one named with ``--text-column``, else an obvious one (``text``,
``review``, ``評價`` …, or the only string column); otherwise a DataError lists the columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError

SUFFIXES = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".parquet")
LIKELY_NAMES = (
    "text",
    "review",
    "reviews",
    "review_text",
    "content",
    "comment",
    "comments",
    "body",
    "sentence",
    "message",
    "評價",
    "評論",
    "內容",
    "留言",
    "评价",
    "评论",
    "内容",
)
CSV_ENCODINGS = ("utf-8-sig", "cp950")


def read_table(path: str | Path) -> Any:
    """The file as a DataFrame; raises DataError for a missing, empty or unreadable file."""
    path = Path(path)
    suffix = check_path(path)
    try:
        frame = _READERS[suffix](path)
    except DataError:
        raise
    except ImportError:
        raise UsageError(f"reading {suffix} needs pyarrow: pip install pyarrow") from None
    except Exception as exc:  # pandas/pyarrow parse errors come in many types
        raise DataError(f"cannot read {path}: {type(exc).__name__}: {exc}") from None
    if len(frame) == 0:
        raise DataError(f"{path} has no rows")
    return frame


def check_path(path: Path) -> str:
    """The file's suffix; DataError when it is not a file, UsageError when it is not readable."""
    if not path.is_file():
        from dlkit.files import not_a_file

        raise DataError(f"input file not found: {path}" if not path.exists() else not_a_file(path))
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot read '{path.name}': use one of {', '.join(SUFFIXES)}")
    return suffix


def csv_options(encoding: str, sep: str) -> dict[str, Any]:
    """``pandas.read_csv`` settings for every CSV/TSV read (all cells text, empty ones missing)."""
    return {
        "sep": sep,
        "encoding": encoding,
        "dtype": str,
        "keep_default_na": False,
        "na_values": [""],
    }


def _read_csv(path: Path, sep: str = ",") -> Any:
    import pandas as pd

    for encoding in CSV_ENCODINGS:
        try:
            return pd.read_csv(path, **csv_options(encoding, sep))
        except UnicodeDecodeError:
            continue
    raise DataError(not_text(path))


def not_text(path: Path) -> str:
    return f"{path} is neither UTF-8 nor Big5/cp950 text; re-save it as UTF-8"


def _read_tsv(path: Path) -> Any:
    return _read_csv(path, sep="\t")


def _read_txt(path: Path) -> Any:
    import pandas as pd

    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError(f"{path} is neither UTF-8 nor Big5/cp950 text; re-save it as UTF-8")
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return pd.DataFrame({"text": lines})


def _read_jsonl(path: Path) -> Any:
    import pandas as pd

    from dlkit.families.text.text_files import jsonl_rows

    with path.open(encoding="utf-8-sig") as handle:
        return pd.DataFrame(jsonl_rows(handle, path))


def _read_json(path: Path) -> Any:
    import pandas as pd

    return pd.read_json(path, encoding="utf-8")


def _read_parquet(path: Path) -> Any:
    import pandas as pd

    return pd.read_parquet(path)


_READERS = {
    ".csv": _read_csv,
    ".tsv": _read_tsv,
    ".txt": _read_txt,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".json": _read_json,
    ".parquet": _read_parquet,
}


def _is_text_column(series: Any) -> bool:
    values = series.dropna()
    if len(values) == 0:
        return False
    sample = values.head(200)
    return bool(sample.map(lambda v: isinstance(v, str)).all()) and bool(
        sample.map(lambda v: not _looks_numeric(v)).mean() > 0.5
    )


def _looks_numeric(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def find_text_column(frame: Any, wanted: str | None = None) -> str:
    """The column holding the texts (see the module docstring for the rules)."""
    columns = [str(c) for c in frame.columns]
    listed = ", ".join(repr(c) for c in columns)
    if wanted is not None:
        if wanted not in columns:
            from dlkit.registry import close_matches

            raise UsageError(
                f"no column '{wanted}'{close_matches(wanted, columns)}; columns are: {listed}"
            )
        return wanted
    by_lower = {c.strip().lower(): c for c in columns}
    for name in LIKELY_NAMES:
        if name in by_lower:
            return by_lower[name]
    texts = [c for c in columns if _is_text_column(frame[c])]
    if len(texts) == 1:
        return texts[0]
    raise UsageError(
        "cannot tell which column holds the texts; pass --text-column, one of: " + listed
    )


def clean_texts(series: Any) -> list[str | None]:
    """Each cell as stripped text, or None when empty, whitespace-only or missing."""
    import pandas as pd

    out: list[str | None] = []
    for value in series.tolist():
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            out.append(None)
            continue
        text = " ".join(str(value).split())
        out.append(text or None)
    return out
