"""`python -m extract`: the `catalogue` command, where its script is not on the PATH."""

from __future__ import annotations

from extract.cli import run

if __name__ == "__main__":
    run()
