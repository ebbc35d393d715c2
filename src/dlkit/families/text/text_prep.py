"""Cleaning, tokenising and vocabularies for the text recipes: the one text path.

A recipe names a cleaning chain (``data.clean``, applied in order) and a tokenizer
(``data.tokenizer``); the text input spec (``families/text/text_input.py``) stores both with the vocabulary
in every checkpoint, so ``evaluate`` and ``predict`` turn a user's text into ids exactly as training
did. Cleaning steps (``CLEAN_STEPS``):

- ``html``: tags such as ``<br />`` become a space (the IMDB seed's ``<[^>]+>``);
- ``letters``: every character but the ASCII letters becomes a space (the IMDB seed's
  ``[^a-zA-Z]``); ``letters_unicode`` keeps the letters of every script;
- ``single_letters``: one-letter words are dropped (the IMDB seed's ``\\s+[a-zA-Z]\\s+``, applied to
  every such word: the seed's regex skips every second one of a run and those at either end);
- ``punctuation``: ``string.punctuation`` characters are removed (the Amazon seed);
- ``lower``: lower-case; ``spaces``: runs of white space become one space, ends stripped.

Tokenizers: ``split`` (white space, the seeds' ``split()``), ``words`` (Unicode-aware words: runs
of letters, digits and inner apostrophes in any script; runs of Chinese characters are segmented
with jieba), ``jieba`` (jieba for everything) and ``chars``.

``Vocabulary`` is built from the training split only, ordered by frequency then token (never
``set()`` order), with ``<pad>`` = 0 and ``<unk>`` = 1, ``min_freq`` and ``max_size``; counting runs
in C (``Counter``) and encoding through a pandas hash table, not a Python dict lookup per token.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from typing import Any, Literal

import numpy as np

PAD, UNK = "<pad>", "<unk>"
CleanStep = Literal[
    "html", "letters", "letters_unicode", "single_letters", "punctuation", "lower", "spaces"
]
Tokenizer = Literal["words", "split", "jieba", "chars"]

_HTML = re.compile(r"<[^>]+>")
_NOT_LETTER_UNICODE = re.compile(r"[\W\d_]+")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ASCII_LETTERS = set(string.ascii_letters)
# str.translate tables: one C pass per text instead of a regex
_LETTERS_TABLE = bytes(b if chr(b) in _ASCII_LETTERS else 32 for b in range(256))
_PUNCT_TABLE = str.maketrans("", "", string.punctuation)


def _letters(text: str) -> str:
    """Everything but ASCII letters → one space each (a non-ASCII character too), in one C pass."""
    return text.encode("ascii", "replace").translate(_LETTERS_TABLE).decode("ascii")


def _single_letters(text: str) -> str:
    return " ".join([w for w in text.split() if len(w) > 1 or not w.isalpha()])


CLEAN_STEPS: dict[str, Callable[[str], str]] = {
    "html": lambda t: _HTML.sub(" ", t),
    "letters": _letters,
    "letters_unicode": lambda t: _NOT_LETTER_UNICODE.sub(" ", t),
    "single_letters": _single_letters,
    "punctuation": lambda t: t.translate(_PUNCT_TABLE),
    "lower": str.lower,
    "spaces": lambda t: " ".join(t.split()),
}


def clean(texts: Iterable[str], steps: Iterable[str]) -> list[str]:
    """Each text through the cleaning steps, in order."""
    fns = [CLEAN_STEPS[s] for s in steps]
    out = []
    for text in texts:
        for fn in fns:
            text = fn(text)
        out.append(text)
    return out


def _jieba_cut(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)  # its "Building prefix dict" lines are not ours to print
    return [w for w in jieba.lcut(text) if w.strip()]


def _words(text: str) -> list[str]:
    words = _WORD.findall(text)
    if not any(_CJK.search(w) for w in words):
        return words
    out: list[str] = []
    for word in words:
        out.extend(_jieba_cut(word) if _CJK.search(word) else [word])
    return out


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    "split": str.split,
    "words": _words,
    "jieba": lambda t: [w for w in _jieba_cut(t) if not w.isspace()],
    "chars": list,
}


def tokenize(texts: Iterable[str], tokenizer: str) -> list[list[str]]:
    fn = TOKENIZERS[tokenizer]
    return [fn(t) for t in texts]


class Vocabulary:
    """Tokens by id: 0 ``<pad>``, 1 ``<unk>``, then by descending count, ties by token."""

    def __init__(self, tokens: list[str]) -> None:
        if tokens[:2] != [PAD, UNK]:
            raise ValueError("a vocabulary starts with <pad>, <unk>")
        self.tokens = list(tokens)
        self._index: Any = None

    def __len__(self) -> int:
        return len(self.tokens)

    @classmethod
    def build(
        cls, token_lists: list[list[str]], min_freq: int = 1, max_size: int | None = None
    ) -> Vocabulary:
        """From the training texts' tokens; ``max_size`` counts ``<pad>`` and ``<unk>``."""
        from collections import Counter
        from itertools import chain

        counts = Counter(chain.from_iterable(token_lists))  # counted in C
        counts.pop(PAD, None)
        counts.pop(UNK, None)
        ranked = sorted(
            (item for item in counts.items() if item[1] >= min_freq),
            key=lambda item: (-item[1], item[0]),
        )
        words = [token for token, _ in ranked]
        if max_size is not None:
            words = words[: max(0, max_size - 2)]
        return cls([PAD, UNK, *words])

    def encode(self, token_lists: list[list[str]]) -> list[np.ndarray]:
        """One int64 id array per token list (unknown tokens → 1)."""
        import pandas as pd

        if self._index is None:
            self._index = pd.Index(self.tokens)
        flat = _flatten(token_lists)
        ids = self._index.get_indexer(pd.Index(flat, dtype=object)) if flat else np.zeros(0, int)
        ids = np.where(ids < 0, 1, ids).astype(np.int64)
        bounds = np.cumsum([len(t) for t in token_lists])[:-1]
        return np.split(ids, bounds) if token_lists else []

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids if 0 < i < len(self.tokens)]


def _flatten(token_lists: list[list[str]]) -> list[str]:
    from itertools import chain

    return list(chain.from_iterable(token_lists))
