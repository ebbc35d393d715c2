"""Allows ``python -m dlkit``, the same as the ``dlkit`` entry point."""

from dlkit.cli.main import run

if __name__ == "__main__":
    run()
