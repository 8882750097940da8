"""Score quantulum3 on the same documents as our extractor: prints spec JSON Lines for ../shared/eval/score.py.

Run: uv run --with quantulum3 python benchmarks/quantulum3_baseline.py ../shared/seeds ../shared/corpus/en > /tmp/q3.jsonl
quantulum3 has no notion of kind, qualifier, metric or year: kind is derived from its unit (percent ->
percent, currency/mass/area/length -> amount, dimensionless -> count), the best mapping it allows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quantulum3 import parser

from regional_report.read import read_documents

UNIT_MAP = {
    "tonne": ("t", 1),
    "ton": ("t", 1),
    "kilogram": ("t", 1e-3),
    "hectare": ("ha", 1),
    "square metre": ("m2", 1),
    "square kilometre": ("ha", 100),
    "kilometre": ("km", 1),
    "metre": ("km", 1e-3),
    "percentage": ("%", 1),
    "russian ruble": ("RUB", 1),
    "united states dollar": ("USD", 1),
    "euro": ("EUR", 1),
    "megawatt": ("MW", 1),
    "cubic metre": ("m3", 1),
    "year": ("year", 1),
    "dimensionless": ("count", 1),
}


def main(paths: list[str]) -> None:
    for outcome in read_documents([Path(p) for p in paths], max_bytes=50_000_000):
        doc = outcome.document
        if doc is None:
            continue
        for q in parser.parse(doc.text):
            unit, factor = UNIT_MAP.get(q.unit.name, (None, 1))
            if unit is None:
                continue
            kind = "percent" if unit == "%" else "count" if unit == "count" else "amount"
            start, end = q.span
            print(
                json.dumps(
                    {
                        "doc": doc.name,
                        "start": start,
                        "end": end,
                        "surface": doc.text[start:end],
                        "kind": kind,
                        "value": q.value * factor,
                        "unit": unit,
                        "qualifier": "exact",
                        "metric": None,
                        "year": None,
                        "region": doc.region,
                        "meeting_date": doc.meeting_date.isoformat() if doc.meeting_date else None,
                    },
                    ensure_ascii=False,
                )
            )


if __name__ == "__main__":
    main(sys.argv[1:] or ["seeds"])
