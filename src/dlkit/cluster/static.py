"""A static-embedding encoder distilled offline from the sentence-transformer (Model2Vec's idea).

Called by ``cluster/embed.py`` when the recipe says ``embed.encoder: static``. ``distill`` passes
every token of the model's vocabulary through the sentence-transformer once (``[CLS] token [SEP]``,
mean pooling), centres the vectors and keeps their first ``DIMS`` principal components: one
vector per token, computed in about a minute on a CPU and kept in the cache folder
(``static/<model>.npy``). ``StaticModel.encode`` then embeds a text as the mean of its tokens'
vectors: no transformer at all, so hundreds of texts per millisecond instead of tens per second,
at some cost in topic quality (README, Clustering). Model2Vec itself is not used: its ``distill``
extra pins transformers and huggingface_hub to older versions than dlkit's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DIMS = 256


def distill(model: Any, batch_size: int = 512) -> Any:
    """One unit ``DIMS``-D vector per vocabulary id (special tokens zero)."""
    import numpy as np

    vocab = model.tokenizer.get_vocab()
    tokens = [""] * len(vocab)
    for token, i in vocab.items():
        tokens[i] = token
    special = set(model.tokenizer.all_special_tokens)
    words = [t.removeprefix("##") if t not in special else "" for t in tokens]
    x = model.encode(
        words,
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    ).astype(np.float64)
    keep = np.array([t not in special and w != "" for t, w in zip(tokens, words)])
    centre = x[keep].mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov((x[keep] - centre).T))
    top = vectors[:, np.argsort(values)[::-1][:DIMS]]
    z = (x - centre) @ top
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    z[~keep] = 0.0
    return z.astype(np.float32)


class StaticModel:
    """The sentence-transformer's ``encode`` for a table of token vectors."""

    def __init__(self, table: Any, tokenizer: Any) -> None:
        self.table, self.tokenizer = table, tokenizer

    def get_embedding_dimension(self) -> int:
        return int(self.table.shape[1])

    def encode(self, texts: list[str], **_: Any) -> Any:
        import numpy as np

        ids = self.tokenizer(
            list(texts), add_special_tokens=False, truncation=True, max_length=256
        )["input_ids"]
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for row, tokens in enumerate(ids):
            if tokens:
                out[row] = self.table[tokens].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def load(ref: Any, cache_dir: Path | None) -> StaticModel:
    """The distilled encoder of ``ref``, distilled now when the cache has none."""
    import numpy as np

    from dlkit import files
    from dlkit.cluster.embed import load_model

    model = None
    dest = Path(cache_dir) / "static" / f"{ref.cache_key}.npy" if cache_dir else None
    if dest is not None and dest.is_file():
        table = np.load(dest)
    else:
        model = load_model(ref)
        table = distill(model)
        if dest is not None:
            with files.atomic_path(dest) as tmp, open(tmp, "wb") as handle:
                np.save(handle, table)
    if model is None:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(ref.source)
    else:
        tokenizer = model.tokenizer
    return StaticModel(table, tokenizer)
