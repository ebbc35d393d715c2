"""``dlkit attend RUN --video FILE | --camera N``: sign people in from camera or video frames with
a face-classifier run; thin CLI over ``jobs/attend.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def attend_command(
    target: Annotated[
        str, typer.Argument(metavar="RUN", help="A face-classifier run folder or checkpoint.")
    ],
    video: Annotated[str | None, typer.Option("--video", help="A video file.")] = None,
    camera: Annotated[int | None, typer.Option("--camera", min=0, help="A camera index.")] = None,
    out: Annotated[
        str, typer.Option("--out", "-o", help="Folder of the daily sheets (OUT/YYYY-MM-DD.csv).")
    ] = "attend",
    cascade: Annotated[
        str | None,
        typer.Option(
            "--cascade",
            help="A face detector cascade XML (default: OpenCV's haarcascade_frontalface_alt2).",
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", min=0.0, max=1.0, help="The probability that signs a person in."
        ),
    ] = 0.9,
    max_frames: Annotated[
        int | None, typer.Option("--max-frames", min=1, help="Stop after this many frames.")
    ] = None,
    annotate_out: Annotated[
        str | None,
        typer.Option(
            "--annotate-out",
            help="Write the frames with boxes and names to this video (.mp4/.avi).",
        ),
    ] = None,
    device: Annotated[
        str, typer.Option("--device", "-d", help="auto | cpu | cuda | cuda:N | mps")
    ] = "auto",
    as_json: opt.Json = False,
) -> None:
    """Sign people in once a day: faces in each frame are classified by RUN and written to
    OUT/YYYY-MM-DD.csv (ID, time) when the probability reaches --threshold.

    Examples:
      dlkit attend runs/face-vgg16/001 --camera 0
      dlkit attend runs/face-vgg16/001 --video lobby.mp4 --out attend/ --json
    """
    from dlkit import console
    from dlkit.jobs.attend import attend

    summary = attend(
        target,
        video=video,
        camera=camera,
        out=out,
        cascade=cascade,
        threshold=threshold,
        max_frames=max_frames,
        annotate_out=annotate_out,
        device=device,
    )
    if as_json:
        console.print_json(summary)
    else:
        console.out().print(summary["sheet"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("attend")(attend_command)
