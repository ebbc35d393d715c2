"""The whole-body multipart split of ``serve/fastpath.py`` on what clients send (requests' own
encoding, quoted and escaped names, fields beside files) and on broken bodies, without a server."""

from __future__ import annotations

import pytest
import requests

from dlkit.serve.fastpath import header_params, parse_multipart


def encoded(files, data=None) -> tuple[bytes, str]:
    req = requests.Request("POST", "http://127.0.0.1/", files=files, data=data).prepare()
    return req.body, req.headers["Content-Type"]


def test_files_and_fields_come_back_in_order_with_their_bytes():
    payload = bytes(range(256)) * 3 + b"\r\n--not-the-boundary\r\n"
    body, ctype = encoded(
        [("file", ("a.png", payload)), ("file", ("b c.png", b"x"))], {"top_k": "2"}
    )
    parts = parse_multipart(body, ctype, max_files=8, max_fields=4)
    assert sorted(parts) == sorted(
        [("file", "a.png", payload), ("file", "b c.png", b"x"), ("top_k", None, b"2")]
    )


def test_quoted_parameters_keep_semicolons_and_escapes():
    head, params = header_params('form-data; name="f"; filename="a;b \\"q\\".png"')
    assert head == "form-data" and params == {"name": "f", "filename": 'a;b "q".png'}


@pytest.mark.parametrize(
    "body,ctype,fragment",
    [
        (
            b'--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n',
            "multipart/form-data; boundary=B",
            "closing boundary",
        ),
        (
            b"--B\r\nno headers here\r\n--B--\r\n",
            "multipart/form-data; boundary=B",
            "without headers",
        ),
        (
            b"--B\r\nX-Other: 1\r\n\r\nx\r\n--B--\r\n",
            "multipart/form-data; boundary=B",
            "without a form-data name",
        ),
        (b"x", "multipart/form-data", "no boundary"),
    ],
)
def test_broken_bodies_say_why(body, ctype, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_multipart(body, ctype, max_files=8, max_fields=4)


def test_too_many_files_is_refused():
    body, ctype = encoded([("file", (f"{i}.png", b"x")) for i in range(3)])
    with pytest.raises(ValueError, match="too many files: the limit is 2"):
        parse_multipart(body, ctype, max_files=2, max_fields=4)
