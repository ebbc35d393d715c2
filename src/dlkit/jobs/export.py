"""``dlkit export``: a trained run as a TorchScript or ONNX file, verified before it is kept.

The model is rebuilt from the checkpoint (a head trained on cached backbone features gets its
backbone in front, so the whole model is exported), put in eval mode, and traced (TorchScript) or
exported with PyTorch's current exporter (ONNX, ``dynamo=True``) with a dynamic batch axis. The
exported file is then reloaded (``torch.jit.load`` / onnxruntime) and run on sample inputs from the
run's own input spec (``spec.sample``) at two batch sizes other than the traced one; the largest
absolute difference from the checkpoint's outputs is reported, and above ``atol`` nothing is kept
(exit 3). Beside ``FILE`` goes ``FILE.json``: input name, shape and dtype, the preprocessing (the
input spec), class names, task and the verification result. What cannot be exported is one line.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError
from dlkit.protocols import Sampled

FORMATS = {"torchscript": ".pt", "onnx": ".onnx"}
TRACE_BATCH = 2  # the batch traced; verified at 1 and ``samples``


def export(
    target: str, fmt: str = "onnx", out: str | None = None, atol: float = 1e-4, samples: int = 8
) -> dict[str, Any]:
    """Export, verify and describe one run; returns the summary also written as ``FILE.json``."""
    import torch

    from dlkit import files
    from dlkit.engine import checkpoint
    from dlkit.jobs.predict import load_predictor

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: use torchscript or onnx")
    if not atol >= 0:
        raise UsageError(f"--atol {atol}: give a tolerance >= 0")
    if samples < 1:
        raise UsageError(f"--samples {samples}: give at least 1")
    if out is not None:
        files.check_writable(out, "--out", kind="file")
        files.check_writable(f"{out}.json", "--out", kind="file")
    ckpt, spec, _ = load_predictor(target)
    recipe = ckpt.get("recipe", "run")
    if not isinstance(spec, Sampled):
        raise UsageError(
            f"cannot export {recipe}: its '{spec.kind}' inputs declare no sample "
            "form to verify an export with"
        )
    dest = Path(out) if out else Path(ckpt["path"]).parent / "export" / f"model{FORMATS[fmt]}"
    if out is None:
        files.check_writable(dest, "export folder", kind="file")
    model = checkpoint.build_model(ckpt).eval()
    if not isinstance(model, torch.nn.Module):
        raise UsageError(
            f"cannot export {recipe}: its model {ckpt['model']['name']} is not a "
            "torch network (a fitted estimator or a hand-written NumPy net); its "
            "run folder's best.pt is what predict and serve load"
        )
    x = _model_inputs(spec, samples)
    with files.atomic_path(dest) as tmp:
        with _quiet():
            (_torchscript if fmt == "torchscript" else _onnx)(
                model, x[:TRACE_BATCH], tmp, recipe, ckpt["model"]["name"]
            )
            diff = verify(fmt, tmp, model, x)
        if diff > atol:
            raise DataError(
                f"the exported {fmt} file disagrees with the checkpoint: max abs "
                f"difference {diff:.3g} > --atol {atol:g}; nothing written"
            )
    summary = describe(ckpt, spec, fmt, dest, model, x, diff, atol)
    files.write_json(f"{dest}.json", summary)
    return summary


def _model_inputs(spec: Any, samples: int) -> Any:
    """Sample inputs as the model sees them: the spec's stored form through its batch transform."""
    import torch

    with torch.no_grad():
        return spec.batch_transform()(torch.from_numpy(spec.sample(max(samples, 1), seed=0)))


@contextlib.contextmanager
def _quiet():
    """Exporters print graphs and deprecation notes; a user sees only dlkit's own lines."""
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        warnings.simplefilter("ignore")
        yield


def _refuse(fmt: str, recipe: str, model_name: str, exc: BaseException) -> UsageError:
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # exporters colour their messages
    reason = " ".join(plain.split())[:200] or type(exc).__name__
    return UsageError(
        f"cannot export {recipe} (model {model_name}) to {fmt}: {type(exc).__name__}: {reason}"
    )


def _torchscript(model: Any, x: Any, dest: Path, recipe: str, model_name: str) -> None:
    import torch

    try:
        with torch.no_grad():
            traced = torch.jit.trace(model, x)
        torch.jit.save(traced, str(dest))
    except Exception as exc:  # noqa: BLE001 - any tracer failure is the one-line refusal
        raise _refuse("torchscript", recipe, model_name, exc) from None


def _onnx(model: Any, x: Any, dest: Path, recipe: str, model_name: str) -> None:
    import torch

    try:
        program = torch.onnx.export(
            model,
            (x,),
            dynamo=True,
            input_names=["input"],
            output_names=["output"],
            verbose=False,
            dynamic_shapes=({0: torch.export.Dim("batch")},),
        )
        if program is None:  # the dynamo exporter always returns one
            raise RuntimeError("the exporter returned no program")
        program.save(str(dest))
    except Exception as exc:  # noqa: BLE001 - any exporter failure is the one-line refusal
        raise _refuse("onnx", recipe, model_name, exc) from None


def load_exported(fmt: str, path: Path) -> Any:
    """A callable numpy-in, numpy-out runner of an exported file."""
    if fmt == "torchscript":
        import torch

        module = torch.jit.load(str(path), map_location="cpu").eval()

        def run_ts(x: Any) -> Any:
            with torch.no_grad():
                return module(torch.from_numpy(x)).numpy()

        return run_ts
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda x: session.run(None, {name: x})[0]


def verify(fmt: str, path: Path, model: Any, x: Any) -> float:
    """Max abs difference between the model and the reloaded file, at batch 1 and ``len(x)``."""
    import numpy as np
    import torch

    run = load_exported(fmt, path)
    with torch.no_grad():
        expected = model(x).float().numpy()
    worst = 0.0
    for batch in (x[:1], x):
        got = run(np.ascontiguousarray(batch.numpy()))
        want = expected[: len(batch)]
        if got.shape != want.shape:
            raise DataError(
                f"the exported {fmt} file gives outputs shaped {list(got.shape)} for "
                f"a batch of {len(batch)}, the checkpoint {list(want.shape)}"
            )
        worst = max(worst, float(np.abs(got.astype(np.float64) - want).max(initial=0.0)))
    return worst


def describe(
    ckpt: dict[str, Any],
    spec: Any,
    fmt: str,
    dest: Path,
    model: Any,
    x: Any,
    diff: float,
    atol: float,
) -> dict[str, Any]:
    """What a caller of the exported file needs, as written to ``FILE.json``."""
    import torch

    from dlkit import __version__

    with torch.no_grad():
        out_shape = list(model(x[:1]).shape[1:])
    task = ckpt.get("task", "classification")
    return {
        "file": str(dest),
        "format": fmt,
        "recipe": ckpt.get("recipe"),
        "task": task,
        "model": ckpt["model"]["name"],
        "input": {
            "name": "input",
            "shape": ["batch", *x.shape[1:]],
            "dtype": str(x.dtype).replace("torch.", ""),
        },
        "output": {
            "name": "output",
            "shape": ["batch", *out_shape],
            "postprocess": _postprocess(task),
        },
        "preprocessing": spec.to_dict(),
        "classes": list(ckpt.get("classes") or []),
        "verified": {
            "samples": int(len(x)),
            "batches": [1, int(len(x))],
            "max_abs_diff": diff,
            "atol": atol,
        },
        "checkpoint": str(ckpt["path"]),
        "dlkit": __version__,
        "torch": torch.__version__,
    }


def _postprocess(task: str) -> str:
    """What the task declares its outputs need (``none`` for a task not installed here)."""
    from dlkit.errors import UsageError
    from dlkit.tasks import definition

    try:
        return definition(task).postprocess
    except UsageError:
        return "none"
