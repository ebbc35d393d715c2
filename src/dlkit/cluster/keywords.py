"""Topic keywords by class-based TF-IDF, with words (not characters) for Chinese text.

Called by the cluster pipeline. ``strip_markup`` removes URLs, @handles, #-marks, HTML entities
and numbers (for keywords only: the embeddings see the text as written). ``Tokenizer``
lower-cases, splits Latin words by regex and CJK runs with jieba (loaded only when CJK text is
present, with a Traditional-Chinese word list added and its log lines silenced), drops English and
Chinese stop words, web debris (``http``, ``amp``, ``co``), numbers and single CJK characters, and
with ``ngrams=(1, 2)`` adds two-word phrases of neighbouring kept words. ``ctfidf_keywords``
scores each term per topic as ``tf(term, topic) * log(1 + mean terms per topic / freq(term))``;
``short_label`` names a topic by its first few keywords.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, cast

from dlkit.cluster import lexicon

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[a-z0-9][a-z0-9'’\-]*[a-z0-9]|[a-z]")
_IS_CJK = re.compile(rf"[{_CJK}]")
_HAS_LETTER = re.compile(rf"[a-z{_CJK}]")
_MARKUP = [
    re.compile(r"(?:https?://|www\.)\S*|\b[\w.-]+\.(?:com|org|net|ly|co|gl|io|tw)/\S*", re.I),
    re.compile(r"(?<![\w.])@\w+"),  # @handles
    re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I),  # HTML entities
    re.compile(r"\b\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s|k|m|pm|am)?\b", re.I),  # numbers
]


_CLAUSES = re.compile(r"[.,!?;:()\[\]{}\"“”‘/|…\n。，！？；：、（）「」『』《》]+")


def strip_markup(text: str) -> str:
    """``text`` without URLs, @handles, HTML entities and numbers; ``#tag`` keeps its word."""
    for pattern in _MARKUP:
        text = pattern.sub(" ", text)
    return text.replace("#", " ")


def _stop_words() -> frozenset[str]:
    return (
        frozenset(lexicon.EN_STOP)
        | frozenset(lexicon.EN_EXTRA_STOP)
        | frozenset(lexicon.WEB_STOP)
        | frozenset(lexicon.ZH_STOP)
    )


def _jieba_tokenizer() -> Any:
    """A private jieba Tokenizer (not the global one) plus Traditional words, loaded quietly."""
    import logging

    import jieba

    jieba_logger = logging.getLogger("jieba")
    level = jieba_logger.level
    jieba_logger.setLevel(logging.ERROR)
    try:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word in lexicon.ZH_TRADITIONAL_WORDS:
            tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word), 2000))
    finally:
        jieba_logger.setLevel(level)
    return tokenizer


class Tokenizer:
    """Callable text → list of keyword candidates (words, then phrases when ``ngrams`` asks)."""

    def __init__(self, ngrams: tuple[int, int] = (1, 1), clean: bool = True) -> None:
        self._stop = _stop_words()
        self._jieba: Any = None
        self.ngrams = ngrams
        self.clean = clean

    def _cjk_words(self, run: str) -> list[str]:
        if self._jieba is None:
            self._jieba = _jieba_tokenizer()
        return [w for w in self._jieba.lcut(run, HMM=True) if len(w) >= 2]

    def _keep(self, word: str) -> bool:
        return (
            bool(word)
            and len(word) >= 2
            and word not in self._stop
            and bool(_HAS_LETTER.search(word))
        )

    def __call__(self, text: str) -> list[str]:
        if self.clean:
            text = strip_markup(text)
        sequence: list[str | None] = []  # kept words, None where a word was dropped
        for clause in _CLAUSES.split(text.lower()):
            for run in _RUNS.findall(clause):
                pieces = self._cjk_words(run) if _IS_CJK.match(run) else [run.strip("'’-")]
                sequence += [word if self._keep(word) else None for word in pieces]
            sequence.append(None)  # no phrase across punctuation
        words = [w for w in sequence if w is not None]
        low, high = self.ngrams
        terms = words if low == 1 else []
        for n in range(max(2, low), high + 1):
            terms += [
                _join(cast(list[str], sequence[i : i + n]))  # no None: filtered below
                for i in range(len(sequence) - n + 1)
                if None not in sequence[i : i + n]
            ]
        return terms


def _join(words: list[str]) -> str:
    """Words of a phrase: Chinese words run together, others with a space."""
    return "".join(words) if all(_IS_CJK.match(w) for w in words) else " ".join(words)


def short_label(keywords: list[str], n: int = 3) -> str:
    """``n`` keywords, skipping any contained in one already picked ("tea" after "bubble tea")."""
    picked: list[str] = []
    for word in keywords:
        if any(word in p or p in word for p in picked):
            continue
        picked.append(word)
        if len(picked) == n:
            break
    return " / ".join(picked)


def ctfidf_keywords(
    tokens_by_topic: dict[int, list[list[str]]], top_n: int = 10
) -> dict[int, list[str]]:
    """The ``top_n`` words of each topic from its texts' tokens (see ``Tokenizer``).

    Outliers (topic -1) take part in the word frequencies but get no keywords.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    topics = sorted(tokens_by_topic)
    if not topics:
        return {}
    counted = [Counter(w for doc in tokens_by_topic[t] for w in doc) for t in topics]
    words = np.array(sorted(set().union(*counted)), dtype=object)
    if not len(words):  # no words at all (e.g. only numbers or emoji)
        return {t: [] for t in topics if t >= 0}
    column = {w: i for i, w in enumerate(words.tolist())}
    rows = [r for r, c in enumerate(counted) for _ in c]
    cols = [column[w] for c in counted for w in c]
    counts = csr_matrix(
        ([n for c in counted for n in c.values()], (rows, cols)),
        shape=(len(topics), len(words)),
        dtype=np.float64,
    )
    tf = counts.multiply(1.0 / np.maximum(counts.sum(axis=1), 1)).tocsr()
    freq = np.asarray(counts.sum(axis=0)).ravel()
    avg = counts.sum() / len(topics)
    idf = np.log(1.0 + avg / np.maximum(freq, 1))
    scores = tf.multiply(idf).tocsr()
    result: dict[int, list[str]] = {}
    for row, topic in enumerate(topics):
        if topic < 0:
            continue
        dense = scores.getrow(row).toarray().ravel()
        order = np.lexsort((words, -dense))[:top_n]
        result[topic] = [str(words[i]) for i in order if dense[i] > 0]
    return result
