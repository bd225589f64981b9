"""Render sample pages to PNG for the README (needs pdftoppm, from poppler-utils).

python -m samples.preview samples/ess-pvd-2021.pdf samples/preview
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PAGES = {"part-intro": 8, "content": 19}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m samples.preview PDF OUTDIR", file=sys.stderr)
        return 2
    pdf, out = Path(args[0]), Path(args[1])
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        stem = out / f"page-{page:02d}-{name}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf),
                str(stem),
            ],
            check=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
