"""A scrape server that dies mid-run: ``dlkit scrape twse`` stops with one line and exit 4, keeps
the months it already fetched (cache), writes no half CSV, and a rerun against a live server
fetches only what is missing."""

from __future__ import annotations

import threading

from fake_sites import LocalServer, month_rows


def test_a_server_that_dies_mid_scrape(cli, twse_site, fast_limits, today, tmp_path):
    fake = twse_site.fake
    for month in (1, 2, 3):
        fake.months[("2330", f"2026{month:02d}")] = month_rows("2330", 2026, month)
    answered = []

    def dying(path, query):
        if answered:  # after its first answer the server goes away: this connection drops,
            threading.Thread(target=twse_site.server.shutdown, daemon=True).start()
            twse_site.server.socket.close()  # and nothing listens any more
            raise ConnectionAbortedError("server died")
        answered.append(query)
        return fake.respond(path, query)

    twse_site.respond = dying
    out = tmp_path / "twse"
    args = ["--stock", "2330", "--from", "2026-01", "--to", "2026-03", "--out", out]
    result = cli("scrape", "twse", "--base-url", twse_site.url, *args)
    # (the in-process fake server prints its own dropped request above dlkit's line)
    err = result.stderr.strip().splitlines()[-1]
    assert result.exit_code == 4, err
    assert err.startswith("dlkit: error: cannot reach 127.0.0.1") and "try again later" in err
    assert not (out / "2330.csv").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert (out / ".cache/twse/2330/202601.json").is_file()  # the month it did fetch is kept

    with LocalServer(fake.respond) as alive:
        again = cli("scrape", "twse", "--base-url", alive.url, *args)
        assert again.exit_code == 0, again.stderr
        assert sorted(q["date"] for _, q in alive.hits) == ["20260201", "20260301"]
    assert len((out / "2330.csv").read_text().splitlines()) == 1 + 6
