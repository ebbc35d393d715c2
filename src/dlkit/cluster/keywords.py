"""Topic keywords by class-based TF-IDF, with words (not characters) for Chinese text.

Called by the cluster pipeline. ``Tokenizer`` lower-cases, splits Latin words by regex and CJK runs
with jieba (loaded only when CJK text is present, with a Traditional-Chinese word list added and its
log lines silenced), and drops stop words, numbers and single CJK characters. ``ctfidf_keywords``
scores each word per topic as ``tf(word, topic) * log(1 + mean words per topic / freq(word))``.
"""

from __future__ import annotations

import re
from typing import Any

from dlkit.cluster import lexicon

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[a-z0-9][a-z0-9'’\-]*[a-z0-9]|[a-z]")
_IS_CJK = re.compile(rf"[{_CJK}]")
_HAS_LETTER = re.compile(rf"[a-z{_CJK}]")


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | frozenset(lexicon.EN_EXTRA_STOP) | frozenset(
        lexicon.ZH_STOP)


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
    """Callable text → list of keyword candidates."""

    def __init__(self) -> None:
        self._stop = _stop_words()
        self._jieba: Any = None

    def _cjk_words(self, run: str) -> list[str]:
        if self._jieba is None:
            self._jieba = _jieba_tokenizer()
        return [w for w in self._jieba.lcut(run, HMM=True) if len(w) >= 2]

    def __call__(self, text: str) -> list[str]:
        words: list[str] = []
        for run in _RUNS.findall(text.lower()):
            pieces = self._cjk_words(run) if _IS_CJK.match(run) else [run.strip("'’-")]
            for word in pieces:
                if word and word not in self._stop and _HAS_LETTER.search(word) and (
                        len(word) >= 2):
                    words.append(word)
        return words


def ctfidf_keywords(tokens_by_topic: dict[int, list[list[str]]],
                    top_n: int = 10) -> dict[int, list[str]]:
    """The ``top_n`` words of each topic from its texts' tokens (see ``Tokenizer``).

    Outliers (topic -1) take part in the word frequencies but get no keywords.
    """
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    topics = sorted(tokens_by_topic)
    if not topics:
        return {}
    joined = [[w for doc in tokens_by_topic[t] for w in doc] for t in topics]
    vectorizer = CountVectorizer(analyzer=lambda words: words, min_df=1)
    try:
        counts = vectorizer.fit_transform(joined).astype(np.float64)
    except ValueError:  # no words at all (e.g. only numbers or emoji)
        return {t: [] for t in topics if t >= 0}
    words = vectorizer.get_feature_names_out()
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
