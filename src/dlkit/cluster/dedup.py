"""Near-duplicates collapsed before clustering and expanded after.

Called by the cluster pipeline when ``input.near_duplicates`` is ``collapse`` (the default).
Retweets, the same post with another link, in capitals or with an emoji more, all count once:
``normal_form`` lower-cases the text and drops a leading ``RT @x:``, URLs, @handles, HTML entities,
emoji and punctuation; texts with the same normal form are one group. The reduction and the
clustering see one point per group (the re-normalised mean of its members' vectors), so a post
copied 200 times neither forms a topic of its own nor drowns the others' density; ``expand``
gives every row its group's label again.
"""

from __future__ import annotations

import re
from typing import Any

from dlkit.cluster import vector_file
from dlkit.cluster.keywords import strip_markup

_RETWEET = re.compile(r"^\s*rt\s+@?\w*:?\s*", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def normal_form(text: str) -> str:
    """The text as a near-duplicate key (see the module docstring); digits are kept."""
    text = _RETWEET.sub("", text)
    for pattern in (r"(?:https?://|www\.)\S*", r"(?<![\w.])@\w+", r"&(?:#\d+|[a-z]+);"):
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    key = " ".join(_NOT_WORD.sub(" ", text.lower()).split())
    return key or " ".join(strip_markup(text).lower().split()) or text


def groups(texts: list[str]) -> tuple[list[int], Any]:
    """The first row of each group, and each row's group number (``rows`` → ``groups``)."""
    import numpy as np

    first: dict[str, int] = {}
    inverse = np.empty(len(texts), dtype=np.int64)
    for row, text in enumerate(texts):
        inverse[row] = first.setdefault(normal_form(text), len(first))
    heads = [0] * len(first)
    for row in range(len(texts) - 1, -1, -1):
        heads[inverse[row]] = row
    return heads, inverse


def group_vectors(x: Any, inverse: Any, n_groups: int, out: Any = None, batch: int = 16_384) -> Any:
    """One unit vector per group: the mean of its members' vectors, re-normalised; read from
    ``x`` and written into ``out`` (float32, e.g. a memory-mapped file) ``batch`` rows at a time."""
    import numpy as np

    if out is None:
        out = np.zeros((n_groups, x.shape[1]), dtype=np.float32)
    for start in range(0, len(inverse), batch):
        rows = np.asarray(x[start : start + batch], dtype=np.float32)
        np.add.at(out, inverse[start : start + batch], rows)
        vector_file.release(x)
        vector_file.release(out)
    for start in range(0, n_groups, batch):
        sums = out[start : start + batch]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[start : start + batch] = sums / np.where(norms == 0, 1.0, norms)
        vector_file.release(out)
    return out


def expand(values: Any, inverse: Any) -> Any:
    """Per-group values (labels, scores, 2-D points) back to one per row."""
    return values[inverse]
