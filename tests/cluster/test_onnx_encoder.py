"""The ONNX encoders run the packaged all-MiniLM-L6-v2 in onnxruntime: the float graph gives the
sentence-transformer's vectors, int8 close ones; both are exported once into the cache and plug
into ``dlkit cluster`` as ``embed.encoder``."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dlkit.caches import cache_root
from dlkit.cluster import embed, onnx_encoder
from dlkit.hf_hub import bundled_model_dir

TEXTS = [
    "the battery died after two days, terrible phone",
    "great coffee and very friendly staff",
    "刷卡很方便，店員態度很好",
    "x",
]


@pytest.fixture(scope="module")
def ref():
    folder = bundled_model_dir()
    assert folder is not None
    return embed.ModelRef(str(folder), "all-MiniLM-L6-v2")


def test_float_graph_gives_the_transformers_vectors(ref):
    model = onnx_encoder.load(ref, quantized=False)
    got = model.encode(TEXTS, batch_size=3)
    want = embed.load_model(ref).encode(TEXTS, normalize_embeddings=True)
    assert got.shape == (4, 384) and model.get_sentence_embedding_dimension() == 384
    assert np.abs(got - want).max() < 1e-4
    assert (cache_root() / "onnx" / ref.cache_key / "model.onnx").is_file()  # exported once


def test_int8_graph_is_close_and_kept_beside_it(ref):
    float_vectors = onnx_encoder.load(ref, quantized=False).encode(TEXTS)
    model = onnx_encoder.load(ref, quantized=True)
    got = model.encode(TEXTS)
    assert (cache_root() / "onnx" / ref.cache_key / "model-int8.onnx").is_file()
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, rtol=1e-5)
    assert (got * float_vectors).sum(1).min() > 0.9


def test_pooling_the_encoder_cannot_do_is_one_line(tmp_path):
    from dlkit.errors import UsageError

    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(
        json.dumps({"pooling_mode_max_tokens": True, "pooling_mode_mean_tokens": False})
    )
    with pytest.raises(UsageError, match="pools by mean or CLS"):
        onnx_encoder._sentence_config(tmp_path)
    with pytest.raises(UsageError, match="not a sentence-transformers folder|not one"):
        onnx_encoder.load(embed.ModelRef("some/hub-id", "some/hub-id"), False)


def test_auto_chooses_onnx_for_a_local_folder_only(ref):
    from dlkit.cluster.encoders import resolve_encoder

    assert resolve_encoder("auto", ref) == "onnx"
    assert resolve_encoder("auto", embed.ModelRef("org/some-hub-model", "org/x")) == "transformer"
    assert resolve_encoder("transformer", ref) == "transformer"
