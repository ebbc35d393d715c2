"""The ``seq2seq`` report (``evaluate.report: seq2seq``, the summarisation recipes): generate a text
for every document of the split with the run's generation settings, score it against the
reference with ROUGE-1/2/L/Lsum F1 (``rouge-score``, stemmed), and write ``predictions.csv``
(article, reference, generated, per-row scores) and ``rouge.json`` (the means).

``rouge_scorer.score(target, prediction)`` takes the reference first; the tutorial's
``Rouge().get_scores(text, pred)`` passed the source article as the hypothesis. ROUGE-Lsum scores
sentence by sentence, one per line: rouge-score splits with NLTK's punkt data, which cannot be
downloaded here, so ``sentences`` splits locally at ``.``, ``!``, ``?`` (and CJK 。！？) before
whitespace. The ``outputs`` hook also gives ``evaluate`` the teacher-forced loss per target token.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS

KINDS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")


def sentences(text: str) -> str:
    """The text one sentence per line (what ROUGE-Lsum reads)."""
    return "\n".join(part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip())


def rouge(references: list[str], predictions: list[str]) -> list[dict[str, float]]:
    """Per-pair ROUGE F1 scores; each reference is scored as the target, first."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(KINDS), use_stemmer=True)
    return [
        {
            kind: float(score.fmeasure)
            for kind, score in scorer.score(sentences(ref), sentences(pred)).items()
        }
        for ref, pred in zip(references, predictions)
    ]


def outputs(
    model: Any, x: Any, y: Any, device: Any, batch: int, options: dict[str, Any]
) -> tuple[list[str], float]:
    """(generated texts, mean teacher-forced loss per target token) over the split."""
    import torch
    import torch.nn.functional as F

    generated, loss_sum, tokens = [], 0.0, 0
    docs, targets = list(x), [str(t) for t in y]
    size = min(batch, 32)
    with torch.no_grad():
        for start in range(0, len(docs), size):
            texts, refs = docs[start : start + size], targets[start : start + size]
            labels = model.labels(refs)
            logits = model(texts, labels)
            loss_sum += float(
                F.cross_entropy(
                    logits.flatten(0, 1).float(),
                    labels.flatten(),
                    ignore_index=-100,
                    reduction="sum",
                )
            )
            tokens += int((labels != -100).sum())
            generated += model.generate(texts, **options.get("generation", {}))
    return generated, loss_sum / max(tokens, 1)


@REPORTS.register("seq2seq")
def seq2seq(ctx: Any) -> dict[str, Any]:
    import pandas as pd

    references = [str(t) for t in ctx.y]
    generated = list(ctx.outputs)
    scores = rouge(references, generated)
    texts = ((getattr(ctx.dataset, "info", None) or {}).get("texts") or {}).get(ctx.split)
    articles = (
        list(texts)
        if texts is not None and len(texts) == len(references)
        else ctx.spec.decode(ctx.x)
    )
    frame = pd.DataFrame(
        {
            "article": articles,
            "reference": references,
            "generated": generated,
            **{kind: [round(s[kind], 6) for s in scores] for kind in KINDS},
        }
    )
    files.write_csv(ctx.out_dir / "predictions.csv", frame)
    means = {
        kind: float(np.mean([s[kind] for s in scores])) if scores else float("nan")
        for kind in KINDS
    }
    settings = dict(getattr(ctx.model, "generation", {}))
    files.write_json(
        ctx.out_dir / "rouge.json", {**means, "samples": len(scores), "generation": settings}
    )
    return {**means, "table": [{"metric": k, "value": v} for k, v in means.items()]}


seq2seq.outputs = outputs  # type: ignore[attr-defined]  # evaluate's hook
