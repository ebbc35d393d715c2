"""The sentence-transformer run by onnxruntime (``embed.encoder: onnx`` and ``onnx-int8``).

Called by ``cluster/stage_work.py``. The model's transformer is exported once to ONNX with
PyTorch's exporter (dynamic batch and length axes) into ``caches.cache_root()/onnx/<model>/``;
``onnx-int8`` also keeps onnxruntime's dynamically quantised copy (int8 weights, float
activations). ``OnnxModel.encode`` tokenises with the model's own tokenizer, runs the graph and
pools as the model's sentence-transformers config says (mean or CLS), normalised, so it answers
the call ``cluster/embed.py`` makes of any encoder. Measured here on the packaged MiniLM: the float
graph gives the same vectors (max difference 2e-7) about 1.1× faster on one CPU thread; int8 about
2.8× faster at mean cosine 0.97 to the float vectors (README, Clustering).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlkit.errors import UsageError

if TYPE_CHECKING:  # numpy is imported where vectors are made: ``auto`` asks ``supports`` on the
    import numpy as np  # warm path of an unchanged re-run, which imports no numpy

POOLINGS = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}


class OnnxModel:
    """``encode(texts, batch_size, ...)`` and the embedding width, like a SentenceTransformer."""

    def __init__(self, session: Any, tokenizer: Any, pooling: str, max_length: int) -> None:
        self.session, self.tokenizer = session, tokenizer
        self.pooling, self.max_length = pooling, max_length
        self.width = int(session.get_outputs()[0].shape[-1])

    def get_sentence_embedding_dimension(self) -> int:
        return self.width

    def encode(self, texts: list[str], batch_size: int = 64, **_: Any) -> np.ndarray:
        """Unit-length float32 vectors, one per text (the other keywords are accepted and the
        vectors are always normalised, as ``cluster/embed.py`` asks)."""
        import numpy as np

        out = [self._batch(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return np.concatenate(out) if out else np.zeros((0, self.width), np.float32)

    def _batch(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        enc = self.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="np"
        )
        ids = enc["input_ids"].astype(np.int64)
        mask = enc["attention_mask"].astype(np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        if self.pooling == "cls":
            vectors = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            vectors = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def supports(ref: Any) -> bool:
    """Whether ``ref`` is a local sentence-transformers folder this encoder can run (what
    ``embed.encoder: auto`` asks before choosing it)."""
    if not (Path(ref.source) / "config.json").is_file():
        return False
    try:
        _sentence_config(Path(ref.source))
    except UsageError:
        return False
    return True


def load(ref: Any, quantized: bool) -> OnnxModel:
    """The ONNX encoder of ``ref`` (a sentence-transformers folder), exported on first use into
    ``caches.cache_root()/onnx/<model>/`` (shared by every run and cache folder)."""
    import onnxruntime as ort

    from dlkit.caches import cache_root
    from transformers import AutoTokenizer

    source = Path(ref.source)
    if not (source / "config.json").is_file():
        raise UsageError(
            f"embed.encoder onnx runs a local sentence-transformers folder; '{ref.source}' is "
            "not one (download it first, or use embed.encoder: transformer)"
        )
    graph = _export(source, cache_root() / "onnx" / ref.cache_key)
    if quantized:
        graph = _quantized(graph)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    pooling, max_length = _sentence_config(source)
    return OnnxModel(session, AutoTokenizer.from_pretrained(str(source)), pooling, max_length)


def _export(source: Path, folder: Path) -> Path:
    """``folder/model.onnx``: the transformer's last hidden state for (input_ids, mask)."""
    dest = folder / "model.onnx"
    if dest.is_file():
        return dest
    import torch

    from dlkit import files
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source)).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=ids, attention_mask=mask).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with files.atomic_path(dest) as tmp, torch.no_grad():
        torch.onnx.export(
            Hidden(model),
            (ids, torch.ones_like(ids)),
            str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
            opset_version=17,
            dynamo=False,
        )
    return dest


def _quantized(graph: Path) -> Path:
    """onnxruntime's dynamic int8 quantisation of ``graph``, made once beside it."""
    dest = graph.with_name("model-int8.onnx")
    if dest.is_file():
        return dest
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from dlkit import files

    with files.atomic_path(dest) as tmp:
        quantize_dynamic(str(graph), str(tmp), weight_type=QuantType.QInt8)
    return dest


def _sentence_config(source: Path) -> tuple[str, int]:
    """(pooling, max tokens) from the folder's sentence-transformers files (mean, 256 if absent)."""
    pooling, max_length = "mean", 256
    for config in source.glob("*_Pooling/config.json"):
        settings = json.loads(config.read_text())
        chosen = [POOLINGS[k] for k, v in settings.items() if v and k in POOLINGS]
        unknown = [k for k, v in settings.items() if v is True and k not in POOLINGS]
        if unknown or len(chosen) > 1:
            raise UsageError(
                f"embed.encoder onnx pools by mean or CLS; {source.name} asks for "
                f"{', '.join(unknown or chosen)} (use embed.encoder: transformer)"
            )
        pooling = chosen[0] if chosen else pooling
    bert = source / "sentence_bert_config.json"
    if bert.is_file():
        max_length = int(json.loads(bert.read_text()).get("max_seq_length", max_length))
    return pooling, max_length
