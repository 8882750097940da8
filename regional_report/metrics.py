"""The canonical metric taxonomy (the project's own copy of the spec's metrics.yaml), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from regional_report.settings import DATA_DIR


@dataclass(frozen=True, slots=True)
class Metric:
    """What is measured: an id, the column heading, its topic and the units its levels come in."""

    id: str
    label: str
    topic: str
    units: tuple[str, ...]
    cues: tuple[str, ...]


@cache
def metrics() -> dict[str, Metric]:
    """All canonical metrics by id, in taxonomy order."""
    raw = yaml.safe_load((DATA_DIR / "metrics.yaml").read_text(encoding="utf-8"))
    return {
        m["id"]: Metric(m["id"], m["label"], m["topic"], tuple(m.get("units", ())), tuple(m.get("cues", ())))
        for m in raw["metrics"]
    }
