"""``dlkit attend RUN``: the tutorial's attendance system (seed 000a §11) on any image
classification run trained on face crops (``face-vgg16``, or any image recipe).

Frames come from ``--video FILE`` or ``--camera N`` (``families/faces/frames.py``); each face the cascade
finds (``families/faces/detector.py``, the tutorial's settings, margins clamped) is cropped, converted to
RGB — training read RGB, the tutorial fed BGR crops — and prepared by the run's own input spec
exactly as in training, then all faces of a frame are classified in one batch. A person whose
probability reaches ``threshold`` is signed in once per day on ``OUT/YYYY-MM-DD.csv``
(``families/faces/sheet.py``); ``other`` and ``unknown`` are never signed in. ``annotate_out`` writes the
frames with boxes and names to a video; nothing opens a window. Returns the summary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from dlkit import files
from dlkit.errors import UsageError
from dlkit.protocols import ArrayInput

NOT_PEOPLE = {"other", "others", "unknown"}
FOURCC = {".mp4": "mp4v", ".avi": "MJPG", ".mkv": "MJPG"}


def _writer(path: str, fps: float, frame: np.ndarray) -> Any:
    import cv2

    suffix = Path(path).suffix.lower()
    if suffix not in FOURCC:
        raise UsageError(f"--annotate-out {path}: use a .mp4, .avi or .mkv file")
    height, width = frame.shape[:2]
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*FOURCC[suffix]), fps, (width, height)
    )
    if not writer.isOpened():
        raise UsageError(f"--annotate-out {path}: OpenCV cannot write this video format here")
    return writer


def _classify(model: Any, spec: Any, task: str, crops: list[np.ndarray], device: Any) -> Any:
    import cv2
    import torch

    from dlkit.tasks import make_task

    batch = np.stack([spec.from_array(cv2.cvtColor(c, cv2.COLOR_BGR2RGB)) for c in crops])
    with torch.no_grad():
        x = spec.batch_transform()(torch.from_numpy(batch).to(device))
        _, probs = make_task(task).predict(model(x).float().cpu())
    return probs.numpy()


def _annotate(frame: np.ndarray, bounds: tuple, label: str) -> None:
    import cv2

    left, top, right, bottom = bounds
    cv2.rectangle(frame, (left, top), (right, bottom), (0, 255, 0), 2)
    cv2.putText(
        frame, label, (left, max(12, top - 6)), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 0, 255), 2
    )


def attend(
    target: str,
    video: str | None = None,
    camera: int | None = None,
    out: str = "attend",
    cascade: str | None = None,
    threshold: float = 0.9,
    max_frames: int | None = None,
    annotate_out: str | None = None,
    device: str = "auto",
    clock: Callable[[], datetime] = datetime.now,
) -> dict[str, Any]:
    from dlkit.engine import checkpoint
    from dlkit.engine.device import select_device
    from dlkit.families.faces.detector import Detector, load_cascade
    from dlkit.families.faces.frames import open_frames
    from dlkit.families.faces.sheet import AttendanceSheet
    from dlkit.jobs.predict import load_predictor

    if (video is None) == (camera is None):
        raise UsageError("attend reads frames from one source: --video FILE or --camera N")
    if annotate_out and Path(annotate_out).suffix.lower() not in FOURCC:
        raise UsageError(f"--annotate-out {annotate_out}: use a .mp4, .avi or .mkv file")
    ckpt, spec, _ = load_predictor(target)
    classes = list(ckpt.get("classes") or [])
    if not isinstance(spec, ArrayInput) or not classes:
        raise UsageError(
            f"attend needs a run that classifies images of faces; {ckpt['recipe']} does not"
        )
    people = [c for c in classes if c.lower() not in NOT_PEOPLE]
    folder = files.check_writable(out, "--out")
    if annotate_out:
        files.check_writable(annotate_out, "--annotate-out", kind="file")
    detector = Detector(load_cascade(cascade))
    frames = open_frames(video=video, camera=camera)
    device_obj = select_device(device)
    model = checkpoint.build_model(ckpt).to(device_obj).eval()
    folder.mkdir(parents=True, exist_ok=True)
    sheet = AttendanceSheet(folder, people, clock)
    counts = {"frames": 0, "faces": 0}
    signed: list[dict[str, str]] = []
    writer, started = None, time.perf_counter()
    try:
        for _, frame in frames:
            if max_frames is not None and counts["frames"] >= max_frames:
                break
            counts["frames"] += 1
            now = clock()
            sheet.roll(now)
            boxes = [b for b in detector.detect(frame) if detector.crop(frame, b).size]
            counts["faces"] += len(boxes)
            probs = (
                _classify(
                    model,
                    spec,
                    ckpt.get("task", "classification"),
                    [detector.crop(frame, b) for b in boxes],
                    device_obj,
                )
                if boxes
                else []
            )
            for box, p in zip(boxes, probs):
                name, score = classes[int(np.argmax(p))], float(np.max(p))
                if name in people and score >= threshold and sheet.sign(name, now):
                    signed.append({"ID": name, "time": now.strftime("%Y-%m-%d %H:%M:%S")})
                if annotate_out:
                    _annotate(frame, detector.bounds(frame, box), f"{name} {score:.2f}")
            if annotate_out:
                writer = writer or _writer(annotate_out, frames.fps(), frame)
                writer.write(frame)
    finally:
        frames.release()
        if writer is not None:
            writer.release()
    return {
        **counts,
        "signed_in": signed,
        "sheet": str(sheet.path),
        "sheets": [str(p) for p in sheet.written],
        "annotated": annotate_out,
        "seconds": round(time.perf_counter() - started, 2),
    }
