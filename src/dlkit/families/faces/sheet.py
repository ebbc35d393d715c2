"""The daily attendance sheet of seed 000a §11: ``ATTEND/YYYY-MM-DD.csv``, columns ``ID`` and
``簽到日期`` (sign-in time), each person starting as ``未簽到`` (not signed in).

Written as UTF-8 with a byte-order mark (the tutorial's ``utf_8_sig``) so Excel shows the Chinese
header, and atomically (temp file, fsync, rename) on every change. The day is taken from the clock
at every call, so the first frame after midnight starts the next day's file (the tutorial compared
the time to "00:00:00" and missed midnight unless a frame landed on that exact second). A sheet
that already exists — a restart mid-day — is read back: sign-ins are kept, new people are added.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from dlkit import files
from dlkit.errors import DataError

ID, SIGNED = "ID", "簽到日期"
NOT_SIGNED = "未簽到"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class AttendanceSheet:
    def __init__(
        self, folder: str | Path, people: list[str], clock: Callable[[], datetime] = datetime.now
    ) -> None:
        self.folder, self.people, self.clock = Path(folder), list(people), clock
        self.day: str | None = None
        self.rows: dict[str, str] = {}
        self.written: list[Path] = []

    @property
    def path(self) -> Path:
        return self.folder / f"{self.day}.csv"

    def roll(self, now: datetime | None = None) -> Path:
        """The sheet of ``now``'s day, opened (or created) when the day changes."""
        day = (now or self.clock()).strftime("%Y-%m-%d")
        if day != self.day:
            self.day = day
            self.rows = self._read()
            missing = [p for p in self.people if p not in self.rows]
            self.rows.update({person: NOT_SIGNED for person in missing})
            if missing or not self.path.is_file():
                self._write()
        return self.path

    def _read(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if (
                    reader.fieldnames is None
                    or ID not in reader.fieldnames
                    or SIGNED not in reader.fieldnames
                ):
                    raise DataError(
                        f"{self.path}: not an attendance sheet (columns {ID}, "
                        f"{SIGNED}); move it away or pick another --out"
                    )
                return {row[ID]: row[SIGNED] or NOT_SIGNED for row in reader if row.get(ID)}
        except (UnicodeDecodeError, csv.Error):
            raise DataError(
                f"{self.path}: not a readable attendance sheet; move it away or pick another --out"
            ) from None

    def _write(self) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([ID, SIGNED])
        writer.writerows(self.rows.items())
        files.write_bytes(self.path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
        if self.path not in self.written:
            self.written.append(self.path)

    def sign(self, person: str, now: datetime | None = None) -> bool:
        """Sign ``person`` in at ``now`` unless already signed in today; True when newly signed."""
        now = now or self.clock()
        self.roll(now)
        if self.rows.get(person, NOT_SIGNED) != NOT_SIGNED:
            return False
        self.rows[person] = now.strftime(TIME_FORMAT)
        self._write()
        return True
