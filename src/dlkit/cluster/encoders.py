"""Which encoder embeds the texts (``embed.encoder``): ``auto`` resolved, the cache identity each
encoder's vectors are kept under, and how ``embed.embed_texts`` loads it. Called by
``stage_work.py`` and ``pipeline.py``; the encoders themselves are the sentence-transformer
(``embed.py``), ``onnx_encoder.py`` and ``static.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlkit.cluster import embed


def resolve_encoder(encoder: str, ref: embed.ModelRef) -> str:
    """``auto`` (the default): the ONNX graph of the model when it is a local sentence-transformers
    folder it can run (same vectors, faster: README, Clustering), else the transformer."""
    if encoder != "auto":
        return encoder
    from dlkit.cluster import onnx_encoder

    return "onnx" if onnx_encoder.supports(ref) else "transformer"


def encoder_ref(encoder: str, ref: embed.ModelRef) -> embed.ModelRef:
    """The cache identity of ``ref`` run by ``encoder``: the float ONNX graph gives the
    transformer's vectors (to 2e-7), so both share one cache; int8 and static have their own."""
    if encoder in ("transformer", "onnx"):
        return ref
    return embed.ModelRef(ref.source, f"{ref.identity}|{encoder}")


def encoder_loader(
    encoder: str, ref: embed.ModelRef, cache_dir: Path | None
) -> Callable[[embed.ModelRef], Any] | None:
    """How ``embed.embed_texts`` loads the encoder (None: the sentence-transformer itself)."""
    if encoder == "static":
        from dlkit.cluster import static

        return lambda _: static.load(ref, cache_dir)
    if encoder in ("onnx", "onnx-int8"):
        from dlkit.cluster import onnx_encoder

        return lambda _: onnx_encoder.load(ref, quantized=encoder == "onnx-int8")
    return None
