"""Lexical features blended into the sentence embeddings, for text the model does not understand.

Called by the cluster pipeline. all-MiniLM-L6-v2 (the offline default) is an English model: on
Chinese reviews its vectors follow sentence shape, not subject. Blending in an LSA view of the
jieba words (TF-IDF → truncated SVD, unit length) restores the topics. ``auto`` turns it on only for
the default model on mostly-CJK input; ``--lexical-weight`` sets it by hand for any model.
"""

from __future__ import annotations

import re
from typing import Any

from dlkit.cluster import vector_file
from dlkit.errors import UsageError

AUTO_WEIGHT = 0.5
CJK_SHARE = 0.3
MAX_COMPONENTS = 100
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def auto_weight(texts: list[str], default_model: bool) -> float:
    """0.5 for the English default model on input where ≥ 30 % of texts contain CJK, else 0."""
    if not default_model or not texts:
        return 0.0
    share = sum(1 for t in texts if _CJK.search(t)) / len(texts)
    return AUTO_WEIGHT if share >= CJK_SHARE else 0.0


def lexical_vectors(tokens: list[list[str]], seed: int = 42) -> Any:
    """Unit-length LSA vectors of the token lists (zeros for texts with no kept word)."""
    import numpy as np
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True)
        tfidf = vectorizer.fit_transform(tokens)
    except ValueError:  # no words at all
        return np.zeros((len(tokens), 1), dtype=np.float32)
    k = min(MAX_COMPONENTS, tfidf.shape[1] - 1, tfidf.shape[0] - 1)
    z = tfidf.toarray() if k < 2 else TruncatedSVD(k, random_state=seed).fit_transform(tfidf)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    return (z / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def blend(x: Any, lex: Any, weight: float, out: Any = None, batch: int = 16_384) -> Any:
    """``[sqrt(1-w)·x, sqrt(w)·lex]`` re-normalised: cosine = (1-w)·semantic + w·lexical;
    computed ``batch`` rows at a time into ``out`` (float32, e.g. a memory-mapped file)."""
    import numpy as np

    if not 0.0 <= weight <= 1.0:
        raise UsageError("--lexical-weight must be between 0 and 1")
    if weight == 0.0:
        return x
    if out is None:
        out = np.empty((x.shape[0], x.shape[1] + lex.shape[1]), dtype=np.float32)
    for start in range(0, x.shape[0], batch):
        rows = np.asarray(x[start : start + batch], dtype=np.float32)
        z = np.hstack([np.sqrt(1.0 - weight) * rows, np.sqrt(weight) * lex[start : start + batch]])
        norms = np.linalg.norm(z, axis=1, keepdims=True)
        out[start : start + batch] = z / np.where(norms == 0, 1.0, norms)
        vector_file.release(x)
        vector_file.release(out)
    return out
