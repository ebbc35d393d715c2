"""``dlkit prepare faces``: face crops from a video, a camera or a folder of images (seed 000a §10,
000b §3a), ready to be one class folder of ``face-vgg16`` or the pictures of ``dcgan-anime``.

Every ``every``-th frame is examined; a frame that barely differs from the last examined one (mean
absolute difference of 32×32 grey thumbnails below ``min_change`` grey levels) is skipped as a
near-duplicate; each face the cascade finds is cropped with its margin clamped to the frame,
optionally resized to ``size``×``size``, and written as JPEG under a new name that cannot collide
with an existing file (``<frame>_<n>.jpg``, ``-2``, ``-3``… if taken; written to a temp file, then
hard-linked into place, so a crop is never half-written or overwritten). Returns the summary.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from dlkit import console, files

THUMB = 32


def write_new(folder: Path, stem: str, data: bytes, suffix: str = ".jpg") -> Path:
    """``data`` under ``folder/stem+suffix``, or ``stem-2``…, never replacing a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.{os.getpid()}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~files._umask())
        n = 1
        while True:
            dest = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
            try:
                _claim(tmp, dest)
                return dest
            except FileExistsError:
                n += 1
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _claim(tmp: str, dest: Path) -> None:
    """Put ``tmp`` at ``dest`` unless ``dest`` exists (FileExistsError): a hard link, or where
    the file system has none (FAT, some network shares) an exclusive placeholder replaced."""
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise
    except OSError:
        os.close(os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        os.replace(tmp, dest)


def thumbnail(frame: np.ndarray) -> np.ndarray:
    import cv2

    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return cv2.resize(grey, (THUMB, THUMB), interpolation=cv2.INTER_AREA).astype(np.float32)


def encode_jpeg(crop: np.ndarray, size: int | None) -> bytes:
    import cv2

    if size:
        shrink = crop.shape[0] > size or crop.shape[1] > size
        crop = cv2.resize(
            crop, (size, size), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
        )
    ok, data = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 95])
    return data.tobytes()


def prepare_faces(
    out: str,
    video: str | None = None,
    camera: int | None = None,
    images: str | None = None,
    cascade: str | None = None,
    size: int | None = None,
    equalize: bool = False,
    every: int = 1,
    margin: int = 10,
    min_change: float = 2.0,
    scale_factor: float = 1.2,
    min_neighbors: int = 3,
    min_size: int = 32,
    max_frames: int | None = None,
    show: bool = False,
    quiet: bool = False,
) -> dict[str, Any]:
    from dlkit.families.faces.detector import Detector, load_cascade
    from dlkit.families.faces.frames import has_display, open_frames

    folder = files.check_writable(out, "--out")
    detector = Detector(
        load_cascade(cascade), scale_factor, min_neighbors, min_size, margin, equalize
    )
    frames = open_frames(video=video, camera=camera, images=images)
    if show and not has_display():
        console.info("dlkit: warning: no display here; --show ignored", quiet)
        show = False
    folder.mkdir(parents=True, exist_ok=True)
    files.remove_stale_temps(folder)
    counts = {
        "frames_read": 0,
        "frames_examined": 0,
        "near_duplicates": 0,
        "faces_found": 0,
        "written": 0,
    }
    started, last = time.perf_counter(), None
    total = len(frames.files) if frames.files is not None else None
    try:
        with console.progress(enabled=not quiet and console.stdout_is_tty()) as bar:
            task = bar.add_task("faces", total=total)
            for name, frame in frames:
                if max_frames is not None and counts["frames_read"] >= max_frames:
                    break
                counts["frames_read"] += 1
                bar.advance(task)
                if (counts["frames_read"] - 1) % every:
                    continue
                thumb = thumbnail(frame)
                if (
                    last is not None
                    and min_change > 0
                    and float(np.abs(thumb - last).mean()) < min_change
                ):
                    counts["near_duplicates"] += 1
                    continue
                last = thumb
                counts["frames_examined"] += 1
                boxes = detector.detect(frame)
                counts["faces_found"] += len(boxes)
                for i, box in enumerate(boxes, 1):
                    crop = detector.crop(frame, box)
                    if crop.size:
                        write_new(folder, f"{name}_{i}", encode_jpeg(crop, size))
                        counts["written"] += 1
                if show and _preview(frame, boxes, detector):
                    break
    finally:
        frames.release()
        if show:
            import cv2

            cv2.destroyAllWindows()
    return {
        **counts,
        "unreadable": frames.unreadable,
        "out": str(folder),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _preview(frame: np.ndarray, boxes: list, detector: Any) -> bool:
    """Show the frame with its boxes; True when the user pressed q."""
    import cv2

    shown = frame.copy()
    for box in boxes:
        left, top, right, bottom = detector.bounds(frame, box)
        cv2.rectangle(shown, (left, top), (right, bottom), (0, 255, 0), 2)
    cv2.imshow("dlkit prepare faces (q quits)", shown)
    return cv2.waitKey(1) & 0xFF == ord("q")
