"""The canonical metric taxonomy (the project's own copy of the spec's metrics.yaml), loaded once.

Also the per-resident table (`data/per_capita.csv`): which (metric, kind, unit) columns are divided by a
region's population, and per how many residents.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from typing import Final

import yaml

from regional_report.settings import DATA_DIR

# The order of a metric's columns by the figure's kind: levels first, then changes, then places.
KIND_ORDER: Final = ("count", "amount", "percent", "change", "rank")


@dataclass(frozen=True, slots=True)
class Metric:
    """What is measured: an id, the column heading, its topic and the units its levels come in."""

    id: str
    label: str
    topic: str
    units: tuple[str, ...]
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PerCapita:
    """A (metric, kind, unit) column that is meaningful per resident: divided by population, times `per`."""

    metric: str
    kind: str
    unit: str
    per: int
    why: str


@cache
def metrics() -> dict[str, Metric]:
    """All canonical metrics by id, in taxonomy order."""
    raw = yaml.safe_load((DATA_DIR / "metrics.yaml").read_text(encoding="utf-8"))
    return {
        m["id"]: Metric(m["id"], m["label"], m["topic"], tuple(m.get("units", ())), tuple(m.get("cues", ())))
        for m in raw["metrics"]
    }


@cache
def topics() -> tuple[str, ...]:
    """Topic ids in the order they first appear in the taxonomy."""
    return tuple(dict.fromkeys(m.topic for m in metrics().values()))


def column_sort_key(metric: str, kind: str, unit: str) -> tuple[int, int, int, int, str]:
    """Where a (metric, kind, unit) column goes: by topic, metric (taxonomy order), kind, then the metric's units.

    Unknown metrics, kinds and units sort after the known ones.
    """
    taxonomy = metrics()
    known = taxonomy.get(metric)
    topic_order = topics()
    topic_rank = topic_order.index(known.topic) if known is not None else len(topic_order)
    metric_rank = list(taxonomy).index(metric) if known is not None else len(taxonomy)
    kind_rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    units = known.units if known is not None else ()
    unit_rank = units.index(unit) if unit in units else len(units)
    return (topic_rank, metric_rank, kind_rank, unit_rank, unit)


def data_rows(table: str) -> list[dict[str, str]]:
    """The rows of a CSV table in `data/` (`data/<table>`), its lines starting with "#" left out (comments)."""
    text = (DATA_DIR / table).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))


@cache
def per_capita_measures() -> dict[tuple[str, str, str], PerCapita]:
    """The per-resident table by (metric, kind, unit), in the table's order."""
    measures = [
        PerCapita(r["metric"].strip(), r["kind"].strip(), r["unit"].strip(), int(r["per"]), r["why"].strip())
        for r in data_rows("per_capita.csv")
    ]
    return {(m.metric, m.kind, m.unit): m for m in measures}
