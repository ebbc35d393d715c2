"""``dlkit export RUN --format torchscript|onnx``: thin CLI over ``jobs/export.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def export_command(
    target: Annotated[
        str, typer.Argument(metavar="RUN", help="A run folder or a checkpoint file.")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="torchscript | onnx")] = "onnx",
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="The file to write (default: RUN/export/model.pt or model.onnx); "
            "its description goes beside it as FILE.json.",
        ),
    ] = None,
    atol: Annotated[
        float, typer.Option("--atol", help="Largest absolute output difference accepted on reload.")
    ] = 1e-4,
    samples: Annotated[
        int, typer.Option("--samples", help="Sample inputs the reloaded file is checked on.")
    ] = 8,
    as_json: opt.Json = False,
) -> None:
    """Export a trained run to TorchScript or ONNX, verified by reloading it.

    The model is exported in eval mode with a dynamic batch axis, reloaded (torch for
    TorchScript, onnxruntime for ONNX) and compared with the checkpoint on sample inputs;
    above --atol nothing is written (exit 3).

    Examples:
      dlkit export runs/mnist-cnn/003 --format onnx
      dlkit export runs/stock-lstm/001 --format torchscript --out lstm.pt
    """
    from dlkit import console
    from dlkit.jobs.export import export

    summary = export(target, fmt, out=out, atol=atol, samples=samples)
    if as_json:
        console.print_json(summary)
        return
    check = summary["verified"]
    console.info(
        f"verified on {check['samples']} sample inputs (batches "
        f"{' and '.join(map(str, check['batches']))}): max abs difference "
        f"{check['max_abs_diff']:.3g} (--atol {check['atol']:g})"
    )
    console.out().print(summary["file"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
