"""Unit tests for the polite HTTP layer: the sliding-window limiter (fake clock), retries, refusals."""

from __future__ import annotations

import pytest
from fake_sites import BAN_HTML, LocalServer

from dlkit.errors import NetworkError, UsageError
from dlkit.scrape.http import HttpClient, RateLimiter, RawCache, RetryableResponse, looks_blocked


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def stamps(limiter: RateLimiter, clock: FakeClock, n: int, work_s: float = 0.0) -> list[float]:
    out = []
    for _ in range(n):
        limiter.acquire()
        out.append(clock.now)
        clock.now += work_s
    return out


def test_limiter_allows_three_per_five_seconds():
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep, rng=lambda: 0.0)
    times = stamps(limiter, clock, 9, work_s=0.1)
    for i in range(len(times)):
        window = [t for t in times if times[i] <= t < times[i] + 5.0]
        assert len(window) <= 3
    assert times[:3] == pytest.approx([1000.0, 1000.1, 1000.2])
    assert times[3] == pytest.approx(1005.25)
    assert (times[-1] - times[0]) / 8 < 1.8


@pytest.mark.parametrize("jitter", [0.0, 0.5, 1.0])
def test_limiter_keeps_a_margin_for_a_strict_counter(jitter):
    """A host counting every request in the closed window [t, t + 5 s] never sees a 4th: request
    n+3 goes at least 5.2 s after request n, with or without jitter, however fast the caller."""
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep, rng=lambda: jitter)
    times = stamps(limiter, clock, 30)
    gaps = [later - first for first, later in zip(times, times[3:])]
    assert min(gaps) >= 5.2
    assert all(sum(t <= u <= t + 5.0 for u in times) <= 3 for t in times)
    assert (times[-1] - times[0]) / 29 <= 1.8  # the README's goal still holds


def test_limiter_jitter_only_adds_and_stays_under_goal():
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep, rng=lambda: 1.0)
    times = stamps(limiter, clock, 156, work_s=0.01)
    assert (times[-1] - times[0]) / 155 <= 1.8
    assert all(s > 0 for s in clock.sleeps)


def test_limiter_lower_rate_and_cap():
    clock = FakeClock()
    limiter = RateLimiter(max_requests=1, clock=clock, sleep=clock.sleep, rng=lambda: 0.0)
    assert stamps(limiter, clock, 3) == pytest.approx([1000.0, 1005.25, 1010.5])
    with pytest.raises(UsageError):
        RateLimiter(max_requests=4)


def test_verify_can_never_be_false():
    with pytest.raises(ValueError):
        HttpClient(RateLimiter(), verify=False)


def serve(replies):
    queue = list(replies)
    return LocalServer(lambda path, query: queue.pop(0) if len(queue) > 1 else queue[0])


def client(sleeps=None):
    clock = FakeClock()
    sleeper = sleeps.append if sleeps is not None else clock.sleep
    return HttpClient(
        RateLimiter(clock=clock, sleep=clock.sleep), sleep=sleeper, rng=lambda: 0.0, timeout_s=5
    )


def test_retries_5xx_with_exponential_backoff_then_succeeds():
    sleeps: list[float] = []
    with serve(
        [
            (500, "text/plain", b"oops"),
            (502, "text/plain", b""),
            (200, "application/json", b'{"ok": 1}'),
        ]
    ) as srv:
        c = client(sleeps)
        assert c.get(srv.url + "/x") == (200, '{"ok": 1}')
    assert c.requests == 3 and len(srv.hits) == 3
    assert sleeps == [1.0, 2.0]


def test_503_retry_after_is_honoured():
    sleeps: list[float] = []
    with serve([(503, "text/plain", b""), (200, "text/plain", b"fine")]) as srv:
        assert client(sleeps).get(srv.url + "/x") == (200, "fine")
    assert sleeps == [1.0]  # Retry-After: 0 from the server, so the backoff wins


@pytest.mark.parametrize("status", [403, 429])
def test_refusals_stop_at_once(status):
    with serve([(status, "text/plain", b"go away")]) as srv:
        c = client([])
        with pytest.raises(NetworkError, match=f"HTTP {status}"):
            c.get(srv.url + "/x")
    assert len(srv.hits) == 1


def test_ban_page_stops_at_once():
    with serve([(200, "text/html", BAN_HTML.encode())]) as srv:
        with pytest.raises(NetworkError, match="blocked"):
            client([]).get(srv.url + "/x")
    assert len(srv.hits) == 1 and looks_blocked(BAN_HTML)


def test_garbage_is_retried_then_fails_in_one_line():
    def decode(resp):
        raise RetryableResponse("not JSON")

    with serve([(200, "text/plain", b"garbage")]) as srv:
        with pytest.raises(NetworkError) as info:
            client([]).get(srv.url + "/x", decode=decode)
    assert len(srv.hits) == 4 and "\n" not in str(info.value) and "not JSON" in str(info.value)


def closed_port() -> int:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_connection_refused_is_retried_then_one_short_line():
    port = closed_port()
    c = client([])
    with pytest.raises(NetworkError) as info:
        c.get(f"http://127.0.0.1:{port}/rwd/x", {"stockNo": "2330"})
    assert c.requests == 4
    assert str(info.value) == (
        f"cannot reach 127.0.0.1:{port}: connection refused (GET /rwd/x, 4 tries); try again later"
    )


def test_dropped_connection_and_silence_say_so():
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def accept(drop: bool) -> None:
        conn, _ = server.accept()
        if drop:
            conn.recv(4096)
            conn.close()
        else:
            held.append(conn)  # accept, never answer

    url = f"http://127.0.0.1:{server.getsockname()[1]}/x"
    try:
        for drop, cause in (
            (True, "connection dropped by the host"),
            (False, "no answer within 0.3 s"),
        ):
            thread = threading.Thread(target=accept, args=(drop,), daemon=True)
            thread.start()
            c = HttpClient(RateLimiter(), attempts=1, timeout_s=0.3)
            with pytest.raises(NetworkError) as info:
                c.get(url)
            thread.join(5)
            message = str(info.value)
            assert cause in message and "Caused by" not in message and "\n" not in message
    finally:
        for conn in held:
            conn.close()
        server.close()


def test_404_is_handed_back():
    with serve([(404, "text/html", b"<html>nope</html>")]) as srv:
        assert client([]).get(srv.url + "/x") == (404, None)


def test_raw_cache_roundtrip(tmp_path):
    cache = RawCache(tmp_path / "c")
    assert cache.get("a.json") is None
    cache.put("a.json", "{}")
    assert cache.get("a.json") == "{}"
    cache.drop("a.json")
    assert cache.get("a.json") is None
