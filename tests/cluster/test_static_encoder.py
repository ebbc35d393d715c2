"""The static encoder: token vectors distilled from a sentence-transformer, texts as their mean."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from dlkit.cluster import static


class FakeTokenizer:
    all_special_tokens = ("[CLS]", "[SEP]")
    vocab: ClassVar[dict[str, int]] = {
        "[CLS]": 0,
        "[SEP]": 1,
        "hotel": 2,
        "room": 3,
        "##s": 4,
        "flight": 5,
    }

    def get_vocab(self):
        return dict(self.vocab)

    def __call__(self, texts, **_):
        ids = [[self.vocab[w] for w in t.split() if w in self.vocab] for t in texts]
        return {"input_ids": ids}


class FakeTransformer:
    tokenizer = FakeTokenizer()

    def encode(self, words, **_):
        rng = np.random.default_rng(0)
        table = {w: rng.standard_normal(8) for w in ["", "hotel", "room", "s", "flight"]}
        x = np.stack([table[w] for w in words])
        return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_distilled_table_and_mean_of_tokens(monkeypatch):
    monkeypatch.setattr(static, "DIMS", 3)
    table = static.distill(FakeTransformer())
    assert table.shape == (6, 3)
    assert not table[:2].any()  # special tokens carry nothing
    np.testing.assert_allclose(np.linalg.norm(table[2:], axis=1), 1.0, rtol=1e-5)
    model = static.StaticModel(table, FakeTokenizer())
    x = model.encode(["hotel room", "flight", "nothing known"])
    assert model.get_embedding_dimension() == 3
    expected = table[2] + table[3]
    np.testing.assert_allclose(x[0], expected / np.linalg.norm(expected), rtol=1e-5)
    assert not x[2].any()  # no known token: a zero vector
