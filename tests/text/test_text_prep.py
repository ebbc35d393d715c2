"""Keras' pad_sequences/to_categorical against the cheat sheet's examples (``001-003.md`` §2), the
cleaning chains, the tokenisers and the vocabulary's order."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.families.text.sequences import pad_sequences, to_categorical
from dlkit.families.text.text_prep import PAD, UNK, Vocabulary, clean, tokenize


def test_pad_sequences_keras_defaults_pad_and_cut_at_the_front():
    # Keras' real default is pre/pre: zeros in front, and a long sequence loses its BEGINNING
    out = pad_sequences([[1, 2, 3], [4, 5, 6, 7, 8, 9], [7]], maxlen=4)
    assert out.tolist() == [[0, 1, 2, 3], [6, 7, 8, 9], [0, 0, 0, 7]]
    assert out.dtype == np.int32


def test_pad_sequences_the_cheat_sheets_later_data_deleted_is_truncating_post():
    out = pad_sequences([[1, 2, 3, 4, 5], [6]], maxlen=3, padding="post", truncating="post")
    assert out.tolist() == [[1, 2, 3], [6, 0, 0]]
    mixed = pad_sequences([[1, 2, 3, 4, 5], [6]], maxlen=3, padding="pre", truncating="post")
    assert mixed.tolist() == [[1, 2, 3], [0, 0, 6]]


def test_pad_sequences_longest_value_and_empty():
    assert pad_sequences([[1], [2, 3], []]).tolist() == [[0, 1], [2, 3], [0, 0]]
    assert pad_sequences([[1], []], maxlen=2, value=-1).tolist() == [[-1, 1], [-1, -1]]
    assert pad_sequences([], maxlen=3).shape == (0, 3)
    with pytest.raises(ValueError):
        pad_sequences([[1]], padding="middle")


def test_pad_sequences_matches_a_plain_loop_on_random_lengths():
    rng = np.random.default_rng(0)
    seqs = [list(rng.integers(1, 50, rng.integers(0, 12))) for _ in range(200)]
    for padding in ("pre", "post"):
        for truncating in ("pre", "post"):
            want = []
            for s in seqs:
                s = s[-6:] if truncating == "pre" else s[:6]
                fill = [0] * (6 - len(s))
                want.append(fill + s if padding == "pre" else s + fill)
            got = pad_sequences(seqs, 6, padding=padding, truncating=truncating)
            assert got.tolist() == want, (padding, truncating)


def test_to_categorical_the_turtle_squid_tiger_table():
    # 烏龜 (turtle) 1, 烏賊 (squid) 2, 老虎 (tiger) 3: the 3-column table needs 0-based labels
    assert to_categorical([0, 1, 2]).tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    # labels 1..3 without num_classes give max + 1 = 4 columns, as Keras does
    assert to_categorical([1, 2, 3]).shape == (3, 4)
    assert to_categorical([1, 2, 3])[:, 0].tolist() == [0, 0, 0]
    assert to_categorical([2], num_classes=5).tolist() == [[0, 0, 1, 0, 0]]
    assert to_categorical(np.array([[0, 1], [1, 0]])).shape == (2, 2, 2)
    with pytest.raises(ValueError):
        to_categorical([3], num_classes=3)


def test_the_imdb_chain():
    review = "A <b>great</b> film!<br /><br />I'd see it 2x, a  b c OK?"
    out = clean([review], ["html", "letters", "single_letters", "spaces", "lower"])
    assert out == ["great film see it ok"]


def test_punctuation_removal_as_the_amazon_seed():
    texts = ["Hey! This is example #1.", "Hey! This is example #2."]
    assert clean(texts, ["lower", "punctuation"]) == [
        "hey this is example 1",
        "hey this is example 2",
    ]


def test_tokenisers_unicode_and_chinese():
    assert tokenize(["Ça coûte 5€, isn't it?"], "words") == [["Ça", "coûte", "5", "isn't", "it"]]
    words = tokenize(["我喜歡這部電影 great"], "words")[0]
    assert words[-1] == "great" and len(words) > 2 and all(len(w) < 7 for w in words)
    assert tokenize(["ab c"], "chars") == [["a", "b", " ", "c"]]


def test_vocabulary_order_is_frequency_then_token_and_never_set_order():
    vocab = Vocabulary.build([["b", "a", "c", "a"], ["c", "d", "b", "a"]])
    assert vocab.tokens == [PAD, UNK, "a", "b", "c", "d"]
    assert [v.tolist() for v in vocab.encode([["a", "zzz"], []])] == [[2, 1], []]
    assert Vocabulary.build([["x", "x", "y"]], min_freq=2).tokens == [PAD, UNK, "x"]
    assert len(Vocabulary.build([list("abcdef")], max_size=4)) == 4


def test_the_hello_world_character_index_is_sorted():
    # §3.6 printed a set() order that changes per run; dlkit sorts the characters
    chars = sorted(set("Hello World!"))
    assert chars == [" ", "!", "H", "W", "d", "e", "l", "o", "r"]
    index = {c: i for i, c in enumerate(chars)}
    encoded = np.array([index[c] for c in "Hello World!"]).reshape(2, -1)
    assert encoded.tolist() == [[2, 5, 6, 6, 7, 0], [3, 7, 8, 6, 4, 1]]
