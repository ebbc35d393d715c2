"""``dlkit predict``: load a checkpoint, let the predictor for its input kind read the inputs
(``predict/``), run the model and turn its outputs into rows. Inputs are checked before the model is
built: a run whose predictor needs inputs and got none is a usage error at once, and every missing
or unreadable input is named. Returns the rows and the list of skipped inputs."""

from __future__ import annotations

from typing import Any

from dlkit.errors import UsageError


def load_predictor(target: str) -> tuple[dict[str, Any], Any, Any]:
    """(checkpoint, typed input spec, predictor) for a run folder or checkpoint file."""
    from dlkit.components import PREDICTORS
    from dlkit.data.inputs import input_from_dict
    from dlkit.engine import checkpoint

    path = checkpoint.find(target)
    ckpt = checkpoint.load(path)
    ckpt["path"] = str(path)
    spec = input_from_dict(ckpt["input_spec"])
    return ckpt, spec, PREDICTORS.create(spec.kind, ckpt=ckpt, spec=spec)


def predict(
    target: str, words: list[str], device: str = "auto", batch_size: int = 64
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows for the inputs and the run's own options in ``words`` (the words after RUN), and
    the skipped inputs."""
    from dlkit.engine import checkpoint
    from dlkit.engine.device import select_device
    from dlkit.predict import options as predict_options
    from dlkit.predict.protocol import PredictRequest, run

    ckpt, spec, predictor = load_predictor(target)
    inputs, options = predict_options.parse(
        words, predictor.options, f"{ckpt.get('recipe', 'run')}, {spec.kind} inputs"
    )
    device_obj = select_device(device)
    if predictor.needs_inputs and not inputs and not options.get("input"):
        raise UsageError(
            f"name what to predict: this run ({ckpt['recipe']}) takes {predictor.input_help}"
        )
    data = options.pop("data", None)
    request = PredictRequest(list(inputs), str(data) if data is not None else None, options)
    prepared = predictor.read(request)
    model = checkpoint.build_model(ckpt).to(device_obj).eval()
    outputs = run(predictor, model, prepared, spec, device_obj, batch_size)
    return predictor.rows(prepared, outputs, request), request.warnings


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
