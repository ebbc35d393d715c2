"""Reading tables from files that are not what their names say: gzip bytes in a ``.csv``, a real
``.csv.gz``, a zip or parquet under a text name, devices; and the words ``None``/``nan``/``NA``,
which are categories in a text column and gaps in a column of numbers."""

from __future__ import annotations

import gzip

import pytest

from dlkit.errors import DataError
from dlkit.families.tables.table_read import read_frame

CSV = "city,x,y\nNone,1,a\nnan,NA,b\nnorth,3,a\n,4,b\n"


def test_gzip_named_csv_says_so(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(gzip.compress(CSV.encode()))
    with pytest.raises(DataError, match="gzip-compressed; decompress it or name it t.csv.gz"):
        read_frame(path)


def test_csv_gz_is_read(tmp_path):
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress(CSV.encode()))
    frame, _ = read_frame(path)
    assert list(frame.columns) == ["city", "x", "y"] and len(frame) == 4


@pytest.mark.parametrize(
    ("magic", "what"), [(b"PK\x03\x04rest", "zip archive"), (b"PAR1rest", "parquet file")]
)
def test_binary_tables_under_a_text_name(tmp_path, magic, what):
    path = tmp_path / "t.csv"
    path.write_bytes(magic)
    with pytest.raises(DataError, match=what):
        read_frame(path)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_not_called_folders(device):
    with pytest.raises(DataError, match="not a regular file") as info:
        read_frame(device)
    assert "folder" not in str(info.value).split(";")[0]


def test_none_and_nan_words_stay_categories(tmp_path):
    from dlkit.families.tables.table_input import category_strings, to_numbers

    path = tmp_path / "t.csv"
    path.write_text(CSV)
    frame, _ = read_frame(path)
    assert category_strings(frame["city"]) == ["None", "nan", "north", None]
    numbers = to_numbers(frame["x"], "x")
    assert numbers[0] == 1 and numbers[1] != numbers[1] and numbers[3] == 4
