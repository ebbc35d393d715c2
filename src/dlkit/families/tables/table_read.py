"""Reading a table file into a DataFrame: CSV/TSV/TXT (delimiter sniffed), parquet, Excel.

Used by the tabular data module (``families/tables/table.py``) and the table predictor (``families/tables/table_predictor.py``).
Formats by suffix: ``.parquet``/``.pq`` (pandas' parquet reader), ``.xls``/``.xlsx``/``.xlsm``
(pandas' Excel readers: xlrd for ``.xls``, openpyxl for ``.xlsx``; ``sheet`` picks the sheet),
anything else as delimited text whose delimiter (comma, semicolon, tab, pipe) is sniffed from the
first lines (``.tsv`` is always tab); UTF-8 (BOM or not), else cp1252 with a note.

The header: ``header_row: auto`` (the default) takes the first line, with two corrections real
files need: a first line of numbers only is data, not names (the UCI ``YearPredictionMSD.txt``), so
the columns are numbered 0, 1, …; and a first line of placeholder labels above the real names (the
UCI credit-card ``.xls``: ``X1 … X23, Y`` over ``LIMIT_BAL …``) is skipped when the next row is all
text above columns of numbers. ``header_row: N`` takes line N (0-based); ``none`` numbers the
columns. Every such choice is a line in ``notes``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError

EXCEL = (".xls", ".xlsx", ".xlsm")
PARQUET = (".parquet", ".pq")
DELIMITERS = ",;\t|"
# Only an empty cell is missing: the words "None", "nan", "NA" stay categories; a column of
# numbers still reads them as gaps (``table_input.to_numbers``).
KEEP_TEXT = {"keep_default_na": False, "na_values": [""]}


def read_frame(
    path: str | Path, header_row: int | str = "auto", sheet: int | str = 0, nrows: int | None = None
) -> tuple[Any, list[str]]:
    """(DataFrame with str column names, notes) of a table file."""
    path = Path(path).expanduser()
    if not path.is_file():
        from dlkit.files import not_a_file

        raise DataError(
            not_a_file(path)
            + ("" if not path.exists() else "; give the table file (CSV, TSV, parquet, Excel)")
        )
    notes: list[str] = []
    header = None if header_row == "none" else (0 if header_row == "auto" else int(header_row))
    frame = _read(path, header, sheet, nrows, notes)
    if header_row == "auto":
        frame = _fix_header(path, frame, sheet, nrows, notes)
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame) == 0:
        raise DataError(f"{path} has no rows")
    duplicated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if duplicated:
        raise DataError(f"{path}: column name(s) {duplicated[:5]} appear more than once")
    return frame, notes


def _read(
    path: Path, header: int | None, sheet: int | str, nrows: int | None, notes: list[str]
) -> Any:
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix in PARQUET:
            frame = pd.read_parquet(path)
            if header is None or header > 0:
                notes.append("parquet files carry their column names; data.header_row ignored")
            return frame.head(nrows) if nrows else frame
        if suffix in EXCEL:
            return pd.read_excel(path, sheet_name=sheet, header=header, nrows=nrows, **KEEP_TEXT)
        return _read_delimited(path, header, nrows, notes)
    except (DataError, UsageError):
        raise
    except ImportError as exc:
        raise DataError(f"cannot read {path.name}: {exc}") from None
    except ValueError as exc:
        if "Worksheet" in str(exc) or "sheet" in str(exc).lower():
            raise UsageError(f"data.sheet: {' '.join(str(exc).split())[:160]}") from None
        raise DataError(f"cannot read {path}: {' '.join(str(exc).split())[:160]}") from None
    except Exception as exc:  # the readers' parse errors come in many types
        raise DataError(f"cannot read {path}: {' '.join(str(exc).split())[:160]}") from None


def _read_delimited(path: Path, header: int | None, nrows: int | None, notes: list[str]) -> Any:
    import pandas as pd

    encoding = "utf-8-sig"
    head = _head(path)
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the sample's end
            encoding = "cp1252"
            notes.append(f"{path.name} is not UTF-8; read it as cp1252")
    sep = "\t" if path.suffix.lower() == ".tsv" else _sniff(head.decode(encoding, "replace"))
    try:
        return pd.read_csv(
            path,
            sep=sep,
            header=header,
            nrows=nrows,
            encoding=encoding,
            skipinitialspace=True,
            **KEEP_TEXT,
        )
    except UnicodeDecodeError:
        notes.append(f"{path.name} is not UTF-8; read it as cp1252")
        return pd.read_csv(
            path,
            sep=sep,
            header=header,
            nrows=nrows,
            encoding="cp1252",
            skipinitialspace=True,
            **KEEP_TEXT,
        )


def _head(path: Path) -> bytes:
    """The first 64 KiB of text of a delimited file (decompressed for ``.gz``); a compressed or
    binary table under a text name is a ``DataError`` that says what it is."""
    with path.open("rb") as handle:
        head = handle.read(65536)
    gz = path.suffix.lower() == ".gz"
    if head[:2] == b"\x1f\x8b" and not gz:
        raise DataError(f"{path} is gzip-compressed; decompress it or name it {path.name}.gz")
    if head[:4] == b"PK\x03\x04":
        raise DataError(
            f"{path} is a zip archive (or an Excel workbook); unzip it, or name an Excel file .xlsx"
        )
    if head[:4] == b"PAR1":
        raise DataError(f"{path} is a parquet file; name it .parquet")
    if gz:
        import gzip
        import zlib

        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(65536)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(f"{path} is not readable gzip ({exc})") from None
    return head


def _sniff(text: str) -> str:
    """The delimiter of the first lines (comma when nothing else is consistent)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample's last line may be cut
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: min(line.count(d) for line in lines) if lines else 0 for d in DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] > 0 else ","


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(str(value).strip())
    except ValueError:
        return False
    return True


def _fix_header(
    path: Path, frame: Any, sheet: int | str, nrows: int | None, notes: list[str]
) -> Any:
    """The two header corrections of the module docstring."""
    if path.suffix.lower() in PARQUET:
        return frame
    names = [str(c) for c in frame.columns]
    if names and all(_number(c.rsplit(".", 1)[0] if c.count(".") > 1 else c) for c in names):
        notes.append(
            f"{path.name}: the first line is numbers, read as data; the columns are "
            "numbered 0, 1, … (set data.header_row to change)"
        )
        frame = _read(path, None, sheet, nrows, notes)
        frame.columns = [str(i) for i in range(frame.shape[1])]
        return frame
    if len(frame) >= 2 and _is_name_row(frame):
        first = [str(v).strip() for v in frame.iloc[0].tolist()]
        notes.append(
            f"{path.name}: the first line ({', '.join(names[:3])}, …) is labels over "
            f"the column names ({', '.join(first[:3])}, …); using the second line "
            "(set data.header_row to change)"
        )
        frame = _read(path, 1, sheet, nrows, notes)
    return frame


def _is_name_row(frame: Any) -> bool:
    """True when the first data row is all text (no gaps) while the rows below it are numbers in
    most columns: the real names under a line of placeholder labels."""
    first = frame.iloc[0].tolist()
    if any(v is None or (isinstance(v, float) and v != v) or _number(v) for v in first):
        return False
    below = frame.iloc[1:51]
    numeric = sum(
        all(_number(v) for v in below[c].dropna().tolist()) and below[c].notna().any()
        for c in frame.columns
    )
    return numeric * 2 > frame.shape[1]
