"""The image predictor: files or folders of images → top-k classes with probabilities (or values,
for a regression run). Each image is prepared by the run's ``ImageInput`` exactly as in training;
missing and unreadable inputs are named one by one and skipped. ``labelled`` reads a
class-per-subfolder tree for ``evaluate --data``; ``read_payload`` takes what ``serve`` receives:
uploaded files, base64 strings (optionally ``data:image/...;base64,``), ``{"image": b64, "name":
…}`` objects or pixel arrays, each checked against the pixel limit before it is decoded."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError
from dlkit.predict.options import TOP_K
from dlkit.predict.protocol import PredictRequest, Prepared, Upload, item_name
from dlkit.tasks import definition


@PREDICTORS.register("image")
class ImagePredictor:
    options = (TOP_K,)
    needs_inputs = True
    input_help = "image files or folders"
    payload_help = (
        "image uploads (multipart), or JSON inputs: base64 strings, "
        '{"image": base64, "name": ...} or pixel arrays (0-255)'
    )

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec
        self.task = ckpt.get("task", "classification")

    def read(self, request: PredictRequest) -> Prepared:
        images, paths, problems = self.spec.read(request.inputs)
        request.warnings.extend(f"{p}, skipped" for p in problems)
        return Prepared(images, paths)

    def read_payload(self, items: list[Any], request: PredictRequest) -> Prepared:
        limit = request.options.get("max_pixels")
        images, names = [], []
        for index, item in enumerate(items):
            name = item_name(index, item)
            try:
                if isinstance(item, dict):
                    name = str(item.get("name") or name)
                    item = item.get("image")
                images.append(self._payload_image(item, limit))
            except DataError as exc:
                raise type(exc)(f"{name}: {exc}") from None
            names.append(name)
        if not images:
            raise DataError('no inputs: upload image files or send {"inputs": [...]}')
        return Prepared(np.stack(images), names)

    def _payload_image(self, item: Any, limit: int | None) -> np.ndarray:
        import base64
        import binascii

        if isinstance(item, Upload):
            return self.spec.decode_bytes(item.data, limit)
        if isinstance(item, str):
            text = item.split(",", 1)[1] if item.startswith("data:") else item
            try:
                raw = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                raise DataError(
                    "not valid base64 (send the image file's bytes base64-encoded)"
                ) from None
            return self.spec.decode_bytes(raw, limit)
        if isinstance(item, list):
            return self.spec.from_pixels(item, limit)
        raise DataError(
            f'expected a base64 string, an {{"image": ...}} object or a pixel array, '
            f"not {type(item).__name__}"
        )

    def labelled(self, path: str) -> tuple[np.ndarray, np.ndarray] | None:
        found = self.spec.labelled(path, list(self.ckpt.get("classes") or []))
        return None if found is None else found[:2]

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        import torch

        from dlkit.tasks import make_task

        with torch.no_grad():
            _, values = make_task(self.task).predict(outputs)
        values = values.numpy()
        if not definition(self.task).has_classes:
            return [
                {"file": str(path), "value": [round(float(v), 6) for v in np.atleast_1d(row)]}
                for path, row in zip(prepared.keys, values)
            ]
        return top_k_rows(
            prepared.keys, values, self.ckpt.get("classes"), int(request.options.get("top_k", 3))
        )


def top_k_rows(
    keys: list, probs: np.ndarray, classes: list[str] | None, top_k: int, key_name: str = "file"
) -> list[dict]:
    """``{key, prediction, probability, top: [{class, p}…]}`` per row of class probabilities."""
    names = classes or [str(i) for i in range(probs.shape[1])]
    k = max(1, min(top_k, probs.shape[1]))
    rows = []
    for key, p in zip(keys, probs):
        order = np.argsort(-p, kind="stable")[:k]
        rows.append(
            {
                key_name: str(key),
                "prediction": names[order[0]],
                "probability": round(float(p[order[0]]), 6),
                "top": [{"class": names[i], "p": round(float(p[i]), 6)} for i in order],
            }
        )
    return rows
