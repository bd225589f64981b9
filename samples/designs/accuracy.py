"""How well the extractor reads every design of the zoo: one table, design by design.

    python -m samples.designs.accuracy            # = make accuracy
    python -m samples.designs.accuracy --json     # the same figures, machine-readable

For each design (the committed zoo in `samples/designs/`, and the bundled samples), the PDF is
extracted with the default reader and compared with the records its printed source gives
(`samples.expected.records`): exact records, missed and extra ones, per-field F1 (strict, see
`devtools.accuracy`), and warnings, split into those the design justifies and the others.

A warning is justified only where the design itself leaves the extractor in doubt, which is
decided from the design and its source, never from the extraction: a page whose links are
printed as a list, with no annotations and more addresses than resources, cannot say where one
resource's addresses end (`link-list-mismatch`). Hostile designs (`hostile-*`) are listed apart:
there, what matters is that every record read wrong carries a warning naming it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from devtools.accuracy import FIELDS, Record, _text, evaluate, pair
from extract.pipeline import extract_pdf
from samples.designs.spec import DesignSpec
from samples.expected import records
from samples.source import Card, Group, Source, load

HERE = Path(__file__).parent
SAMPLES = HERE.parent


@dataclass(frozen=True)
class Case:
    """A PDF of the zoo with the source it prints and how its links are given."""

    name: str
    pdf: Path
    source: Path
    links_printed_only: bool  # no annotations: addresses are printed (a list, notes, in cards)
    links_in_list: bool  # printed as a list at the page foot, with nothing to pair them by
    hostile: bool = False


def cases() -> list[Case]:
    """The bundled samples, then every committed design, in name order."""
    out = [
        Case(name, SAMPLES / f"{name}.pdf", SAMPLES / f"{name}.source.json", False, False)
        for name in ("ess-pvd-2021", "ess-pvd-2022")
    ]
    specs = _specs()
    for pdf in sorted(HERE.glob("*.pdf")):
        spec = specs.get(pdf.stem)
        links = spec.links if spec is not None else "cta"
        out.append(
            Case(
                pdf.stem,
                pdf,
                pdf.with_suffix(".source.json"),
                links in ("list", "notes", "under"),
                links == "list",
                pdf.stem.startswith("hostile-"),
            )
        )
    return out


def _specs() -> dict[str, DesignSpec]:
    from samples.designs.zoo import designs

    return {spec.name: spec for spec in designs()}


def resources_on(page_blocks: Sequence[Card | Group]) -> int:
    return sum(1 if isinstance(b, Card) else len(b.items) for b in page_blocks)


def ambiguous_pages(source: Source) -> set[int]:
    """Pages whose printed URL list alone cannot be split among their resources: more distinct
    runs of addresses than resources."""
    out: set[int] = set()
    for page in source.pages:
        urls = page.trailing_urls
        runs = sum(1 for i, url in enumerate(urls) if i == 0 or urls[i - 1] != url)
        if runs > resources_on(page.blocks):
            out.add(page.page)
    return out


def justified(case: Case, source: Source) -> set[tuple[str, int]]:
    """The warnings (code, page; 0 for the document) this design justifies: a printed URL
    list split by inference, and, where every card names a publisher, the doubt that their
    lengths alone tell publishers from descriptions."""
    allowed: set[tuple[str, int]] = set()
    if case.links_in_list:
        allowed |= {("link-list-mismatch", page) for page in ambiguous_pages(source)}
    cards = [b for page in source.pages for b in page.blocks if isinstance(b, Card)]
    if cards and all(c.publisher_lines for c in cards):
        allowed.add(("roles-uncertain", 0))
    return allowed


def expected_records(source: Source) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if k != "cta"} for r in records(source)]


@dataclass
class Row:
    name: str
    hostile: bool
    expected: int
    exact: int
    missed: int
    extra: int
    f1: dict[str, float]
    warnings: int
    unjustified: list[str] = field(default_factory=list)
    wrong: int = 0  # records read wrong
    unnamed_wrong: list[str] = field(default_factory=list)  # wrong records no warning names


def measure(case: Case) -> Row:
    source = load(case.source)
    want_full = expected_records(source)
    catalogue = extract_pdf(case.pdf)
    got_full = [r.record() for r in catalogue.resources]
    want: list[Record] = [{k: _text(r.get(k)) for k in FIELDS} for r in want_full]
    got: list[Record] = [{k: _text(r.get(k)) for k in FIELDS} for r in got_full]
    report = evaluate(got, want)
    allowed = justified(case, source)
    unjustified = [
        f"{w.code} p.{w.page}" for w in catalogue.warnings if (w.code, w.page or 0) not in allowed
    ]
    named = {w.card_id for w in catalogue.warnings if w.card_id}
    unnamed: list[str] = []
    wrong = 0
    for g, w in pair(got, want):
        if g is None or w is None:
            continue
        if got[g] != want[w]:
            wrong += 1
            if catalogue.resources[g].card_id not in named:
                unnamed.append(catalogue.resources[g].card_id)
    return Row(
        name=case.name,
        hostile=case.hostile,
        expected=report.expected,
        exact=report.exact_records,
        missed=report.missed,
        extra=report.extra,
        f1={name: round(report.strict[name].f1, 3) for name in FIELDS},
        warnings=len(catalogue.warnings),
        unjustified=unjustified,
        wrong=wrong,
        unnamed_wrong=unnamed,
    )


SHORT = {
    "page": "page",
    "part": "part",
    "theme": "theme",
    "title": "title",
    "resource_type": "type",
    "year": "year",
    "year_end": "end",
    "publisher": "publ",
    "description": "desc",
    "url": "url",
    "links": "links",
    "group": "group",
}


def render(rows: Sequence[Row]) -> str:
    head = ["design", "exact", "missed", "extra", *(SHORT[f] for f in FIELDS), "warnings"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] + ["--:"] * (len(head) - 1)) + "|",
    ]
    for row in rows:
        warn = f"{row.warnings}"
        if row.hostile:
            named = row.wrong - len(row.unnamed_wrong)
            warn += f" (wrong records named: {named}/{row.wrong})"
        elif row.unjustified:
            warn += f" ({len(row.unjustified)} unjustified)"
        cells = [
            row.name + (" (hostile)" if row.hostile else ""),
            f"{row.exact}/{row.expected}",
            str(row.missed),
            str(row.extra),
            *(f"{row.f1[f]:.2f}" for f in FIELDS),
            warn,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samples.designs.accuracy",
        description="Extract every design of the zoo and compare with the records its source "
        "gives: exact records, per-field F1, warnings (justified by the design or not).",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="measure these designs only")
    args = parser.parse_args(argv)
    rows = []
    for case in cases():
        if args.only and case.name not in args.only:
            continue
        print(f"{case.name}…", file=sys.stderr)
        rows.append(measure(case))
    if args.json:
        print(json.dumps([row.__dict__ for row in rows], indent=1, ensure_ascii=False))
    else:
        print(render(rows))
    failing = [
        r for r in rows if not r.hostile and (r.exact != r.expected or r.extra or r.unjustified)
    ]
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
