"""The text predictor (input kind ``text``): texts → label and probability, top-k for multi-class.

Texts come as command-line arguments (each one a text), from ``--input FILE`` (one text per line)
or from a CSV/TSV/JSONL ``--input`` with ``--column`` (default: the run's text column, else an
obvious one). Each is prepared by the run's ``TextInput`` exactly as in training (cleaning,
tokenizer, vocabulary, padding); empty texts are named and skipped. ``labelled`` reads a labelled
file of the run's classes for ``evaluate --data``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError, UsageError
from dlkit.families.images.image_predictor import top_k_rows
from dlkit.predict.options import COLUMN, INPUT_FILE, TOP_K
from dlkit.predict.protocol import PredictRequest, Prepared

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")


def read_inputs(request: PredictRequest, default_column: str | None) -> list[str]:
    """The texts of the arguments and of ``--input`` (lines, or a table's column)."""
    texts = list(request.inputs)
    source = request.options.get("input")
    column = request.options.get("column")
    if source:
        path = Path(source).expanduser()
        if path.suffix.lower() in TABLE_SUFFIXES or column:
            from dlkit.families.text.text_files import (
                TEXT_NAMES,
                find_column,
                read_table,
                refuse_nested,
            )

            frame = read_table(path).frame
            wanted = column or (default_column if default_column in frame.columns else None)
            name = find_column(frame, wanted, TEXT_NAMES, "text", "--column")
            refuse_nested(frame, name, path, "text")
            texts += [str(v) for v in frame[name].tolist()]
        else:
            from dlkit.families.text.text_files import decode

            if not path.is_file():
                from dlkit.files import not_a_file

                raise DataError(
                    f"--input {source}: no such file"
                    if not path.exists()
                    else f"--input {not_a_file(path)}"
                )
            text, _, _ = decode(path.read_bytes(), path)
            texts += text.splitlines()
    elif column:
        raise UsageError("--column names a column of the --input file; give --input FILE too")
    return texts


@PREDICTORS.register("text")
class TextPredictor:
    options = (INPUT_FILE, COLUMN, TOP_K)
    needs_inputs = True
    input_help = "texts (as arguments, or --input FILE [--column NAME])"
    payload_help = 'JSON inputs: texts, e.g. {"inputs": ["a great film", "dull"]}'

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec
        self.task = ckpt.get("task", "classification")

    def read(self, request: PredictRequest) -> Prepared:
        if request.options.get("prompt") is not None:
            raise UsageError(
                f"--prompt is for generative runs (charlm); this run "
                f"({self.ckpt['recipe']}) classifies texts"
            )
        texts = read_inputs(request, self.spec.text_column)
        kept = []
        for number, text in enumerate(texts, 1):
            if text.strip():
                kept.append(text)
            else:
                request.warnings.append(f"text {number} is empty, skipped")
        if not kept:
            raise DataError("no texts to predict: every input is empty")
        return Prepared(self.spec.encode(kept), kept)

    def read_payload(self, items: list[Any], request: PredictRequest) -> Prepared:
        """``serve``'s JSON inputs: a list of texts, prepared exactly as ``read`` prepares them."""
        from dlkit.families.text.text_payload import texts_of

        texts = texts_of(items)
        return Prepared(self.spec.encode(texts), texts)

    def labelled(self, path: str) -> tuple[np.ndarray, np.ndarray] | None:
        if Path(path).expanduser().is_dir():
            return None
        x, y, _ = self.spec.labelled(path, list(self.ckpt.get("classes") or []))
        return x, y

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        import torch

        from dlkit.tasks import make_task

        with torch.no_grad():
            _, probs = make_task(self.task).predict(outputs)
        return top_k_rows(
            prepared.keys,
            probs.numpy(),
            self.ckpt.get("classes"),
            int(request.options.get("top_k") or 3),
            key_name="text",
        )
