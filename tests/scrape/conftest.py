"""Fixtures for the scrape tests: local fake sites, a fixed "today" and fast rate limits.

``fast_limits`` shrinks the limiter window and the retry backoff for in-process tests (the limiter
logic itself is tested with a fake clock in test_http.py; subprocess tests run the real limit).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_sites import FakeGoogle, FakeTwse, LocalServer  # noqa: E402

TODAY = dt.date(2026, 3, 17)


@pytest.fixture
def fast_limits(monkeypatch):
    from dlkit.scrape import http

    monkeypatch.setattr(http, "WINDOW_S", 0.02)
    monkeypatch.setattr(http, "JITTER_S", 0.0)
    monkeypatch.setattr(http, "BACKOFF_S", 0.01)


@pytest.fixture
def today(monkeypatch):
    from dlkit.scrape import twse

    monkeypatch.setattr(twse, "taipei_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def twse_site():
    fake = FakeTwse()
    with LocalServer(fake.respond) as srv:
        srv.fake = fake
        yield srv


@pytest.fixture
def google_site():
    fake = FakeGoogle()
    with LocalServer(fake.respond) as srv:
        srv.fake = fake
        yield srv
