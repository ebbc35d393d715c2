"""The polite HTTP layer every scraper shares: rate limit, retries with backoff, ban detection, cache.

``twse.py``, ``twse_selenium.py`` and ``google_reviews.py`` build one :class:`RateLimiter` per run
(a sliding window shared by every stock and page) and fetch through :class:`HttpClient`, which
retries timeouts, connection errors, 5xx and garbage bodies with exponential backoff, and stops the
run at once (``NetworkError``, exit 4) on 403/429 or a "blocked" page: it never hammers a host.
:class:`RawCache` keeps raw responses on disk, written atomically. TLS verification is always on;
``verify`` is either True or a CA-bundle path, never False.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dlkit import __version__, files
from dlkit.errors import NetworkError, UsageError

MAX_REQUESTS = 3  # the hard cap: at most this many requests ...
WINDOW_S = 5.0  # ... in any window of this many seconds, across the whole run
MARGIN = 0.05  # kept beyond the window (5.25 s per 3) for a host that counts strictly
JITTER_S = 0.1  # random extra wait (uniform 0..JITTER_S) added whenever the limiter waits
ATTEMPTS = 4  # tries per request for retryable failures
BACKOFF_S = 1.0  # first retry waits ~1 s, then 2, 4 (plus jitter)
MAX_RETRY_AFTER_S = 60.0  # a 503 Retry-After longer than this stops the run instead of waiting
TIMEOUT_S = 20.0
USER_AGENT = f"dlkit/{__version__} (polite scraper, at most {MAX_REQUESTS} requests per 5 s)"

BAN_MARKERS = (
    "the page cannot be accessed",
    "for security reasons",
    "頁面無法執行",
    "頁面無法呈現",
    "因為安全性考量",
    "request rejected",
    "the requested url was rejected",
    "unusual traffic from your computer",
    "our systems have detected unusual traffic",
)


class RetryableResponse(Exception):
    """Raised by a ``decode`` callback for a body worth fetching again (truncated, not JSON, ...)."""


def looks_blocked(text: str) -> bool:
    """True when an HTML body is a host's "you are blocked" page rather than content."""
    head = text[:20000].lower()
    return any(marker in head for marker in BAN_MARKERS)


class RateLimiter:
    """Sliding window: at most ``max_requests`` acquisitions in any ``window_s`` seconds.

    Request n + ``max_requests`` goes no sooner than ``window_s * (1 + MARGIN)`` after request n, so
    a host that counts its window strictly (or whose clock runs a little fast) still sees no more
    than ``max_requests``. ``max_requests`` may be lowered below :data:`MAX_REQUESTS`, never raised.
    ``clock``/``sleep``/``rng`` are injectable so tests run without waiting.
    """

    def __init__(
        self,
        max_requests: int = MAX_REQUESTS,
        window_s: float | None = None,
        jitter_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not 1 <= max_requests <= MAX_REQUESTS:
            raise UsageError(
                f"--max-rate must be 1..{MAX_REQUESTS} requests per {WINDOW_S:g} s "
                f"(got {max_requests}); it can only be lowered"
            )
        self.max_requests = max_requests
        self.window_s = (WINDOW_S if window_s is None else window_s) * (1 + MARGIN)
        self.jitter_s = JITTER_S if jitter_s is None else jitter_s
        self._clock, self._sleep, self._rng = clock, sleep, rng
        self._stamps: deque[float] = deque()
        self.waited_s = 0.0

    def acquire(self) -> None:
        """Block until one more request fits in the window, then record it."""
        while True:
            now = self._clock()
            while self._stamps and now - self._stamps[0] >= self.window_s:
                self._stamps.popleft()
            if len(self._stamps) < self.max_requests:
                self._stamps.append(now)
                return
            delay = self._stamps[0] + self.window_s - now + self._rng() * self.jitter_s
            self._sleep(delay)
            self.waited_s += delay


def check_base_url(url: str, option: str = "--base-url") -> str:
    """Validate an http(s) base URL and strip a trailing slash (UsageError otherwise)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"{option} must be an http(s) URL like https://www.twse.com.tw (got {url!r})"
        )
    return url.rstrip("/")


def check_ca_bundle(path: str | None) -> bool | str:
    """The ``verify`` argument for requests: True, or an existing CA-bundle path. Never False."""
    if path is None:
        return True
    if not Path(path).is_file():
        raise UsageError(f"--ca-bundle {path}: no such file (give a PEM file of CA certificates)")
    return str(path)


class HttpClient:
    """GET with the shared limiter, bounded retries and a clear stop on refusal or ban pages."""

    def __init__(
        self,
        limiter: RateLimiter,
        verify: bool | str = True,
        timeout_s: float = TIMEOUT_S,
        attempts: int = ATTEMPTS,
        backoff_s: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if verify is False:
            raise ValueError("TLS verification cannot be turned off; pass a CA bundle instead")
        self.limiter, self.verify, self.timeout_s = limiter, verify, timeout_s
        self.attempts = attempts
        self.backoff_s = BACKOFF_S if backoff_s is None else backoff_s
        self._sleep, self._rng = sleep, rng
        self._session: Any = None
        self._retry_after: float | None = None
        self.requests = 0

    def session(self) -> Any:
        if self._session is None:
            import requests

            self._session = requests.Session()
            self._session.headers.update(
                {"User-Agent": USER_AGENT, "Accept": "application/json, text/html;q=0.9, */*;q=0.5"}
            )
        return self._session

    def get(
        self,
        url: str,
        params: dict | None = None,
        decode: Callable[[Any], Any] = lambda resp: resp.text,
        ok_statuses: tuple[int, ...] = (),
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """Fetch ``url`` and return ``(status, decode(response))``; ``headers`` are added to this
        request only (a Referer, a cookie: never logged).

        404 and the statuses in ``ok_statuses`` are returned as ``(status, None)`` for the caller to
        judge. 403/429/blocked pages raise NetworkError at once; timeouts, connection errors, 5xx
        and ``RetryableResponse`` from ``decode`` are retried with backoff, then raise NetworkError.
        """
        import requests

        host, where = urlsplit(url).netloc, f"GET {_path(url)}"
        last, unreachable = "", False
        for attempt in range(self.attempts):
            if attempt:
                self._backoff(attempt, last)
            self.limiter.acquire()
            self.requests += 1
            try:
                resp = self.session().get(
                    url, params=params, timeout=self.timeout_s, verify=self.verify, headers=headers
                )
            except requests.exceptions.SSLError as exc:
                raise NetworkError(
                    f"TLS verification failed for {host} ({_short(exc)}); if your CA "
                    "store lacks its chain, pass --ca-bundle PATH"
                ) from None
            except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
                last, unreachable = network_cause(exc, self.timeout_s), True
                continue
            unreachable = False
            outcome = self._judge(resp, host, ok_statuses)
            if isinstance(outcome, str):
                last = outcome
                continue
            if outcome is not None:
                return outcome
            try:
                return resp.status_code, decode(resp)
            except RetryableResponse as exc:
                last = str(exc)
        tries = f"{self.attempts} tr{'y' if self.attempts == 1 else 'ies'}"
        if unreachable:
            raise NetworkError(f"cannot reach {host}: {last} ({where}, {tries}); try again later")
        raise NetworkError(f"{host} failed {tries} ({where}), last: {last}; try again later")

    def _judge(self, resp: Any, host: str, ok_statuses: tuple[int, ...]) -> Any:
        """None: decode it; (status, None): hand back; str: retry with that reason; else raise."""
        status = resp.status_code
        if status in (403, 429):
            reason = "429 Too Many Requests" if status == 429 else "403 Forbidden"
            raise NetworkError(
                f"{host} refused the request (HTTP {reason}); stopped so as not to "
                "hammer it, wait a while (hours) before trying again"
            )
        if status >= 500:
            self._retry_after = _retry_after(resp)
            return f"HTTP {status}"
        if status == 404 or status in ok_statuses:
            return status, None
        if status >= 400:
            raise NetworkError(f"{host} answered HTTP {status} for {_path(resp.url)}")
        if "html" in resp.headers.get("Content-Type", "") or resp.text[:200].lstrip().startswith(
            "<"
        ):
            if looks_blocked(resp.text):
                raise NetworkError(
                    f"{host} answered a 'blocked' page instead of data; stopped so as "
                    "not to hammer it, wait a while (hours) before trying again"
                )
        return None

    def _backoff(self, attempt: int, reason: str) -> None:
        delay = self.backoff_s * 2 ** (attempt - 1) * (1 + self._rng() * 0.5)
        retry_after, self._retry_after = self._retry_after, None
        if retry_after is not None:
            if retry_after > MAX_RETRY_AFTER_S:
                raise NetworkError(
                    f"the host asked to retry after {retry_after:.0f} s ({reason}); "
                    "stopped, try again later"
                )
            delay = max(delay, retry_after)
        self._sleep(delay)


class RawCache:
    """Raw responses as files under one folder, written atomically: ``get(name)`` / ``put(name, text)``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, name: str) -> Path:
        return self.root / name

    def get(self, name: str) -> str | None:
        try:
            return self.path(name).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def put(self, name: str, text: str) -> Path:
        return files.write_text(self.path(name), text)

    def drop(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


def _retry_after(resp: Any) -> float | None:
    value = resp.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def network_cause(exc: BaseException, timeout_s: float) -> str:
    """What went wrong under a requests connection error or timeout, in a few words
    (``connection refused``), instead of urllib3's ``Max retries exceeded ... (Caused by ...)``."""
    import requests

    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"no answer within {timeout_s:g} s"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", None) or reason  # urllib3's MaxRetryError
    name = type(reason).__name__
    if name == "NameResolutionError":
        return "host name not found"
    if name in ("ConnectTimeoutError", "TimeoutError", "ReadTimeoutError"):
        return "connection timed out"
    seen: set[int] = set()
    while isinstance(reason, BaseException) and id(reason) not in seen:
        seen.add(id(reason))
        if isinstance(reason, OSError) and reason.strerror:
            return reason.strerror.lower()
        inner = [a for a in getattr(reason, "args", ()) if isinstance(a, BaseException)]
        reason = reason.__cause__ or (inner[0] if inner else None) or reason.__context__
    text = _short(exc).split(" (Caused by ")[0]
    return {"ProtocolError": "connection dropped by the host"}.get(name, text)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:160] + ("..." if len(text) > 160 else "")


def _path(url: str) -> str:
    return urlsplit(url).path or "/"
