"""``dlkit scrape twse --engine selenium``: the seed's browser way, for pages that need one.

``twse.py`` uses :class:`SeleniumEngine` as a context manager in place of the JSON engine: headless
Chromium via selenium 4 and the system chromedriver (Debian ``chromium`` + ``chromium-driver``)
loads STOCK_DAY with ``response=html``; ``twse_parse.parse_html`` reads ``thead``/``tbody > tr``
with BeautifulSoup. It shares the run's rate limiter and the month cache, retries page-load
failures with backoff and stops on a "blocked" page like the HTTP client does.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from typing import Any
from urllib.parse import urlencode

from dlkit.errors import NetworkError
from dlkit.scrape import http
from dlkit.scrape.http import ATTEMPTS, RateLimiter, looks_blocked
from dlkit.scrape.twse_endpoint import RWD_PATH, Month, month_query

CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--window-size=1280,1024",
)
DRIVER_PATHS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
BROWSER_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PAGE_TIMEOUT_S = 30


def find_binary(env: str, candidates: tuple[str, ...]) -> str | None:
    """The first existing path among ``$env`` and ``candidates`` (then PATH by basename)."""
    for path in (os.environ.get(env), *candidates):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return next(
        (found for found in map(shutil.which, (os.path.basename(c) for c in candidates)) if found),
        None,
    )


def start_driver() -> Any:
    """A headless Chromium WebDriver, or NetworkError in one line saying what to install."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise NetworkError(
            "--engine selenium needs the selenium package (pip install selenium)"
        ) from None
    options = webdriver.ChromeOptions()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    browser = find_binary("DLKIT_CHROMIUM", BROWSER_PATHS)
    if browser:
        options.binary_location = browser
    driver_path = find_binary("DLKIT_CHROMEDRIVER", DRIVER_PATHS)
    if driver_path is None:
        raise NetworkError(
            "--engine selenium needs Chromium and chromedriver; on Debian/Ubuntu: "
            "apt-get install chromium chromium-driver (selenium manager would "
            "need the internet)"
        )
    try:
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
    except WebDriverException as exc:
        first = (getattr(exc, "msg", None) or str(exc)).strip().splitlines()[0]
        raise NetworkError(
            f"could not start headless Chromium with {driver_path}: {first}"
        ) from None
    driver.set_page_load_timeout(PAGE_TIMEOUT_S)
    return driver


class SeleniumEngine:
    """``engine(stock, month) -> (html, '.html')`` through one browser kept open for the run."""

    def __init__(
        self,
        limiter: RateLimiter,
        base_url: str,
        attempts: int = ATTEMPTS,
        backoff_s: float | None = None,
    ) -> None:
        self.limiter, self.base_url = limiter, base_url
        self.attempts = attempts
        self.backoff_s = http.BACKOFF_S if backoff_s is None else backoff_s
        self.driver: Any = None
        self.requests = 0

    def __enter__(self) -> SeleniumEngine:
        self.driver = start_driver()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.driver is not None:
            self.driver.quit()
            self.driver = None

    def __call__(self, stock: str, month: Month) -> tuple[str, str]:
        from selenium.common.exceptions import WebDriverException

        query = urlencode(month_query(stock, month, "html"))
        url = f"{self.base_url}{RWD_PATH}?{query}"
        last = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1) * (1 + random.random() * 0.5))
            self.limiter.acquire()
            self.requests += 1
            try:
                self.driver.get(url)
                html = self.driver.page_source
            except WebDriverException as exc:
                last = (getattr(exc, "msg", None) or type(exc).__name__).strip().splitlines()[0]
                continue
            if looks_blocked(html):
                raise NetworkError(
                    "TWSE answered a 'blocked' page instead of data; stopped so as "
                    "not to hammer it, wait a while (hours) before trying again"
                )
            if "<table" not in html.lower() and "沒有符合" not in html:
                last = "no table in the page"
                continue
            return html, ".html"
        raise NetworkError(f"the browser failed {self.attempts} times on {url}, last: {last}")
