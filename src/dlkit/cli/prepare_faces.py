"""``dlkit prepare faces``: thin CLI over ``jobs/prepare_faces.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def faces_command(
    out: Annotated[str, typer.Option("--out", "-o", help="Folder the face crops go into.")],
    video: Annotated[
        str | None, typer.Option("--video", help="Read frames from this video file.")
    ] = None,
    camera: Annotated[
        int | None, typer.Option("--camera", min=0, help="Read frames from camera N.")
    ] = None,
    images: Annotated[
        str | None, typer.Option("--images", help="Read every image in this folder.")
    ] = None,
    cascade: Annotated[
        str | None,
        typer.Option(
            "--cascade",
            help="Cascade XML file (default: OpenCV's bundled frontal-face Haar "
            "cascade; anime faces: nagadomi's lbpcascade_animeface.xml).",
        ),
    ] = None,
    size: Annotated[
        int | None, typer.Option("--size", min=8, help="Resize crops to SIZE x SIZE.")
    ] = None,
    equalize: Annotated[
        bool,
        typer.Option("--equalize", help="Equalise the grey frame's histogram before detecting."),
    ] = False,
    every: Annotated[int, typer.Option("--every", min=1, help="Examine every N-th frame.")] = 1,
    margin: Annotated[
        int,
        typer.Option(
            "--margin", min=0, help="Pixels added around each face (clamped at the edges)."
        ),
    ] = 10,
    min_change: Annotated[
        float,
        typer.Option(
            "--min-change",
            min=0.0,
            help="Skip frames differing from the last examined one by less "
            "than this mean grey level (0 keeps all).",
        ),
    ] = 2.0,
    scale_factor: Annotated[
        float, typer.Option("--scale-factor", min=1.01, help="Detector scale step (anime: 1.1).")
    ] = 1.2,
    min_neighbors: Annotated[
        int, typer.Option("--min-neighbors", min=0, help="Detector neighbours (anime: 5).")
    ] = 3,
    min_size: Annotated[
        int, typer.Option("--min-size", min=1, help="Smallest face in pixels.")
    ] = 32,
    max_frames: Annotated[
        int | None, typer.Option("--max-frames", min=1, help="Stop after N frames.")
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Preview window (only where a display exists; q quits).")
    ] = False,
    as_json: opt.Json = False,
    quiet: opt.Quiet = False,
) -> None:
    """Crop faces from a video, a camera or images into a folder (one class of a face recipe).

    Defaults are the tutorial's detector settings; headless unless --show.

    Examples:
      dlkit prepare faces --video class.mp4 --out data/faces/me --every 5
      dlkit prepare faces --camera 0 --out data/faces/me --max-frames 300 --show
      dlkit prepare faces --images holo --cascade lbpcascade_animeface.xml --out f
    """
    from dlkit import console
    from dlkit.jobs.prepare_faces import prepare_faces

    summary = prepare_faces(
        out,
        video=video,
        camera=camera,
        images=images,
        cascade=cascade,
        size=size,
        equalize=equalize,
        every=every,
        margin=margin,
        min_change=min_change,
        scale_factor=scale_factor,
        min_neighbors=min_neighbors,
        min_size=min_size,
        max_frames=max_frames,
        show=show,
        quiet=quiet or as_json,
    )
    if as_json:
        console.print_json(summary)
        return
    console.info(
        f"frames read {summary['frames_read']}, examined {summary['frames_examined']}, "
        f"near-duplicates skipped {summary['near_duplicates']}, unreadable "
        f"{summary['unreadable']}; faces found {summary['faces_found']}, written "
        f"{summary['written']}; {summary['seconds']}s",
        quiet,
    )
    console.out().print(summary["out"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("faces")(faces_command)
