"""Chunked reading of CSV/TSV inputs and the streamed assignments.csv writer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dlkit.cluster import chunked, read, report
from dlkit.errors import DataError, UsageError


def _table(n: int) -> pd.DataFrame:
    texts = [f"text number {i}" if i % 7 else "  " for i in range(n)]
    return pd.DataFrame({"id": range(n), "topic": ["x"] * n, "review": texts})


def test_chunks_give_the_same_rows_and_texts_as_a_whole_read(tmp_path):
    path = tmp_path / "r.csv"
    _table(103).to_csv(path, index=False)
    source, rows, texts = chunked.read_source(path, None, chunk_rows=10)
    whole = read.read_table(path)
    cells = read.clean_texts(whole["review"])
    assert source.column == "review" and source.n_rows == 103
    assert rows == [i for i, t in enumerate(cells) if t is not None]
    assert texts == [t for t in cells if t is not None]
    assert sum(len(f) for f in source.frames(rows=9)) == 103


def test_chunked_tsv_big5_and_errors(tmp_path):
    tsv = tmp_path / "r.tsv"
    tsv.write_text("n\ttext\n1\tnice, view\n", encoding="utf-8")
    assert chunked.read_source(tsv, None)[2] == ["nice, view"]
    big5 = tmp_path / "b.csv"
    big5.write_bytes(("text\n" + "景色很美\n" * 30).encode("cp950"))
    source, _, texts = chunked.read_source(big5, None, chunk_rows=4)
    assert source.encoding == "cp950" and texts == ["景色很美"] * 30
    header = tmp_path / "h.csv"
    header.write_text("text,n\n", encoding="utf-8")
    with pytest.raises(DataError, match="no rows"):
        chunked.read_source(header, None)
    with pytest.raises(UsageError, match="no column 'txt'"):
        chunked.read_source(big5, "txt")
    with pytest.raises(DataError, match="not found"):
        chunked.read_source(tmp_path / "missing.csv", None)


def test_streamed_assignments_keep_every_row_and_column(tmp_path):
    path = tmp_path / "r.csv"
    _table(50).to_csv(path, index=False)
    source, rows, texts = chunked.read_source(path, None, chunk_rows=8)
    n = len(texts)
    result = report.Result(
        source=source,
        column=source.column,
        rows=np.asarray(rows),
        labels=np.arange(n) % 3,
        scores=np.full(n, 0.5),
        status=np.array(["clustered"] * n, dtype=object),
        keywords={},
        representatives={},
        coords=None,
    )
    dest = report.write_assignments(tmp_path / "assignments.csv", result, rows=7)
    out = pd.read_csv(dest, encoding="utf-8-sig")
    assert dest.read_bytes().count(b"\xef\xbb\xbf") == 1
    assert list(out.columns) == ["id", "topic_input", "review", "topic", "probability", "status"]
    assert out["id"].tolist() == list(range(50))
    assert out.loc[rows, "topic"].tolist() == (np.arange(n) % 3).tolist()
    assert set(out["status"]) == {"clustered", "empty"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_input_changed_between_the_two_passes_is_a_data_error(tmp_path):
    path = tmp_path / "r.csv"
    _table(20).to_csv(path, index=False)
    source, rows, texts = chunked.read_source(path, None)
    _table(5).to_csv(path, index=False)
    n = len(texts)
    result = report.Result(
        source,
        "review",
        np.asarray(rows),
        np.zeros(n, int),
        np.zeros(n),
        np.full(n, "x"),
        {},
        {},
        None,
    )
    with pytest.raises(DataError, match="changed during the run"):
        report.write_assignments(tmp_path / "out" / "assignments.csv", result)
    assert list((tmp_path / "out").iterdir()) == []
