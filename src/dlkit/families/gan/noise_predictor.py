"""The noise predictor (input kind ``noise``): a generator run draws ``--samples N`` images from
``--seed S`` and writes each as a PNG plus one grid into ``--out`` (default ``<run>/samples/
seed-S/``). Needs no inputs; the same seed gives the same images on every machine (the noise
comes from a seeded CPU generator). One row per image: its file, the seed and its index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.components import PREDICTORS
from dlkit.predict.options import OUT, SEED, PredictOption
from dlkit.predict.protocol import PredictRequest, Prepared

DEFAULT_SAMPLES = 64


SAMPLES = PredictOption("samples", "--samples", int, "How many images to draw (default 64).", 1)


@PREDICTORS.register("noise")
class NoisePredictor:
    options = (SAMPLES, SEED, OUT)
    needs_inputs = False
    input_help = "no inputs: --samples N [--seed S] [--out DIR]"

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec

    def _out(self, request: PredictRequest, seed: int) -> Path:
        if request.options.get("out"):
            return Path(request.options["out"]).expanduser()
        return Path(self.ckpt["path"]).parent / "samples" / f"seed-{seed}"

    def read(self, request: PredictRequest) -> Prepared:
        from dlkit import files
        from dlkit.errors import UsageError

        if request.inputs:
            raise UsageError(
                "this run is a generator: it takes no inputs, only --samples N [--seed S]"
            )
        count = int(request.options.get("samples") or DEFAULT_SAMPLES)
        seed = int(request.options.get("seed") or 0)
        out = files.check_writable(self._out(request, seed), "--out")
        return Prepared(self.spec.draw(count, seed), list(range(count)), {"seed": seed, "out": out})

    def run(self, model: Any, prepared: Prepared, device: Any, batch_size: int) -> Any:
        import torch

        chunks = []
        with torch.no_grad():
            for start in range(0, len(prepared.x), batch_size):
                z = torch.from_numpy(prepared.x[start : start + batch_size]).to(device)
                chunks.append(model(z).float().cpu())
        return torch.cat(chunks)

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        from dlkit import pictures

        out, seed = prepared.extra["out"], prepared.extra["seed"]
        pixels = self.spec.to_pixels(outputs)
        rows = []
        for index, picture in zip(prepared.keys, pixels):
            path = pictures.write_png(out / f"sample-{index + 1:04d}.png", picture)
            rows.append({"file": str(path), "seed": seed, "index": index + 1})
        grid = pictures.write_png(out / "grid.png", pictures.grid(pixels))
        request.options["grid"] = str(grid)
        return rows
