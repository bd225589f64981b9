"""`catalogue --version`: the tool's version and those of what reads the PDFs, for a bug report.

The native libraries are asked their own build (PDFium through pypdfium2, qpdf through
pikepdf), imported only when the versions are asked for.
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from extract import __version__, signals

# What a bug report needs, in the order the readers use them.
PACKAGES = ("pypdfium2", "pdfplumber", "pdfminer.six", "pikepdf", "pydantic", "pandas")


def installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def native_versions() -> dict[str, str]:
    """PDFium's and qpdf's own versions, as the installed bindings carry them."""
    found: dict[str, str] = {}
    with signals.deferred():  # native extensions must not be interrupted as they load
        try:
            import pypdfium2.version

            found["PDFium"] = str(pypdfium2.version.PDFIUM_INFO)
        except (ImportError, AttributeError):
            found["PDFium"] = "unknown"
        try:
            import pikepdf

            found["qpdf"] = str(pikepdf.__libqpdf_version__)
        except (ImportError, AttributeError):
            found["qpdf"] = "unknown"
    return found


def describe() -> str:
    """Several lines: the tool, Python and the platform, the libraries that read the PDFs."""
    lines = [
        f"catalogue {__version__} (ess-catalogue)",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform(terse=True)}",
    ]
    lines += [f"{name} {installed(name)}" for name in PACKAGES]
    lines += [f"{name} {version}" for name, version in native_versions().items()]
    return "\n".join(lines) + "\n"


class VersionAction(argparse.Action):
    """`--version`: print `describe()` on standard output and exit 0 (argparse's own action
    takes a fixed string, which would import the readers at every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "print the version, and those of the PDF readers, and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(describe())
        parser.exit()
