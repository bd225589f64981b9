"""The zoo: every design of the 2021 content that the extractor is held to, and their builder.

    python -m samples.designs.zoo                 # build every design into samples/designs/
    python -m samples.designs.zoo --only NAME …   # build some
    python -m samples.designs.zoo --list          # names, producers and what each varies

Each design `NAME` gives `samples/designs/NAME.pdf` and `samples/designs/NAME.source.json`: the
content as that PDF prints it (`samples.designs.content.printed_source`), from which
`samples.expected.records` gives the records a perfect extraction returns. Every built PDF is
checked against its printed source (`samples.designs.check`) before it is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from samples.designs.check import BuildError, check
from samples.designs.content import printed_source
from samples.designs.spec import DesignSpec
from samples.source import Source, dump, load

HERE = Path(__file__).parent
SOURCE = HERE.parent / "ess-pvd-2021.source.json"
# Other editions' content set in a design of the zoo, for diffs across designs: (name, design,
# source). The 2022 sample content in another design than the sample's.
EDITIONS: tuple[tuple[str, str, Path], ...] = (
    ("typst-portrait-2col-2022", "typst-portrait-2col", HERE.parent / "ess-pvd-2022.source.json"),
)


def designs() -> list[DesignSpec]:
    """Every design of the zoo, in a fixed order (each producer lists its own)."""
    from samples.designs.producers import chromium_pdf, reportlab_pdf, typst_pdf

    found = [*reportlab_pdf.DESIGNS, *chromium_pdf.DESIGNS, *typst_pdf.DESIGNS]
    names = [d.name for d in found]
    if len(set(names)) != len(names):
        raise ValueError(f"two designs share a name: {sorted(names)}")
    return found


def by_name(name: str) -> DesignSpec:
    """A design of the zoo, or the design another edition of the zoo is set in."""
    for edition, design, _ in EDITIONS:
        if name == edition:
            name = design
    for spec in designs():
        if spec.name == name:
            return spec
    raise KeyError(name)


def build(spec: DesignSpec, source: Source) -> tuple[bytes, Source]:
    """The PDF of `spec` for `source`, and the printed source its records come from."""
    from samples.designs.producers import produce

    printed = printed_source(source, spec)
    pdf = produce(printed, spec)
    check(pdf, printed)
    return pdf, printed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samples.designs.zoo",
        description="Build the design zoo: the 2021 content in every design, with the source "
        "each PDF prints (its expected records come from it).",
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="build these designs only")
    parser.add_argument("--list", action="store_true", help="list the designs and stop")
    parser.add_argument("-o", "--output", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--source", type=Path, default=SOURCE, help="catalogue-source/1 file")
    args = parser.parse_args(argv)
    specs = designs()
    jobs = [(spec.name, spec, args.source) for spec in specs]
    jobs += [(name, by_name(design), source) for name, design, source in EDITIONS]
    if args.list:
        for name, spec, source in jobs:
            print(f"{name:32} {spec.producer:10} {source.name}: {spec.description}")
        return 0
    if args.only:
        unknown = sorted(set(args.only) - {name for name, _, _ in jobs})
        if unknown:
            parser.error(f"no such design: {', '.join(unknown)}")
        jobs = [job for job in jobs if job[0] in args.only]
    from extract.write.files import write_files

    for i, (name, spec, source_path) in enumerate(jobs, 1):
        print(f"[{i}/{len(jobs)}] {name} ({spec.producer})", file=sys.stderr)
        try:
            pdf, printed = build(spec, load(source_path))
        except BuildError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            return 1
        write_files(
            {f"{name}.pdf": pdf, f"{name}.source.json": dump(printed).encode()}, args.output
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
