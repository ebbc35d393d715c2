"""Read the texts to cluster without holding the whole table: CSV/TSV files in chunks of rows.

Called by the cluster stages (``stage_work.read_texts``) and by the assignments writer in
``report.py``. ``read_source`` keeps only the text column's non-empty cells and their row numbers;
the table itself stays on disk as a ``Source`` that ``frames()`` reads again, chunk by chunk, when
assignments.csv is written. The encodings, the column detection and the errors are ``read.py``'s:
UTF-8 (with or without BOM), then Big5/cp950; the column is found in the first chunk. Other
formats (.txt, .jsonl, .json, .parquet) are read whole, as before, and served in slices.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlkit.cluster import read
from dlkit.errors import DataError, UsageError

CHUNK_ROWS = 20_000  # rows of the input table held at once


@dataclass
class Source:
    """The input table, left on disk (CSV/TSV) or held (other formats): its rows, in order."""

    path: Path
    column: str
    n_rows: int
    frame: Any = None
    encoding: str = "utf-8-sig"
    sep: str = ","

    def frames(self, rows: int = CHUNK_ROWS) -> Iterator[Any]:
        """Every row of the table, all columns, as DataFrames of at most ``rows`` rows."""
        if self.frame is not None:
            for start in range(0, self.n_rows, rows):
                yield self.frame.iloc[start : start + rows]
            return
        import pandas as pd

        options = read.csv_options(self.encoding, self.sep)
        with pd.read_csv(self.path, chunksize=rows, **options) as reader:
            yield from reader


def read_source(
    path: str | Path, wanted: str | None, chunk_rows: int = CHUNK_ROWS
) -> tuple[Source, list[int], list[str]]:
    """The table as a ``Source``, the numbers of the rows that have text, and those texts."""
    path = Path(path)
    suffix = read.check_path(path)
    if suffix not in (".csv", ".tsv"):
        frame = read.read_table(path)
        column = read.find_text_column(frame, wanted)
        rows, texts = _kept(read.clean_texts(frame[column]), 0)
        return Source(path, column, len(frame), frame=frame), rows, texts
    sep = "\t" if suffix == ".tsv" else ","
    for encoding in read.CSV_ENCODINGS:
        try:
            return _scan(path, wanted, encoding, sep, chunk_rows)
        except UnicodeDecodeError:
            continue
    raise DataError(read.not_text(path))


def _scan(
    path: Path, wanted: str | None, encoding: str, sep: str, chunk_rows: int
) -> tuple[Source, list[int], list[str]]:
    """One pass over a CSV/TSV in ``encoding``; UnicodeDecodeError when it is another one."""
    import pandas as pd

    column: str | None = None
    rows: list[int] = []
    texts: list[str] = []
    n = 0
    try:
        options = read.csv_options(encoding, sep)
        with pd.read_csv(path, chunksize=chunk_rows, **options) as reader:
            for chunk in reader:
                if len(chunk) == 0:
                    continue
                column = column or read.find_text_column(chunk, wanted)
                more_rows, more_texts = _kept(read.clean_texts(chunk[column]), n)
                rows += more_rows
                texts += more_texts
                n += len(chunk)
    except (UnicodeDecodeError, DataError, UsageError):
        raise
    except Exception as exc:  # pandas parse errors come in many types
        raise DataError(f"cannot read {path}: {type(exc).__name__}: {exc}") from None
    if n == 0 or column is None:
        raise DataError(f"{path} has no rows")
    return Source(path, column, n, encoding=encoding, sep=sep), rows, texts


def _kept(cells: list[str | None], offset: int) -> tuple[list[int], list[str]]:
    """The row numbers (from ``offset``) and texts of the non-empty cells."""
    rows = [offset + i for i, t in enumerate(cells) if t is not None]
    return rows, [t for t in cells if t is not None]
