"""Unit tests for twse_parse: ROC dates, numbers, change values, field mapping, empty months."""

from __future__ import annotations

import json

import pytest

from dlkit.scrape import twse_parse as tp


@pytest.mark.parametrize(
    "text,iso",
    [
        ("115/03/17", "2026-03-17"),
        ("113/02/29", "2024-02-29"),
        ("99/01/04", "2010-01-04"),
        (" 115/03/17 ", "2026-03-17"),
        ("115/03/17*", "2026-03-17"),
        ("2026/03/17", "2026-03-17"),
    ],
)
def test_roc_date(text, iso):
    assert tp.roc_date(text) == iso


@pytest.mark.parametrize("text", ["112/02/29", "115/13/01", "", "合計", "115/03"])
def test_roc_date_invalid(text):
    assert tp.roc_date(text) is None


@pytest.mark.parametrize(
    "text,value",
    [
        ("1,750.00", 1750.0),
        ("33,342,359", 33342359),
        (" 583.50 ", 583.5),
        ("0", 0),
        ("--", None),
        ("---", None),
        ("", None),
        ("  ", None),
        ("N/A", None),
    ],
)
def test_number(text, value):
    got = tp.number(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    "text,value,flag",
    [
        ("+35.00", 35.0, ""),
        ("-10.00", -10.0, ""),
        (" 0.00", 0.0, ""),
        ("X0.00", 0.0, "X"),
        ("<p style= color:red>+</p>35.00", 35.0, ""),
        ("X-1.50", -1.5, "X"),
        ("--", None, ""),
        ("+ 1,035.00", 1035.0, ""),
    ],
)
def test_change(text, value, flag):
    assert tp.change(text) == (value, flag)


FIELDS = [
    "日期",
    "成交股數",
    "成交金額",
    "開盤價",
    "最高價",
    "最低價",
    "收盤價",
    "漲跌價差",
    "成交筆數",
    "註記",
]


def test_parse_json_rows_with_flags_and_no_trade():
    payload = {
        "stat": "OK",
        "date": "20260301",
        "title": "115年03月 2330 台積電 各日成交資訊",
        "fields": FIELDS,
        "total": 3,
        "notes": [],
        "data": [
            [
                "115/03/02",
                "33,342,359",
                "58,123,456,789",
                "1,750.00",
                "1,760.00",
                "1,740.00",
                "1,755.00",
                "+35.00",
                "41,234",
                "",
            ],
            ["115/03/03", "0", "0", "--", "--", "--", "--", "X0.00", "0", "除息"],
            [
                "115/03/04 ",
                " 1,000 ",
                "1,745,000",
                "1,745.00",
                "1,745.00",
                "1,745.00",
                "1,745.00",
                "-10.00",
                "3",
                " ",
            ],
        ],
    }
    status, rows = tp.parse_json(json.dumps(payload, ensure_ascii=False))
    assert status == "ok"
    assert rows[0] == {
        "date": "2026-03-02",
        "volume": 33342359,
        "turnover": 58123456789,
        "open": 1750.0,
        "high": 1760.0,
        "low": 1740.0,
        "close": 1755.0,
        "change": 35.0,
        "transactions": 41234,
        "note": "",
    }
    assert rows[1]["open"] is None and rows[1]["change"] == 0.0 and rows[1]["note"] == "X 除息"
    assert rows[2]["date"] == "2026-03-04" and rows[2]["volume"] == 1000
    assert rows[2]["change"] == -10.0 and rows[2]["note"] == ""


def test_nine_cell_legacy_rows_and_reordered_fields():
    legacy = {
        "stat": "OK",
        "fields": FIELDS[:9],
        "data": [["99/01/04", "1,000", "2,000", "64.50", "65.00", "64.00", "64.90", " 0.00", "12"]],
    }
    _, rows = tp.parse_json(json.dumps(legacy, ensure_ascii=False))
    assert rows == [
        {
            "date": "2010-01-04",
            "volume": 1000,
            "turnover": 2000,
            "open": 64.5,
            "high": 65.0,
            "low": 64.0,
            "close": 64.9,
            "change": 0.0,
            "transactions": 12,
            "note": "",
        }
    ]
    english = {
        "stat": "OK",
        "fields": ["Date", "Closing Price", "Trade Volume", "Change"],
        "data": [["115/03/02", "10.00", "5", "+1.00"]],
    }
    _, rows = tp.parse_json(json.dumps(english))
    assert (rows[0]["close"], rows[0]["volume"], rows[0]["change"]) == (10.0, 5, 1.0)


def test_rows_without_a_date_are_skipped():
    _, rows = tp.parse_json(
        json.dumps(
            {
                "stat": "OK",
                "fields": FIELDS,
                "data": [["合計", "1", "1", "1", "1", "1", "1", "1", "1", ""], []],
            },
            ensure_ascii=False,
        )
    )
    assert rows == []


@pytest.mark.parametrize(
    "payload,status",
    [
        ({"stat": "很抱歉，沒有符合條件的資料!"}, "empty"),
        ({"stat": "OK", "data": [], "total": 0}, "empty"),
        ({"stat": "系統忙碌中"}, "unknown: 系統忙碌中"),
        ({"data": [["115/03/02"] + ["1"] * 8]}, "ok"),
    ],
)
def test_empty_and_unknown_months(payload, status):
    got, rows = tp.parse_json(json.dumps(payload, ensure_ascii=False))
    assert got == status and len(rows) == (status == "ok")


@pytest.mark.parametrize("text", ["<html>oops</html>", "[1, 2]", '{"rows": []}', ""])
def test_not_stock_day_json(text):
    with pytest.raises(tp.TwseFormatError):
        tp.parse_json(text)


def test_parse_html_table():
    from fake_sites import month_rows, stock_day_html

    status, rows = tp.parse_html(stock_day_html("2330", 2026, 3).decode())
    assert status == "ok" and [r["date"] for r in rows] == ["2026-03-02", "2026-03-03"]
    assert (
        rows == tp.parse_json(__import__("fake_sites").stock_day_json("2330", 2026, 3).decode())[1]
    )
    assert tp.parse_html(stock_day_html("2330", 2026, 3, []).decode()) == ("empty", [])
    assert month_rows("2330", 2026, 3)[0][0] == "115/03/02"
