"""``dlkit scrape twse`` as a user types it, against a local fake TWSE (no internet).

"Today" is fixed at 2026-03-17 (Asia/Taipei) in-process, so 2026-03 is the current month and
every earlier month is closed. Requests are counted on the server side.
"""

from __future__ import annotations

import json

import pytest
from fake_sites import BAN_HTML, month_rows, roc, stock_day_json

HEADER = "date,volume,turnover,open,high,low,close,change,transactions,note"


def twse(cli, srv, out, *args):
    return cli("scrape", "twse", "--base-url", srv.url, "--out", out, *args)


def month_hits(srv):
    return [(q["stockNo"], q["date"]) for path, q in srv.hits]


@pytest.fixture
def site(twse_site, fast_limits, today):
    fake = twse_site.fake
    fake.months[("2330", "202601")] = [
        [
            roc(2026, 1, 5),
            "1,000",
            "1,750,000",
            "1,750.00",
            "1,760.00",
            "1,740.00",
            "1,755.00",
            "+35.00",
            "41",
            "",
        ],
        [
            roc(2026, 1, 2),
            "2,000",
            "3,500,000",
            "1,720.00",
            "1,725.00",
            "1,715.00",
            "1,720.00",
            "X0.00",
            "12",
            "",
        ],
    ]
    fake.months[("2330", "202602")] = [
        [roc(2026, 2, 2), "3,000", "5,000,000", "--", "--", "--", "--", " 0.00", "0", ""],
        [
            roc(2026, 2, 3),
            "4,000",
            "6,000,000",
            "1,710.00",
            "1,712.00",
            "1,700.00",
            "1,710.00",
            "-10.00",
            "1,234",
            "",
        ],
    ]
    fake.months[("2330", "202603")] = [
        [
            roc(2026, 3, 2),
            "5,000",
            "8,000,000",
            "1,700.00",
            "1,705.00",
            "1,690.00",
            "1,700.00",
            "-10.00",
            "99",
            "",
        ]
    ]
    return twse_site


def test_scrape_writes_exact_csv_and_json_summary(cli, site, tmp_path):
    out = tmp_path / "twse"
    res = twse(cli, site, out, "--stock", "2330", "--from", "2025-12", "--to", "2026-03", "--json")
    assert res.exit_code == 0, res.stderr
    assert (out / "2330.csv").read_text() == "\n".join(
        [
            HEADER,
            "2026-01-02,2000,3500000,1720.0,1725.0,1715.0,1720.0,0.0,12,X",
            "2026-01-05,1000,1750000,1750.0,1760.0,1740.0,1755.0,35.0,41,",
            "2026-02-02,3000,5000000,,,,,0.0,0,",
            "2026-02-03,4000,6000000,1710.0,1712.0,1700.0,1710.0,-10.0,1234,",
            "2026-03-02,5000,8000000,1700.0,1705.0,1690.0,1700.0,-10.0,99,",
        ]
    ) + "\n"
    summary = json.loads(res.stdout)
    stock = summary["stocks"][0]
    assert (stock["months"], stock["months_fetched"], stock["months_cached"]) == (4, 4, 0)
    assert (stock["empty_months"], stock["rows"], stock["rows_added"]) == (1, 5, 5)
    assert summary["requests"] == 4 and len(site.hits) == 4
    assert stock["csv"] == str(out / "2330.csv")
    cache = out / ".cache" / "twse" / "2330"
    assert sorted(p.name for p in cache.iterdir()) == [
        "202512.json",
        "202601.json",
        "202602.json",
        "202603.partial.json",
    ]


def test_rerun_uses_cache_refetches_current_month_and_merges(cli, site, tmp_path):
    out = tmp_path / "twse"
    assert twse(cli, site, out, "-s", "2330", "--from", "2026-01", "--to", "2026-03").exit_code == 0
    site.hits.clear()
    site.fake.months[("2330", "202601")] = []  # a closed month: never asked again
    site.fake.months[("2330", "202603")].append(
        [
            roc(2026, 3, 3),
            "6,000",
            "9,000,000",
            "1,701.00",
            "1,702.00",
            "1,699.00",
            "1,701.00",
            "+1.00",
            "7",
            "",
        ]
    )
    res = twse(cli, site, out, "-s", "2330", "--from", "2026-01", "--to", "2026-03", "--json")
    assert res.exit_code == 0, res.stderr
    assert month_hits(site) == [("2330", "20260301")]
    stock = json.loads(res.stdout)["stocks"][0]
    assert (stock["months_fetched"], stock["months_cached"], stock["rows_added"]) == (1, 2, 1)
    lines = (out / "2330.csv").read_text().splitlines()
    dates = [line.split(",")[0] for line in lines[1:]]
    assert dates == sorted(set(dates)) and len(dates) == 6 and dates[-1] == "2026-03-03"


def test_closed_months_only_make_zero_requests_on_second_run(cli, site, tmp_path):
    out = tmp_path / "twse"
    args = ("-s", "2330", "-s", "2317", "--from", "2026-01", "--to", "2026-02", "--json")
    first = json.loads(twse(cli, site, out, *args).stdout)
    assert first["months_fetched"] == 4
    site.hits.clear()
    res = twse(cli, site, out, *args)
    second = json.loads(res.stdout)
    assert site.hits == [] and second["requests"] == 0 and second["months_cached"] == 4
    assert "no rows" in res.stderr and not (out / "2317.csv").exists()


def test_partial_month_is_refetched_after_it_closes(cli, site, tmp_path, monkeypatch):
    import datetime as dt

    from dlkit.scrape import twse as twse_job

    out = tmp_path / "twse"
    assert twse(cli, site, out, "-s", "2330", "--from", "2026-03", "--to", "2026-03").exit_code == 0
    monkeypatch.setattr(twse_job, "taipei_today", lambda: dt.date(2026, 4, 1))
    site.hits.clear()
    assert twse(cli, site, out, "-s", "2330", "--from", "2026-03", "--to", "2026-03").exit_code == 0
    assert month_hits(site) == [("2330", "20260301")]
    cache = out / ".cache" / "twse" / "2330"
    assert sorted(p.name for p in cache.iterdir()) == ["202603.json"]


def test_merge_keeps_rows_already_in_the_csv(cli, site, tmp_path):
    out = tmp_path / "twse"
    out.mkdir()
    (out / "2330.csv").write_text(HEADER + "\n2020-05-04,1,2,3.0,4.0,5.0,6.0,0.0,7,\n")
    res = twse(cli, site, out, "-s", "2330", "--from", "2026-03", "--to", "2026-03", "--json")
    assert json.loads(res.stdout)["rows_added"] == 1
    assert (out / "2330.csv").read_text().splitlines()[1:] == [
        "2020-05-04,1,2,3.0,4.0,5.0,6.0,0.0,7,",
        "2026-03-02,5000,8000000,1700.0,1705.0,1690.0,1700.0,-10.0,99,",
    ]


def test_foreign_csv_is_a_data_error(cli, site, tmp_path):
    (tmp_path / "2330.csv").write_text("a,b\n1,2\n")
    res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-03", "--to", "2026-03")
    assert res.exit_code == 3 and res.stderr.count("\n") == 1 and "other columns" in res.stderr


def test_legacy_path_fallback_after_404(cli, site, tmp_path):
    site.fake.rwd = False
    res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-01", "--to", "2026-02", "--json")
    assert res.exit_code == 0, res.stderr
    assert [p for p, _ in site.hits] == [
        "/rwd/zh/afterTrading/STOCK_DAY",
        "/exchangeReport/STOCK_DAY",
        "/exchangeReport/STOCK_DAY",
    ]
    assert json.loads(res.stdout)["rows_added"] == 4


def test_5xx_then_success_is_retried(cli, site, tmp_path):
    site.fake.queue[("2330", "202603")] = [(500, "text/plain", b"err"), (503, "text/plain", b"")]
    res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-03", "--to", "2026-03", "--json")
    assert res.exit_code == 0, res.stderr
    assert len(site.hits) == 3 and json.loads(res.stdout)["rows_added"] == 1


def test_garbage_then_network_error(cli, site, tmp_path):
    site.fake.queue[("2330", "202603")] = [(200, "text/plain", b"<<garbage>>")] * 4
    res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-03", "--to", "2026-03")
    assert res.exit_code == 4 and len(site.hits) == 4
    assert res.stderr.startswith("dlkit: error: ") and res.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "reply,needle",
    [
        ((200, "text/html; charset=utf-8", BAN_HTML.encode()), "blocked"),
        ((429, "text/plain", b"slow down"), "429"),
        ((403, "text/html", b"<html>forbidden</html>"), "403"),
    ],
)
def test_refused_or_blocked_stops_with_exit_4(cli, site, tmp_path, reply, needle):
    site.fake.queue[("2330", "202601")] = [reply]
    res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-01", "--to", "2026-03")
    assert res.exit_code == 4
    assert res.stderr.count("\n") == 1 and needle in res.stderr and "Traceback" not in res.stderr
    assert len(site.hits) == 1 and not (tmp_path / "2330.csv").exists()


def test_unknown_stat_is_not_cached(cli, site, tmp_path):
    site.fake.queue[("2330", "202601")] = [
        (200, "application/json", json.dumps({"stat": "系統忙碌中"}, ensure_ascii=False).encode())
    ]
    res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-01", "--to", "2026-01")
    assert res.exit_code == 0 and "not cached" in res.stderr
    assert not (tmp_path / ".cache" / "twse" / "2330" / "202601.json").exists()


def test_lock_held_gives_exit_75(cli, site, tmp_path):
    from dlkit.scrape.lock import folder_lock

    with folder_lock(tmp_path):
        res = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-03", "--to", "2026-03")
    assert res.exit_code == 75 and res.stderr.count("\n") == 1
    assert "another dlkit scrape" in res.stderr and site.hits == []
    again = twse(cli, site, tmp_path, "-s", "2330", "--from", "2026-03", "--to", "2026-03")
    assert again.exit_code == 0


@pytest.mark.parametrize(
    "args,needle",
    [
        (("-s", "23"), "not a TWSE stock id"),
        (("-s", "2330;rm"), "not a TWSE stock id"),
        (("-s", "1234567"), "not a TWSE stock id"),
        (("-s", "2330", "--from", "2026-02", "--to", "2026-01"), "is after --to"),
        (("-s", "2330", "--from", "2009-12"), "before 2010-01"),
        (("-s", "2330", "--to", "2026-04"), "after the current month"),
        (("-s", "2330", "--from", "2026-13"), "not a month"),
        (("-s", "2330", "--max-rate", "4"), "--max-rate"),
        (("-s", "2330", "--engine", "curl"), "--engine"),
        (("-s", "2330", "--ca-bundle", "/nonexistent.pem"), "--ca-bundle"),
        ((), "--stock"),
    ],
)
def test_validation_errors_exit_2(cli, site, tmp_path, args, needle):
    res = twse(cli, site, tmp_path, *args)
    assert res.exit_code == 2 and needle in res.stderr and res.stderr.count("\n") == 1
    assert site.hits == []


def test_bad_base_url_exit_2(cli, tmp_path, today):
    res = cli("scrape", "twse", "-s", "2330", "--base-url", "ftp://x", "--out", tmp_path)
    assert res.exit_code == 2 and "--base-url" in res.stderr


def test_base_url_from_env_and_quiet(cli, site, tmp_path):
    res = cli(
        "scrape",
        "twse",
        "-s",
        "2330",
        "--from",
        "2026-03",
        "--to",
        "2026-03",
        "--out",
        tmp_path,
        "--quiet",
        env={"DLKIT_TWSE_BASE_URL": site.url},
    )
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""
    assert len(site.hits) == 1


def test_help_has_an_example(cli):
    res = cli("scrape", "twse", "--help")
    assert res.exit_code == 0 and "Examples:" in res.stdout
    assert "  dlkit scrape twse --stock 2330" in res.stdout


def test_subprocess_ban_page_real_limits(cli_proc, twse_site, tmp_path):
    twse_site.fake.months[("2330", "202601")] = month_rows("2330", 2026, 1)
    twse_site.fake.queue[("2330", "202602")] = [(200, "text/html", BAN_HTML.encode())]
    res = cli_proc(
        "scrape",
        "twse",
        "-s",
        "2330",
        "--from",
        "2026-01",
        "--to",
        "2026-03",
        "--out",
        tmp_path,
        "--base-url",
        twse_site.url,
        timeout=60,
    )
    assert res.exit_code == 4 and res.stdout == ""
    assert res.stderr.startswith("dlkit: error: ") and res.stderr.count("\n") == 1
    assert len(twse_site.hits) == 2 and stock_day_json  # stopped at the ban, never hammered


def closed_port() -> int:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_unreachable_host_is_one_short_line(cli, fast_limits, today, tmp_path):
    port = closed_port()
    res = cli(
        "scrape",
        "twse",
        "-s",
        "2330",
        "--from",
        "2026-03",
        "--to",
        "2026-03",
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--out",
        tmp_path / "twse",
    )
    assert res.exit_code == 4 and res.stdout == ""
    assert res.stderr == (
        f"dlkit: error: cannot reach 127.0.0.1:{port}: connection refused "
        "(GET /rwd/zh/afterTrading/STOCK_DAY, 4 tries); try again later\n"
    )


def _block(out, what):
    """Put something unwritable where a run writes: a folder for a file, or a file for a folder."""
    out.mkdir()
    if what == "csv":
        (out / "2330.csv").mkdir()
    elif what == "cache":
        (out / ".cache").mkdir()
        (out / ".cache" / "twse").write_text("")
    elif what == "lock":
        (out / ".dlkit-scrape.lock").mkdir()


@pytest.mark.parametrize(
    "what,needle",
    [
        ("csv", "2330.csv: is a folder, not a file"),
        ("cache", "twse is a file, so no folder can be made under it"),
        ("lock", ".dlkit-scrape.lock: is a folder, not a file"),
    ],
)
def test_unwritable_outputs_stop_before_any_request(cli, site, tmp_path, what, needle):
    out = tmp_path / "twse"
    _block(out, what)
    res = twse(cli, site, out, "-s", "2330", "--from", "2026-03", "--to", "2026-03")
    assert res.exit_code == 2 and needle in res.stderr and res.stderr.count("\n") == 1
    assert site.hits == []


def test_out_through_a_broken_link_is_one_line(cli, site, tmp_path):
    (tmp_path / "twse").symlink_to(tmp_path / "gone")
    res = twse(cli, site, tmp_path / "twse", "-s", "2330", "--from", "2026-03", "--to", "2026-03")
    assert res.exit_code == 2 and "broken symbolic link" in res.stderr and site.hits == []
