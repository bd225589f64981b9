"""`catalogue schema`: print the JSON Schema of catalogue.json."""

from __future__ import annotations

import argparse
import json
from typing import Any

from schemas.models import json_schema


def render() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def handler(args: argparse.Namespace) -> int:
    print(render(), end="")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of catalogue.json",
        description="Print the JSON Schema that catalogue.json validates against, exported from "
        "the pydantic models (schemas/models.py).",
        epilog="Example:\n"
        "  catalogue schema > catalogue.schema.json\n\n"
        "Exit codes: 0 done, 2 usage, 130 interrupted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=handler)
