"""``dlkit predict``: load a checkpoint and hand the inputs to the predictor for its input kind
(images, series, …). Returns the rows and the list of skipped inputs."""

from __future__ import annotations

from typing import Any


def predict(target: str, inputs: list[str], data: str | None = None, top_k: int = 3,
            device: str = "auto", batch_size: int = 64) -> tuple[list[dict[str, Any]], list[str]]:
    from dlkit.components import PREDICTORS
    from dlkit.engine import checkpoint
    from dlkit.engine.device import select_device
    from dlkit.evaluate.context import PredictContext

    path = checkpoint.find(target)
    ckpt = checkpoint.load(path)
    device_obj = select_device(device)
    model = checkpoint.build_model(ckpt).to(device_obj).eval()
    kind = ckpt["input_spec"].get("kind", "image")
    ctx = PredictContext(ckpt=ckpt, model=model, device=device_obj, inputs=list(inputs),
                         data=data, top_k=top_k, batch_size=batch_size)
    rows = PREDICTORS.get(kind)(ctx)
    return rows, ctx.warnings


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text of prediction rows (nested lists flattened into numbered columns)."""
    import csv
    import io

    flat = [_flatten(r) for r in rows]
    fields: list[str] = []
    for row in flat:
        fields += [k for k in row if k not in fields]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)
    return buffer.getvalue()


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, list):
            for i, item in enumerate(value, 1):
                if isinstance(item, dict):
                    out.update({f"{k}{i}": v for k, v in item.items()})
                else:
                    out[f"{key}{i}"] = item
        else:
            out[key] = value
    return out
