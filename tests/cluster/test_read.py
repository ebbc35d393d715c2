"""Readers (.csv with/without BOM, .txt, .jsonl, .parquet) and text-column detection."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dlkit.cluster import read
from dlkit.errors import DataError, UsageError


def test_csv_with_bom_and_detects_chinese_column(tmp_path):
    path = tmp_path / "r.csv"
    pd.DataFrame({"星等": [5, 4], "評價": ["景色很美", "電梯很快"]}).to_csv(
        path, index=False, encoding="utf-8-sig"
    )
    frame = read.read_table(path)
    assert list(frame.columns) == ["星等", "評價"]
    assert read.find_text_column(frame) == "評價"


def test_only_string_column_is_found(tmp_path):
    path = tmp_path / "r.csv"
    pd.DataFrame({"stars": [5, 4], "words": ["nice view", "fast lift"]}).to_csv(path, index=False)
    assert read.find_text_column(read.read_table(path)) == "words"


def test_txt_one_text_per_line(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("first text\n\nsecond text\n\n", encoding="utf-8")
    frame = read.read_table(path)
    assert frame["text"].tolist() == ["first text", "", "second text"]
    assert read.clean_texts(frame["text"]) == ["first text", None, "second text"]


def test_jsonl(tmp_path):
    path = tmp_path / "r.jsonl"
    rows = [{"review": "nice", "stars": 5}, {"review": None, "stars": 1}, {"review": "好"}]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    frame = read.read_table(path)
    assert read.find_text_column(frame) == "review"
    assert read.clean_texts(frame["review"]) == ["nice", None, "好"]


def test_bad_jsonl_line_is_data_error(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"text": "ok"}\n{oops\n', encoding="utf-8")
    with pytest.raises(DataError, match=":2:"):
        read.read_table(path)


def test_parquet(tmp_path):
    path = tmp_path / "r.parquet"
    pd.DataFrame({"content": ["a b", "c d"], "n": [1, 2]}).to_parquet(path)
    frame = read.read_table(path)
    assert read.find_text_column(frame) == "content"


def test_big5_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("text\n景色很美\n".encode("cp950"))
    assert read.read_table(path)["text"].tolist() == ["景色很美"]


def test_errors(tmp_path):
    with pytest.raises(DataError):
        read.read_table(tmp_path / "missing.csv")
    (tmp_path / "r.xlsx").write_bytes(b"x")
    with pytest.raises(UsageError):
        read.read_table(tmp_path / "r.xlsx")
    frame = pd.DataFrame({"a": ["x y", "z"], "b": ["p q", "r"]})
    with pytest.raises(UsageError, match="'a', 'b'"):
        read.find_text_column(frame)


def test_clean_texts_whitespace_and_nan():
    series = pd.Series(["  a\n b ", float("nan"), "\t", None, "ok"])
    assert read.clean_texts(series) == ["a b", None, None, None, "ok"]
