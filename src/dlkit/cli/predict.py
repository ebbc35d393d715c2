"""``dlkit predict RUN|CKPT INPUT...``: thin CLI over ``jobs/predict.py``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dlkit.cli import options as opt


def predict_command(
    target: Annotated[str, typer.Argument(metavar="RUN", help="A run folder or a checkpoint file.")],
    inputs: Annotated[Optional[list[str]], typer.Argument(
        help="Image files or folders (image recipes); texts (text recipes); table files of "
        "raw rows (tabular recipes); documents or document files (seq2seq recipes).",
        show_default=False)] = None,
    data: Annotated[Optional[str], typer.Option(
        "--data", help="History file for series recipes (e.g. data/twse/2330.csv).")] = None,
    top_k: Annotated[Optional[int], typer.Option(
        "--top-k", "-k", min=1, help="Classes to list per input (default 3); for a generator, "
        "the characters to sample from (default 10).", show_default=False)] = None,
    input_file: Annotated[Optional[str], typer.Option(
        "--input", help="Texts to classify: one per line, or a CSV/TSV/JSONL (see --column); "
        "for a tabular run, a table of raw rows with the run's columns."
    )] = None,
    column: Annotated[Optional[str], typer.Option(
        "--column", help="The --input table's text column (default: the run's, else found)."
    )] = None,
    prompt: Annotated[Optional[str], typer.Option(
        "--prompt", help="Text for a generative run (charlm) to continue (at most 100,000 "
        "characters).")] = None,
    length: Annotated[Optional[int], typer.Option(
        "--length", min=1, help="Characters to generate at most (default 100, limit 10,000; "
        "stops at a period).", show_default=False)] = None,
    temperature: Annotated[Optional[float], typer.Option(
        "--temperature", help="Sampling temperature, finite and > 0 (default 1).",
        show_default=False)] = None,
    seed: Annotated[Optional[int], typer.Option(
        "--seed", min=0, help="Generative runs: the sampling seed (same seed, same text or "
        "images; default 0).", show_default=False)] = None,
    num_beams: Annotated[Optional[int], typer.Option(
        "--num-beams", min=1, help="Seq2seq runs: beams for generation (default: the "
        "recipe's).", show_default=False)] = None,
    max_new_tokens: Annotated[Optional[int], typer.Option(
        "--max-new-tokens", min=1, help="Seq2seq runs: tokens to generate at most.",
        show_default=False)] = None,
    repetition_penalty: Annotated[Optional[float], typer.Option(
        "--repetition-penalty", min=0.01, help="Seq2seq runs: > 1 discourages "
        "repeats.", show_default=False)] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", help="Write the CSV to this file (atomically) instead of stdout.")] = None,
    device: Annotated[str, typer.Option("--device", "-d", help="auto | cpu | cuda | cuda:N | mps")] = "auto",
    samples: Annotated[Optional[int], typer.Option(
        "--samples", min=1, help="Generator runs: how many images to draw.")] = None,
    out: Annotated[Optional[str], typer.Option(
        "--out", "-o", help="Folder for files a run writes: generated images (default "
        "RUN/samples/seed-S), attendance sheets (default attend).")] = None,
    attend: Annotated[bool, typer.Option(
        "--attend", help="Face runs: sign people in from --video/--camera frames into "
        "OUT/YYYY-MM-DD.csv.")] = False,
    video: Annotated[Optional[str], typer.Option("--video", help="--attend: a video file.")] = None,
    camera: Annotated[Optional[int], typer.Option(
        "--camera", min=0, help="--attend: a camera index.")] = None,
    cascade: Annotated[Optional[str], typer.Option(
        "--cascade", help="--attend: a face detector cascade XML (default: OpenCV's "
        "haarcascade_frontalface_alt2).")] = None,
    threshold: Annotated[float, typer.Option(
        "--threshold", min=0.0, max=1.0, help="--attend: the probability that signs a person "
        "in.")] = 0.9,
    max_frames: Annotated[Optional[int], typer.Option(
        "--max-frames", min=1, help="--attend: stop after this many frames.")] = None,
    annotate_out: Annotated[Optional[str], typer.Option(
        "--annotate-out", help="--attend: write the frames with boxes and names to this "
        "video (.mp4/.avi).")] = None,
    as_json: opt.Json = False,
) -> None:
    """Predict with a trained run: CSV on stdout by default, --json for scripts.

    Unreadable inputs are reported on stderr and skipped.

    Examples:
      dlkit predict runs/mnist-cnn/003 digit.png more_digits/
      dlkit predict runs/mnist-cnn/003 digit.png --json
      dlkit predict runs/stock-lstm/001 --data data/twse/2330.csv
      dlkit predict runs/imdb-bilstm/001 "a wonderful, moving film" --json
      dlkit predict runs/spam-xgboost/001 --input messages.csv --column sms
      dlkit predict runs/credit-mlp/001 rows.csv --json
      dlkit predict runs/news-t5/001 article.txt more.txt --num-beams 4
      dlkit predict runs/charlm/001 --prompt "So she was considering" --top-k 10 --seed 1
      dlkit predict runs/dcgan-anime/001 --samples 64 --seed 1
      dlkit predict runs/face-vgg16/001 --attend --camera 0 --out attend/
    """
    from dlkit import console, files
    from dlkit.jobs.predict import predict, rows_to_csv

    if output:
        files.check_writable(output, "--output", kind="file")
    if attend:
        from dlkit.jobs.attend import attend as run_attend

        summary = run_attend(target, video=video, camera=camera, out=out or "attend",
                             cascade=cascade, threshold=threshold, max_frames=max_frames,
                             annotate_out=annotate_out, device=device)
        if as_json:
            console.print_json(summary)
        else:
            console.out().print(summary["sheet"], markup=False)
        return
    options = {"input": input_file, "column": column, "prompt": prompt, "length": length,
               "temperature": temperature, "seed": seed, "samples": samples, "out": out,
               "num_beams": num_beams, "max_new_tokens": max_new_tokens,
               "repetition_penalty": repetition_penalty}
    rows, warnings = predict(target, inputs or [], data=data, top_k=top_k, device=device,
                             options={k: v for k, v in options.items() if v is not None})
    for warning in warnings:
        console.info(f"dlkit: warning: {warning}")
    if as_json:
        console.print_json({"predictions": rows, "skipped": warnings})
    elif output:
        files.write_text(output, rows_to_csv(rows))
        console.out().print(output, markup=False)
    else:
        console.out().file.write(rows_to_csv(rows))


def register(app: typer.Typer) -> None:
    app.command("predict")(predict_command)
