"""report.html (stub)."""
from pathlib import Path


def write_report(run_dir: Path) -> Path:
    return run_dir / "report.html"
