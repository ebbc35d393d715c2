"""The typed input spec of a seq2seq run (kind ``documents``): raw documents in, texts out.

``DocumentInput`` stores what turns a user's document into the model's input exactly as in
training: the ``source_prefix`` (T5's task prefix, ``"summarize: "``; the tutorial forgot it at
inference) put in front of each stripped text, and the columns the training file used, so
``predict --input file.csv`` finds them. The model tokenises the strings (``families/transformers/hf_text.py``).
Registered in ``components.INPUT_KINDS``; its predictor is ``families/transformers/document_predictor.py``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.families.text.text_input import IdsBatchTransform, strings


@INPUT_KINDS.register("documents")
@dataclass
class DocumentInput:
    kind: ClassVar[str] = "documents"
    shape: list[int]
    source_prefix: str = ""
    text_column: str | None = None
    target_column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    def batch_transform(self, augment: Any = None) -> IdsBatchTransform:
        return IdsBatchTransform()  # strings pass through to the model

    def encode(self, texts: list[str]) -> np.ndarray:
        return strings([self.source_prefix + " ".join(str(t).split()) for t in texts])

    def decode(self, x: np.ndarray) -> list[str]:
        """Inputs back to the documents (the prefix taken off)."""
        return [str(v).removeprefix(self.source_prefix) for v in x]

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        rng = np.random.default_rng(seed)
        words = ["news", "market", "city", "rain", "team", "won", "said", "today"]
        return self.encode([" ".join(rng.choice(words, 12)) for _ in range(n)])
