"""Field-level accuracy of an extraction against expected records (as GROBID evaluates).

    python -m devtools.accuracy output/ess-pvd-2021/cards.csv tests/data/ess-pvd-2021.expected.csv

Records are paired one to one (same page and title, then same title, then same URL). For each
field, a pair whose values agree is a true positive; a value where the expected record has
another or none is a false positive; an expected value not found is a false negative. Strict
matching compares values as printed; soft matching ignores case, punctuation and spaces.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from schemas.models import PRINTED_COLUMNS

FIELDS = tuple(c for c in PRINTED_COLUMNS if c != "card_id")
Record = dict[str, str]

_NOT_WORD = regex.compile(r"[\p{P}\p{S}\s]+")


def strict(value: str) -> str:
    return value.strip()


def soft(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    return str(_NOT_WORD.sub("", folded))


def load_records(path: Path) -> list[Record]:
    """Records from a cards.csv or an expected CSV/JSON file, values as CSV text."""
    if path.suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        rows = rows.get("resources", rows) if isinstance(rows, dict) else rows
        return [{k: _text(row.get(k)) for k in FIELDS} for row in rows]
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: row.get(k) or "" for k in FIELDS} for row in csv.DictReader(f)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return str(value)


def pair(got: Sequence[Record], want: Sequence[Record]) -> list[tuple[int | None, int | None]]:
    """One-to-one pairs (got index, want index); None on the side that has no partner."""
    free_got, free_want = set(range(len(got))), set(range(len(want)))
    pairs: list[tuple[int | None, int | None]] = []
    keys: list[Callable[[Record], tuple[str, ...]]] = [
        lambda r: (r["page"], strict(r["title"])),
        lambda r: (r["page"], soft(r["title"])),
        lambda r: (soft(r["title"]),),
        lambda r: (r["url"],),
    ]
    for key in keys:
        index: dict[tuple[str, ...], list[int]] = {}
        for g in sorted(free_got):
            index.setdefault(key(got[g]), []).append(g)
        for w in sorted(free_want):
            k = key(want[w])
            if not any(k) or not index.get(k):
                continue
            g = index[k].pop(0)
            free_got.discard(g)
            free_want.discard(w)
            pairs.append((g, w))
    pairs += [(None, w) for w in sorted(free_want)]
    pairs += [(g, None) for g in sorted(free_got)]
    return pairs


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: str, want: str, norm: Callable[[str], str]) -> None:
        g, w = norm(got), norm(want)
        if g and w and g == w:
            self.tp += 1
            return
        if g:
            self.fp += 1
        if w:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    strict: dict[str, Counts] = field(default_factory=dict)
    soft: dict[str, Counts] = field(default_factory=dict)
    found: int = 0
    missed: int = 0
    extra: int = 0
    exact_records: int = 0
    expected: int = 0

    def as_dict(self) -> dict[str, object]:
        def table(counts: dict[str, Counts]) -> dict[str, dict[str, float]]:
            return {
                k: {
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                    "tp": c.tp,
                    "fp": c.fp,
                    "fn": c.fn,
                }
                for k, c in counts.items()
            }

        return {
            "strict": table(self.strict),
            "soft": table(self.soft),
            "found": self.found,
            "missed": self.missed,
            "extra": self.extra,
            "exact_records": self.exact_records,
            "expected": self.expected,
        }


def evaluate(got: Sequence[Record], want: Sequence[Record]) -> Report:
    report = Report(
        strict={f: Counts() for f in FIELDS}, soft={f: Counts() for f in FIELDS}, expected=len(want)
    )
    empty: Record = dict.fromkeys(FIELDS, "")
    for g, w in pair(got, want):
        rg = got[g] if g is not None else empty
        rw = want[w] if w is not None else empty
        if g is not None and w is not None:
            report.found += 1
        elif w is not None:
            report.missed += 1
        else:
            report.extra += 1
        for name in FIELDS:
            report.strict[name].add(rg[name], rw[name], strict)
            report.soft[name].add(rg[name], rw[name], soft)
        if g is not None and w is not None and all(strict(rg[n]) == strict(rw[n]) for n in FIELDS):
            report.exact_records += 1
    return report


def render(report: Report) -> str:
    lines = [f"{'field':<14} {'strict P':>9} {'R':>7} {'F1':>7}   {'soft P':>7} {'R':>7} {'F1':>7}"]
    for name in FIELDS:
        s, o = report.strict[name], report.soft[name]
        lines.append(
            f"{name:<14} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>7.3f}   "
            f"{o.precision:>7.3f} {o.recall:>7.3f} {o.f1:>7.3f}"
        )
    exact = report.exact_records / report.expected if report.expected else 1.0
    lines.append("")
    lines.append(
        f"resources: {report.found} found, {report.missed} missed, {report.extra} extra "
        f"(of {report.expected} expected)"
    )
    lines.append(f"whole records exact: {report.exact_records}/{report.expected} ({exact:.1%})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.accuracy",
        description="Per-field precision, recall and F1 of an extraction against expected "
        "records, strict and soft, with whole-record exactness.",
        epilog="Example: python -m devtools.accuracy output/ess-pvd-2021/cards.csv "
        "tests/data/ess-pvd-2021.expected.csv",
    )
    parser.add_argument("got", type=Path, help="cards.csv (or catalogue.json) of an extraction")
    parser.add_argument("expected", type=Path, help="expected records (CSV or JSON)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    for path in (args.got, args.expected):
        if not path.is_file():
            print(f"accuracy: {path}: no such file", file=sys.stderr)
            return 2
    report = evaluate(load_records(args.got), load_records(args.expected))
    print(json.dumps(report.as_dict(), indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
