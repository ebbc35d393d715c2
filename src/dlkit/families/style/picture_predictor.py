"""The picture predictor (input kind ``picture``): a style-transfer run's model is the picture
itself, so ``dlkit predict RUN`` takes no inputs and writes the checkpoint's picture (best.pt: the
lowest total loss) as ``styled.png`` into ``--out`` (default: the run folder, as
``styled-best.png``), de-normalised and clamped. One row: the file written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit.components import PREDICTORS
from dlkit.predict.options import OUT
from dlkit.predict.protocol import PredictRequest, Prepared


@PREDICTORS.register("picture")
class PicturePredictor:
    options = (OUT,)
    needs_inputs = False
    input_help = "no inputs (it writes the trained picture; --out DIR)"

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec

    def read(self, request: PredictRequest) -> Prepared:
        from dlkit import files
        from dlkit.errors import UsageError

        if request.inputs:
            raise UsageError("this run's model is one trained picture: it takes no inputs")
        out = request.options.get("out")
        target = (
            Path(out).expanduser() / "styled.png"
            if out
            else Path(self.ckpt["path"]).parent / "styled-best.png"
        )
        files.check_writable(target, "--out", kind="file")
        return Prepared(None, [str(target)])

    def run(self, model: Any, prepared: Prepared, device: Any, batch_size: int) -> Any:
        import torch

        with torch.no_grad():
            return model().float().cpu()

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        from dlkit import pictures

        path = pictures.write_png(prepared.keys[0], self.spec.to_pixels(outputs)[0])
        return [{"file": str(path), "epoch": self.ckpt.get("epoch")}]
