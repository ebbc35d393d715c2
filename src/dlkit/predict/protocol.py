"""The predictor protocol: read inputs into arrays, run the model, turn outputs into rows.

A predictor is registered in ``components.PREDICTORS`` under an input kind (``data/inputs.py``)
and built as ``cls(ckpt=..., spec=...)`` from a checkpoint and its typed input spec. Its protocol
and its optional abilities are declared in ``dlkit/protocols.py`` (``Predictor``, ``Generative``,
``Labelled``, ``Servable``); this module holds the request types and the shared forward pass. It has:

- ``needs_inputs`` (bool) and ``input_help`` (what to name on the command line, e.g. "image files
  or folders"): ``predict`` answers a missing input at once, before loading the model;
- ``read(request) -> Prepared``: the request's inputs as one array batch plus what ``rows`` needs
  (paths, dates…); each skipped input is a line in ``request.warnings``;
- ``rows(prepared, outputs, request) -> list[dict]``: one JSON-able row per input;
- optionally ``run(model, prepared, device, batch_size) -> outputs`` for generators (a prompt, a
  number of samples and a seed → texts or images); without it ``forward`` runs the batches;
- optionally ``labelled(path) -> (x, y) | None``: new labelled data of the kind for ``evaluate
  --data`` (None: not data in this predictor's layout; the recipe's data module reads it then);
- optionally ``read_payload(items, request) -> Prepared`` and ``payload_help``: the same, for
  inputs that arrive over HTTP (``dlkit serve``) instead of as paths: ``items`` is the JSON
  ``inputs`` list (numbers, texts, base64 strings, records) and/or ``Upload``s (multipart files);
  ``request.options`` carries ``max_pixels`` and ``top_k``; a bad item is a ``DataError`` that names
  it (``inputs[2]: …``) and nothing is skipped. ``rows`` then makes the rows ``predict`` prints.
  A predictor without ``read_payload`` cannot be served (``serve`` says so at start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlkit.protocols import Generative, Predictor

__all__ = ["Predictor", "PredictRequest", "Prepared", "Upload", "forward", "item_name", "run"]


@dataclass
class PredictRequest:
    inputs: list[str]  # what was named on the command line
    data: str | None = None  # --data (series read their history from it)
    options: dict[str, Any] = field(default_factory=dict)  # top_k, and generator options
    warnings: list[str] = field(default_factory=list)  # skipped inputs, shown on stderr


@dataclass
class Prepared:
    x: Any  # the model-ready array batch (before the transform)
    keys: list[Any]  # one entry per row of x: its path, stock, prompt…
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Upload:
    """One file of a multipart request: its client-side name and its bytes."""

    name: str
    data: bytes


def item_name(index: int, item: Any) -> str:
    """How a payload item is named in rows and errors: an upload's file name, else ``inputs[i]``."""
    return item.name if isinstance(item, Upload) and item.name else f"inputs[{index}]"


def forward(model: Any, x: Any, transform: Any, device: Any, batch_size: int) -> Any:
    """The model's raw outputs for every row of ``x`` (CPU float32), in eval batches."""
    import numpy as np
    import torch

    from dlkit.engine.loader import ArrayLoader

    loader = ArrayLoader(x, np.zeros(len(x), dtype=np.int64), batch_size, device, transform)
    chunks = []
    with torch.no_grad():
        for xb, _ in loader:
            chunks.append(model(xb).float().cpu())
    return torch.cat(chunks) if chunks else torch.zeros(0)


def run(
    predictor: Any, model: Any, prepared: Prepared, spec: Any, device: Any, batch_size: int
) -> Any:
    """The predictor's own ``run`` (generators) or a batched forward pass."""
    if isinstance(predictor, Generative):
        return predictor.run(model, prepared, device, batch_size)
    return forward(model, prepared.x, spec.batch_transform(), device, batch_size)
