"""``dlkit scrape twse --engine selenium``: headless Chromium reads the HTML table of a local page.

Skipped only when the Chromium or chromedriver binaries are absent (CI installs them).
"""

from __future__ import annotations

import json

import pytest
from fake_sites import month_rows

from dlkit.scrape.twse_selenium import BROWSER_PATHS, DRIVER_PATHS, find_binary

needs_browser = pytest.mark.skipif(
    not (
        find_binary("DLKIT_CHROMIUM", BROWSER_PATHS)
        and find_binary("DLKIT_CHROMEDRIVER", DRIVER_PATHS)
    ),
    reason="chromium and chromedriver are not installed",
)


@needs_browser
def test_selenium_engine_writes_the_same_csv(cli, twse_site, fast_limits, today, tmp_path):
    fake = twse_site.fake
    fake.months[("2330", "202601")] = month_rows("2330", 2026, 1, (2, 5, 6))
    fake.months[("2330", "202603")] = month_rows("2330", 2026, 3)
    html_out, json_out = tmp_path / "html", tmp_path / "json"
    args = (
        "scrape",
        "twse",
        "-s",
        "2330",
        "--from",
        "2026-01",
        "--to",
        "2026-03",
        "--base-url",
        twse_site.url,
        "--json",
    )
    res = cli(*args, "--engine", "selenium", "--out", html_out)
    assert res.exit_code == 0, res.stderr
    pages = [q for path, q in twse_site.hits if path.endswith("/STOCK_DAY")]
    assert [q["response"] for q in pages] == ["html"] * 3  # (Chromium may also ask for a favicon)
    summary = json.loads(res.stdout)
    assert summary["requests"] == 3 and summary["stocks"][0]["rows"] == 5
    assert cli(*args, "--out", json_out).exit_code == 0
    assert (html_out / "2330.csv").read_text() == (json_out / "2330.csv").read_text()
    cache = sorted(p.name for p in (html_out / ".cache" / "twse" / "2330").iterdir())
    assert cache == ["202601.html", "202602.html", "202603.partial.html"]
    twse_site.hits.clear()
    again = json.loads(cli(*args, "--engine", "selenium", "--out", html_out).stdout)
    assert again["requests"] == 1 and again["months_cached"] == 2


def test_missing_driver_is_one_line(cli, twse_site, today, tmp_path, monkeypatch):
    from dlkit.scrape import twse_selenium

    monkeypatch.setattr(twse_selenium, "find_binary", lambda env, candidates: None)
    res = cli(
        "scrape",
        "twse",
        "-s",
        "2330",
        "--from",
        "2026-03",
        "--to",
        "2026-03",
        "--engine",
        "selenium",
        "--base-url",
        twse_site.url,
        "--out",
        tmp_path,
    )
    assert res.exit_code == 4 and "chromium-driver" in res.stderr and res.stderr.count("\n") == 1
