"""What a run did, in counts: the flow's return value, the terminal's summary and the artifact's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from regional_report.model import Outcome
from regional_report.overrides import EXCLUDED

# --- the run's summary -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did, in counts, plus where its workbook is: the flow's return value."""

    documents_read: int
    documents_processed: int
    documents_quarantined: int
    duplicates: int
    figures: int
    figures_quarantined: int
    regions: int
    issues: int
    workbook: str
    quarantined: tuple[tuple[str, str], ...] = field(default=())
    """(file, reason) for every file set aside, duplicates included."""
    documents_cached: int = 0
    """Processed documents whose figures an earlier run had extracted (its snapshot or the figure cache)."""
    figures_excluded: int = 0
    """Valid figures the analyst's overrides file excluded (not quarantined: left out on purpose)."""
    stage_seconds: tuple[tuple[str, float], ...] = field(default=())
    """(stage, wall seconds spent in its plain functions inside the tasks), in flow order; the rest of the
    flow's time is the orchestrator's. Filled in when the flow ends (`monitor.STAGES`)."""

    def as_dict(self) -> dict[str, object]:
        """The summary as plain JSON-ready values."""
        return {
            "documents_read": self.documents_read,
            "documents_processed": self.documents_processed,
            "documents_quarantined": self.documents_quarantined,
            "duplicates": self.duplicates,
            "figures": self.figures,
            "figures_quarantined": self.figures_quarantined,
            "regions": self.regions,
            "issues": self.issues,
            "workbook": self.workbook,
            "quarantined": [list(q) for q in self.quarantined],
            "documents_cached": self.documents_cached,
            "figures_excluded": self.figures_excluded,
            "stage_seconds": dict(self.stage_seconds),
        }


def run_summary(
    outcomes: Sequence[Outcome],
    raw: pl.DataFrame,
    facts: pl.DataFrame,
    issues: pl.DataFrame,
    workbook: str,
    documents_cached: int = 0,
) -> RunSummary:
    """Count what the run did.

    `documents_quarantined` counts every file not processed (duplicates included, also given apart);
    `figures` counts every figure extracted, `figures_quarantined` those that failed validation, and
    `figures_excluded` those the analyst's overrides excluded (their Issues rows, check override_excluded).
    """
    set_aside = [o for o in outcomes if o.status != "processed"]
    excluded = issues.filter(pl.col("check") == EXCLUDED).height if issues.height else 0
    return RunSummary(
        documents_read=len(outcomes),
        documents_processed=len(outcomes) - len(set_aside),
        documents_quarantined=len(set_aside),
        duplicates=sum(o.status == "duplicate" for o in set_aside),
        figures=raw.height,
        figures_quarantined=raw.height - facts.height - excluded,
        regions=facts.get_column("region").n_unique() if facts.height else 0,
        issues=issues.height,
        workbook=workbook,
        quarantined=tuple((o.name, o.reason or o.status) for o in set_aside),
        documents_cached=documents_cached,
        figures_excluded=excluded,
    )


def summary_markdown(summary: RunSummary) -> str:
    """The run's summary as Markdown, for the Prefect artifact."""
    lines = [
        "# Regional report",
        "",
        "| | |",
        "|---|---:|",
        f"| Documents read | {summary.documents_read:,} |",
        f"| Documents processed | {summary.documents_processed:,} |",
        f"| of which with figures from earlier runs | {summary.documents_cached:,} |",
        f"| Documents quarantined | {summary.documents_quarantined:,} |",
        f"| of which duplicates | {summary.duplicates:,} |",
        f"| Figures extracted | {summary.figures:,} |",
        f"| Figures quarantined | {summary.figures_quarantined:,} |",
        f"| Figures excluded by the analyst's overrides | {summary.figures_excluded:,} |",
        f"| Regions | {summary.regions:,} |",
        f"| Issues | {summary.issues:,} |",
        "",
        f"Workbook: `{summary.workbook}`",
    ]
    if summary.quarantined:
        lines += ["", "## Quarantined documents", "", "| File | Reason |", "|---|---|"]
        lines += [f"| {_md_cell(name)} | {_md_cell(reason)} |" for name, reason in summary.quarantined]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def quarantine_ratio(outcomes_read: int, quarantined: int, duplicates: int) -> float:
    """The share of distinct documents that were quarantined: duplicates count on neither side.

    >>> quarantine_ratio(10, 4, 2), quarantine_ratio(0, 0, 0)
    (0.25, 0.0)
    """
    distinct = outcomes_read - duplicates
    return (quarantined - duplicates) / distinct if distinct > 0 else 0.0


def quarantine_problem(summary: RunSummary, max_ratio: float) -> str | None:
    """Why the run must fail for quarantining too much, or None when its share is within `max_ratio`."""
    distinct = summary.documents_read - summary.duplicates
    set_aside = summary.documents_quarantined - summary.duplicates
    ratio = quarantine_ratio(summary.documents_read, summary.documents_quarantined, summary.duplicates)
    if ratio <= max_ratio:
        return None
    return (
        f"{set_aside:,} of {distinct:,} documents were quarantined ({ratio:.1%}), over the limit of"
        f" {max_ratio:.1%} (REGIONAL_REPORT_MAX_QUARANTINE_RATIO)"
    )


def run_problem(summary: RunSummary, max_ratio: float) -> str | None:
    """Why the run failed although it ran to the end (no document could be processed, or more than
    `max_ratio` of them were quarantined); None for a run whose workbook may replace the last one."""
    if not summary.documents_processed:
        reasons = "; ".join(f"{name}: {reason}" for name, reason in summary.quarantined[:3])
        more = f"; and {len(summary.quarantined) - 3:,} more" if len(summary.quarantined) > 3 else ""
        read = f"{summary.documents_read:,} file{'s' if summary.documents_read != 1 else ''} read"
        return f"no document could be processed ({read}{': ' + reasons if reasons else ''}{more})"
    return quarantine_problem(summary, max_ratio)


def quarantine_note(summary: RunSummary) -> str | None:
    """What a completed run set aside, in a line (the state message the Prefect UI shows); None if nothing."""
    parts = []
    if summary.documents_quarantined:
        duplicates = f", {summary.duplicates:,} of them duplicates" if summary.duplicates else ""
        parts.append(f"{summary.documents_quarantined:,} of {summary.documents_read:,} documents{duplicates}")
    if summary.figures_quarantined:
        parts.append(f"{summary.figures_quarantined:,} of {summary.figures:,} figures")
    if not parts:
        return None
    return f"quarantined: {' and '.join(parts)}; see the workbook's Sources and Issues sheets"


def workbook_markdown(summary: RunSummary, host: str, size: int | None, problem: str | None = None) -> str:
    """Where the run's workbook is, for the Prefect artifact: its path on the machine that ran the flow (a
    browser does not open file:// links from a web page), its size and the run's main counts."""
    where = f"`{summary.workbook}` on `{host}`"
    lines = ["# Workbook", "", where + (f" ({size / 1e6:,.1f} MB)" if size is not None else " (not written)")]
    if problem:
        lines += ["", f"**This run failed**: {problem}."]
    lines += [
        "",
        "| | |",
        "|---|---:|",
        f"| Documents processed | {summary.documents_processed:,} of {summary.documents_read:,} |",
        f"| Figures (valid) | {summary.figures - summary.figures_quarantined:,} of {summary.figures:,} |",
        f"| Regions | {summary.regions:,} |",
        f"| Issues | {summary.issues:,} |",
    ]
    return "\n".join(lines) + "\n"
