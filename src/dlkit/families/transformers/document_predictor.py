"""The document predictor (input kind ``documents``, the seq2seq runs): documents → generated text.

Inputs: each argument is a document file when one exists at that path (several files allowed),
else the text itself; ``--input FILE`` is one more document (its whole text), or with ``--column``
(or a .csv/.tsv/.jsonl file) one document per row of that column (default: the run's text
column). Each is prefixed and normalised by the run's ``DocumentInput`` as in training. The model
generates with the recipe's settings; ``--num-beams``, ``--max-new-tokens`` and
``--repetition-penalty`` override them (``request.options``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.components import PREDICTORS
from dlkit.errors import DataError, UsageError
from dlkit.predict.options import COLUMN, INPUT_FILE, PredictOption
from dlkit.predict.protocol import PredictRequest, Prepared

GENERATION = ("num_beams", "max_new_tokens", "repetition_penalty", "length_penalty")


def _read_file(path: Path) -> str:
    from dlkit.families.text.text_files import decode

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(raw, path)[0]


def read_documents(request: PredictRequest, default_column: str | None) -> list[tuple[str, str]]:
    """(name, text) of every document named by the request."""
    from dlkit.families.text.text_predictor import TABLE_SUFFIXES, read_inputs

    docs = []
    for number, item in enumerate(request.inputs, 1):
        path = Path(item).expanduser()
        docs.append((str(path), _read_file(path)) if path.is_file() else (f"text {number}", item))
    source = request.options.get("input")
    if source and (request.options.get("column") or Path(source).suffix.lower() in TABLE_SUFFIXES):
        column_request = PredictRequest(
            [], options={"input": source, "column": request.options.get("column")}
        )
        rows = read_inputs(column_request, default_column)
        docs += [(f"{source}:{i}", text) for i, text in enumerate(rows, 1)]
    elif source:
        path = Path(source).expanduser()
        if not path.is_file():
            raise DataError(f"--input {source}: no such file")
        docs.append((str(path), _read_file(path)))
    elif request.options.get("column"):
        raise UsageError("--column names a column of the --input file; give --input FILE too")
    return docs


NUM_BEAMS = PredictOption(
    "num_beams", "--num-beams", int, "Beams for generation (default: the recipe's).", 1
)
MAX_NEW_TOKENS = PredictOption(
    "max_new_tokens", "--max-new-tokens", int, "Tokens to generate at most.", 1
)
REPETITION_PENALTY = PredictOption(
    "repetition_penalty", "--repetition-penalty", float, "> 1 discourages repeats.", 0.01
)


@PREDICTORS.register("documents")
class DocumentPredictor:
    options = (INPUT_FILE, COLUMN, NUM_BEAMS, MAX_NEW_TOKENS, REPETITION_PENALTY)
    needs_inputs = True
    input_help = "documents (texts or files as arguments, or --input FILE [--column NAME])"

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec

    def read(self, request: PredictRequest) -> Prepared:
        if request.options.get("prompt") is not None:
            raise UsageError(
                f"--prompt is for charlm runs; this run ({self.ckpt['recipe']}) "
                "takes documents as arguments or --input FILE"
            )
        kept, names = [], []
        for name, text in read_documents(request, self.spec.text_column):
            if text.strip():
                kept.append(text)
                names.append(name)
            else:
                request.warnings.append(f"{name} is empty, skipped")
        if not kept:
            raise DataError("no documents to predict: every input is empty")
        generation = {k: request.options[k] for k in GENERATION if k in request.options}
        return Prepared(self.spec.encode(kept), names, {"generation": generation})

    def run(self, model: Any, prepared: Prepared, device: Any, batch_size: int) -> list[str]:
        overrides = prepared.extra.get("generation", {})
        out: list[str] = []
        size = max(1, min(batch_size, 16))
        for start in range(0, len(prepared.x), size):
            out += model.generate(list(prepared.x[start : start + size]), **overrides)
        return out

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        return [{"input": name, "generated": text} for name, text in zip(prepared.keys, outputs)]
