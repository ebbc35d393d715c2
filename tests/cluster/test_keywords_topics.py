"""Keyword extraction (jieba words, stop words, c-TF-IDF) and topic merging/numbering."""

from __future__ import annotations

import numpy as np

from dlkit.cluster import keywords, lexical, topics


def test_traditional_chinese_words_not_characters():
    tok = keywords.Tokenizer()
    words = tok("從觀景台看出去的景色非常漂亮，電梯很快！我們的餐廳午餐很好吃。")
    assert {"觀景台", "景色", "漂亮", "電梯", "餐廳", "午餐", "好吃"} <= set(words)
    assert not {"的", "很", "我們", "非常"} & set(words)
    assert all(len(w) >= 2 for w in words)


def test_english_tokens_drop_stop_words_and_numbers():
    tok = keywords.Tokenizer()
    assert tok("The view was REALLY amazing, 101 floors and 5 stars!") == [
        "view",
        "amazing",
        "floors",
        "stars",
    ]
    assert tok("台北101 is great") == ["台北", "great"]


def test_ctfidf_prefers_distinctive_words():
    tokens = {
        0: [["food", "tasty", "place"], ["food", "good", "place"]],
        1: [["staff", "kind", "place"], ["staff", "rude", "place"]],
        -1: [["place"]],
    }
    result = keywords.ctfidf_keywords(tokens, top_n=2)
    assert set(result) == {0, 1}
    assert result[0][0] == "food" and result[1][0] == "staff"


def _unit(v):
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_merge_similar_topics():
    rng = np.random.default_rng(0)
    base = np.eye(3)
    x = _unit(
        np.vstack(
            [
                base[0] + 0.01 * rng.standard_normal((5, 3)),
                base[0] + 0.01 * rng.standard_normal((5, 3)),
                base[1] + 0.01 * rng.standard_normal((5, 3)),
            ]
        )
    )
    labels = np.repeat([0, 1, 2], 5)
    merged, merges = topics.merge_similar(x, labels, 0.9)
    assert sorted(set(merged.tolist())) == [0, 2] and merges[0][:2] == (0, 1)
    same, none = topics.merge_similar(x, labels, None)
    assert none == [] and (same == labels).all()


def test_assign_outliers_and_renumber():
    x = _unit(np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [0.2, 1.0]], dtype=float))
    labels = np.array([5, 5, 2, 2, -1])
    assigned, sims = topics.assign_outliers(x, labels)
    assert assigned[-1] == 2 and sims[-1] > 0.9
    assert topics.renumber_by_size(np.array([4, 7, 7, -1, 4, 7])).tolist() == [1, 0, 0, -1, 1, 0]


def test_lexical_auto_weight():
    assert lexical.auto_weight(["景色很美", "nice"], default_model=True) == 0.5
    assert lexical.auto_weight(["景色很美", "nice"], default_model=False) == 0.0
    assert lexical.auto_weight(["nice view", "good food"], default_model=True) == 0.0


def test_markup_is_stripped_before_keywords():
    tok = keywords.Tokenizer()
    text = (
        "RT @FoxNews: Iran &amp; Israel deal http://t.co/x1Y2z3 #Iran 2016 9pm (cont) "
        "https://www.example.com/a?b=1 tinyurl.com/abc bit.ly/2xyz &quot;wow&quot;"
    )
    assert tok(text) == ["iran", "israel", "deal", "iran", "wow"]
    assert keywords.Tokenizer(clean=False)("golf http://t.co/abc") == ["golf", "abc"]


def test_bigrams_do_not_cross_punctuation_or_stop_words():
    tok = keywords.Tokenizer(ngrams=(1, 2))
    terms = tok("The bubble tea was great, view of the skyline. 台北夜景")
    assert "bubble tea" in terms and "great view" not in terms and "view skyline" not in terms
    assert "台北夜景" in terms or "台北 夜景" not in terms


def test_short_label_skips_overlapping_words():
    assert (
        keywords.short_label(["bubble tea", "tea", "bubble", "coffee", "cake"])
        == "bubble tea / coffee / cake"
    )
    assert keywords.short_label([]) == ""


def test_merge_down_to_a_count_and_outlier_floor():
    x = _unit(
        np.array(
            [[1, 0, 0], [1, 0.1, 0], [0.9, 0.3, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0.7]],
            dtype=float,
        )
    )
    labels = np.array([0, 0, 1, 2, 3, -1])
    merged, merges = topics.merge_similar(x, labels, None, max_topics=2)
    assert len(set(merged.tolist()) - {-1}) == 2 and len(merges) == 2
    assert merges[0].kept == 0 and merges[0].absorbed == 1 and merges[0].reason == "topics"
    floor, _ = topics.assign_outliers(x, labels, floor=0.9)
    assert floor[-1] == -1  # nothing is that close
    anyway, sims = topics.assign_outliers(x, labels)
    assert anyway[-1] >= 0 and 0 < sims[-1] < 0.9
