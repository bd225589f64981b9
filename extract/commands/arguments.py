"""Argument types the commands share: each refuses, as a usage error, what cannot be meant."""

from __future__ import annotations

import argparse
from pathlib import Path

STDOUT = "-"


def output_folder(text: str) -> Path:
    """`-o DIR`: a folder. `-` is refused: the outputs are several files, none of which could
    take standard output's place (`catalogue diff` prints its report there without -o)."""
    if text == STDOUT:
        raise argparse.ArgumentTypeError(
            "'-' is not a folder: the outputs are several files; name a folder, e.g. -o out"
        )
    if not text:
        raise argparse.ArgumentTypeError("an empty name is not a folder")
    return Path(text)


def seconds(text: str) -> int:
    """A time limit in whole seconds, 0 for none."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more: {text!r}")
    return value
