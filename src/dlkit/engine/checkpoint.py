"""Checkpoints: self-contained dicts of plain data and tensors, saved atomically, loaded with
``torch.load(weights_only=True)``.

Every checkpoint holds the recipe name and resolved config, the model's registry name, options,
input shape and output count (and, for heads trained on cached features, the ``backbone`` that goes
in front), its state dict, class names and the input spec (``data/inputs.py``'s ``to_dict()``).
``last.pt`` adds the optimizer, scheduler, scaler and RNG states, the history and early-stopping
state, so ``--resume`` continues exactly.
"""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.errors import DataError, DlkitError

FORMAT = "dlkit-checkpoint/1"
REQUIRED = ("recipe", "config", "model", "state_dict", "input_spec")
MODEL_KEYS = ("name", "options", "in_shape", "num_outputs")


def save(path: Path, payload: dict[str, Any]) -> Path:
    import torch

    with files.atomic_path(path) as tmp:
        torch.save({"format": FORMAT, **payload}, tmp)
    return path


def load(path: str | Path) -> dict[str, Any]:
    import torch

    path = Path(path)
    if not path.is_file():
        raise DataError(f"checkpoint not found: {path}")
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
    except (
        pickle.UnpicklingError,
        zipfile.BadZipFile,
        RuntimeError,
        EOFError,
        OSError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
    ) as exc:  # tampered bytes
        reason = " ".join(str(exc).split())[:120]
        raise DataError(f"{path} is not a loadable dlkit checkpoint ({reason})") from None
    if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
        raise DataError(f"{path} is not a dlkit checkpoint")
    missing = [key for key in REQUIRED if key not in ckpt]
    model = ckpt.get("model")
    if not missing and not (isinstance(model, dict) and all(k in model for k in MODEL_KEYS)):
        missing = [
            f"model.{k}" for k in MODEL_KEYS if not isinstance(model, dict) or k not in model
        ]
    if missing:
        raise DataError(f"{path} is an incomplete dlkit checkpoint (missing {', '.join(missing)})")
    wrong = _wrong_types(ckpt)
    if wrong:
        raise DataError(
            f"{path} is a damaged or edited dlkit checkpoint ({wrong} has the wrong "
            "type); retrain, or restore the file"
        )
    return ckpt


def _wrong_types(ckpt: dict[str, Any]) -> str | None:
    """The first field a hand-edited checkpoint holds in the wrong type (None when all fit)."""
    model = ckpt["model"]
    checks = {
        "recipe": isinstance(ckpt["recipe"], str),
        "config": isinstance(ckpt["config"], dict),
        "input_spec": isinstance(ckpt["input_spec"], dict),
        "classes": ckpt.get("classes") is None
        or (
            isinstance(ckpt["classes"], (list, tuple))
            and all(isinstance(c, (str, int)) for c in ckpt["classes"])
        ),
        "model.name": isinstance(model["name"], str),
        "model.options": isinstance(model["options"], dict),
        "model.in_shape": isinstance(model["in_shape"], (list, tuple))
        and all(isinstance(n, int) and not isinstance(n, bool) for n in model["in_shape"]),
        "model.num_outputs": isinstance(model["num_outputs"], int),
    }
    return next((name for name, ok in checks.items() if not ok), None)


def find(run_or_file: str | Path, prefer: str = "best.pt") -> Path:
    """A checkpoint file from a run folder (``best.pt``, else ``last.pt``) or a direct path."""
    path = Path(run_or_file).expanduser()
    if path.is_dir():
        for name in (prefer, "best.pt", "last.pt"):
            if (path / name).is_file():
                return path / name
        raise DataError(f"{path} has no checkpoint (best.pt or last.pt); is it a dlkit run folder?")
    if not path.exists():
        raise DataError(f"no such run folder or checkpoint: {path}")
    return path


def build_model(ckpt: dict[str, Any], head_only: bool = False):
    """Recreate the model a checkpoint was trained with and load its weights; a head trained on
    cached backbone features gets its backbone in front unless ``head_only``."""
    from dlkit.components import BACKBONES, MODELS

    spec = ckpt["model"]
    options = dict(spec["options"])
    if "weights" in options:  # pretrained weights are replaced by the state dict: never fetch
        options["weights"] = "none"
    own_copy = Path(str(ckpt["path"])).parent / "model" if ckpt.get("path") else None
    if "pretrained" in options and own_copy and (own_copy / "config.json").is_file():
        options["pretrained"] = str(own_copy)  # the run's save_pretrained copy: no Hub, no folder
    try:
        model = MODELS.create(
            spec["name"],
            in_shape=list(spec["in_shape"]),
            num_outputs=int(spec["num_outputs"]),
            **options,
        )
    except (DlkitError, ValueError, TypeError) as exc:  # a checkpoint edited by hand
        raise DataError(f"the checkpoint's model does not build: {exc}") from None
    try:
        model.load_state_dict(ckpt["state_dict"])
    except DataError:
        raise
    except Exception as exc:  # whatever part of the stored weights or estimator bytes is broken
        raise DataError(
            f"checkpoint weights do not fit model '{spec['name']}': "
            f"{' '.join(str(exc).split())[:160]}"
        ) from None
    backbone = spec.get("backbone")
    if backbone is None or head_only:
        return model
    from torch import nn

    return nn.Sequential(BACKBONES.create(backbone["name"], **backbone["options"]), model)
