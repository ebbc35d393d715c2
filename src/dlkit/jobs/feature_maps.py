"""``dlkit evaluate RUN --feature-maps IMG``: load a run, prepare one image exactly as ``predict``
does, and save its conv/pool activation maps into ``RUN/feature_maps/`` (drawing in
``evaluate/feature_maps.py``). Runs trained on cached VGG16 features get their base rebuilt in front
of the head, so the maps are the base's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError


def _model_and_spec(ckpt: dict[str, Any], model: Any) -> tuple[Any, dict[str, Any]]:
    spec = ckpt["input_spec"]
    if spec.get("kind") == "vgg16_features":
        from dlkit.jobs.predict_features import feature_model

        image_spec = {"kind": "image", "shape": spec["image_shape"], "mean": spec["mean"],
                      "std": spec["std"]}
        return feature_model(ckpt, model), image_spec
    if spec.get("kind") != "image":
        raise UsageError(f"--feature-maps needs an image model; this run's inputs are "
                         f"'{spec.get('kind')}'")
    return model, spec


def feature_maps(target: str, image: str, layers: int | None = 8,
                 device: str = "auto") -> dict[str, Any]:
    """Write the maps; returns {"image", "layers", "files", "out_dir"}."""
    import torch

    from dlkit.data.image_io import match_background, read_image
    from dlkit.data.transforms import batch_transform
    from dlkit.evaluate.feature_maps import save_feature_maps
    from dlkit.jobs.evaluate import load_run

    ckpt, _, device_obj, model = load_run(target, None, device)
    model, spec = _model_and_spec(ckpt, model)
    model = model.to(device_obj).eval()
    channels, height, width = (int(v) for v in spec["shape"])
    path = Path(image).expanduser()
    if not path.is_file():
        raise DataError(f"--feature-maps {image}: no such file")
    pixels = read_image(path, channels, (height, width))
    if pixels is None:
        raise DataError(f"--feature-maps {image}: not a readable image")
    pixels = match_background(pixels, spec.get("background"))
    x = batch_transform(spec)(torch.from_numpy(pixels).unsqueeze(0).to(device_obj))
    out_dir = Path(ckpt["path"]).parent / "feature_maps"
    written = save_feature_maps(model, x, out_dir, layers=layers or None)
    grids = [p for p in written if p.parent == out_dir]
    return {"image": str(path), "layers": len(grids), "files": [str(p) for p in written],
            "out_dir": str(out_dir)}
