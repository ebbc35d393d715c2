"""``dlkit evaluate RUN --feature-maps IMG``: load a run, prepare one image exactly as ``predict``
does (the run's ``ImageInput``), and save its conv/pool activation maps into ``RUN/feature_maps/``
(drawing in ``families/images/feature_maps.py``). Runs trained on cached backbone features are rebuilt with
the backbone in front of the head, so the maps are the backbone's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError


def feature_maps(
    target: str, image: str, layers: int | None = 8, device: str = "auto"
) -> dict[str, Any]:
    """Write the maps; returns {"image", "layers", "files", "out_dir"}."""
    import torch

    from dlkit.data.inputs import ImageInput
    from dlkit.engine import checkpoint
    from dlkit.engine.device import select_device
    from dlkit.families.images.feature_maps import save_feature_maps
    from dlkit.jobs.predict import load_predictor

    ckpt, spec, _ = load_predictor(target)
    if not isinstance(spec, ImageInput):
        raise UsageError(
            f"--feature-maps needs an image model; this run's inputs are '{spec.kind}'"
        )
    path = Path(image).expanduser()
    if not path.is_file():
        raise DataError(f"--feature-maps {image}: no such file")
    pixels = spec.read_one(path)
    if pixels is None:
        raise DataError(f"--feature-maps {image}: not a readable image")
    device_obj = select_device(device)
    model = checkpoint.build_model(ckpt).to(device_obj).eval()
    x = spec.batch_transform()(torch.from_numpy(pixels).unsqueeze(0).to(device_obj))
    out_dir = Path(ckpt["path"]).parent / "feature_maps"
    written = save_feature_maps(model, x, out_dir, layers=layers or None)
    grids = [p for p in written if p.parent == out_dir]
    return {
        "image": str(path),
        "layers": len(grids),
        "files": [str(p) for p in written],
        "out_dir": str(out_dir),
    }
