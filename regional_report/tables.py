"""The pipeline's tables: polars frames built at each boundary, validated by their Pandera contracts.

Every function here is pure and Prefect-free. A row that breaks its contract leaves its frame through
`validate`, which turns each failure into an Issues row: nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import pandera.polars as pa
import polars as pl
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from regional_report import limits
from regional_report.metrics import metrics
from regional_report.model import Document, Figure, Outcome
from regional_report.regions import canonical_region
from schemas import ComparisonFrame, FigureFrame, IssueFrame, RawFigureFrame, SourceFrame

__all__ = [
    "Place",
    "RunSummary",
    "batches",
    "column_key",
    "comparison_frame",
    "figure_counts",
    "figures_frame",
    "issue_rows_for_quarantine",
    "issues_frame",
    "latest_figures",
    "merge_figures",
    "normalized_frame",
    "place",
    "polars_schema",
    "processed",
    "ranked",
    "run_summary",
    "sources_frame",
    "summary_markdown",
    "validate",
]

COLUMN_KEY_SEPARATOR: Final = "|"
# Pandera's name for a failed type coercion; its full text lists the whole schema, so issues keep only this.
COERCE_CHECK: Final = "coerce_dtype"
# Columns that locate a failing row for the reader of an Issues message, in the order they are quoted.
_LOCATORS: Final = ("region", "surface", "start", "end", "column")


# --- frame construction --------------------------------------------------------------------------------------


def polars_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """The polars dtypes of a Pandera model's columns, in its declared order.

    Frames are built against this so an empty or all-null column still has its contract's type.
    """
    return {name: column.dtype.type for name, column in model.to_schema().columns.items()}


def _frame(model: type[pa.DataFrameModel], columns: Mapping[str, Sequence[object]]) -> pl.DataFrame:
    schema = polars_schema(model)
    return pl.DataFrame({name: columns.get(name, []) for name in schema}, schema=schema)


def _empty(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(model))


@dataclass(frozen=True, slots=True)
class Place:
    """Where and when a document is set: its region (canonical when known) and meeting date."""

    region: str | None
    region_iso: str | None
    federal_district: str | None
    meeting_date: date | None


def place(document: Document | None) -> Place:
    """The document's region resolved against the reference table; the name as written when it is not there."""
    if document is None:
        return Place(None, None, None, None)
    found = canonical_region(document.region) if document.region else None
    if found is None:
        return Place(document.region, None, None, document.meeting_date)
    return Place(found.name, found.iso, found.federal_district, document.meeting_date)


def processed(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The outcomes of the documents processed, in input order."""
    return [o for o in outcomes if o.status == "processed" and o.document is not None]


def batches(outcomes: Sequence[Outcome], size: int, max_batches: int | None = None) -> list[list[Document]]:
    """The processed documents, in input order, in batches of at most `size` (one extraction task each).

    With `max_batches`, batches grow past `size` so that there are no more than that many: each Prefect
    task costs tens of milliseconds, and a large batch is extracted on both cores (`parallel`).
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    documents = [o.document for o in processed(outcomes) if o.document is not None]
    if max_batches is not None and max_batches >= 1:
        size = max(size, -(-len(documents) // max_batches))
    return [documents[i : i + size] for i in range(0, len(documents), size)]


def figures_frame(
    outcomes: Sequence[Outcome],
    figures_by_sha: Mapping[str, Sequence[Figure]],
    known: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One RawFigureFrame row per figure of each processed document (not yet validated), in input order.

    `known` holds figure rows (RawFigureFrame's columns but `doc`) that an earlier run found, for
    documents not in `figures_by_sha` (`snapshot.Snapshot.recall_figures`); they join the table as they are.
    """
    columns: dict[str, list[object]] = {name: [] for name in polars_schema(RawFigureFrame)}
    for outcome in outcomes:
        if outcome.status != "processed":
            continue
        for f in figures_by_sha.get(outcome.sha256, ()):
            row: dict[str, object] = {
                "doc": outcome.name,
                "doc_sha256": outcome.sha256,
                "start": f.start,
                "end": f.end,
                "surface": f.surface,
                "kind": f.kind,
                "value": f.value,
                "value_max": f.value_max,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "metric": f.metric,
                "subject": f.subject,
                "year": f.year,
                "sentence": f.sentence,
            }
            for name, values in columns.items():
                values.append(row[name])
    found = _frame(RawFigureFrame, columns)
    if known is None or known.is_empty():
        return found
    order = pl.DataFrame(
        [(o.name, o.sha256, i) for i, o in enumerate(outcomes) if o.status == "processed"],
        schema={"doc": pl.String, "doc_sha256": pl.String, "position": pl.Int64},
        orient="row",
    )
    recalled = (
        known.join(order, on="doc_sha256", how="inner", maintain_order="left")
        .filter(~pl.col("doc_sha256").is_in(list(figures_by_sha)))
        .select(*found.columns, "position")
    )
    placed = found.join(order.select("doc_sha256", "position"), on="doc_sha256", maintain_order="left")
    return (
        pl.concat([placed, recalled.cast(placed.schema)])
        .sort("position", maintain_order=True)
        .drop("position")
    )


def normalized_frame(raw: pl.DataFrame, outcomes: Sequence[Outcome]) -> pl.DataFrame:
    """FigureFrame rows: validated raw figures with their document's region and date and their metric's label.

    A figure whose document has no region or date, or whose metric id is unknown, keeps nulls there; the
    FigureFrame and ComparisonFrame contracts then send it to Issues.
    """
    places: dict[str, list[object]] = {
        "doc_sha256": [],
        "region": [],
        "region_iso": [],
        "federal_district": [],
        "meeting_date": [],
    }
    seen: set[str] = set()
    for outcome in outcomes:
        if outcome.status != "processed" or outcome.sha256 in seen:
            continue
        seen.add(outcome.sha256)
        p = place(outcome.document)
        for name, value in (
            ("doc_sha256", outcome.sha256),
            ("region", p.region),
            ("region_iso", p.region_iso),
            ("federal_district", p.federal_district),
            ("meeting_date", p.meeting_date),
        ):
            places[name].append(value)
    documents = pl.DataFrame(
        places,
        schema={
            "doc_sha256": pl.String,
            "region": pl.String,
            "region_iso": pl.String,
            "federal_district": pl.String,
            "meeting_date": pl.Date,
        },
    )
    taxonomy = pl.DataFrame(
        {
            "metric": list(metrics()),
            "metric_label": [m.label for m in metrics().values()],
            "topic": [m.topic for m in metrics().values()],
        },
        schema={"metric": pl.String, "metric_label": pl.String, "topic": pl.String},
    )
    return (
        raw.join(documents, on="doc_sha256", how="left", maintain_order="left")
        .join(taxonomy, on="metric", how="left", maintain_order="left")
        .select(list(polars_schema(FigureFrame)))
    )


# --- validation ------------------------------------------------------------------------------------------------


def validate(
    model: type[pa.DataFrameModel], frame: pl.DataFrame, stage: str, doc_column: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validate `frame` against `model`, lazily, and split it into (valid rows, IssueFrame rows).

    Each failure case that names a row becomes one Issues row (stage, the row's `doc_column`, the failed
    check, the column and the offending value), and the row leaves the frame. The rest is validated
    again, so the rows returned are the contract's coerced output. Validation is forced on, schema and
    data, whatever pandera's environment switches say.

    Raises:
        SchemaErrors: a failure that names no row (a missing column, a wrong dtype): a programming error.
    """
    issues: list[pl.DataFrame] = []
    current = frame
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        while True:
            try:
                valid = pl.DataFrame(model.validate(current, lazy=True))
            except SchemaErrors as errors:
                cases = errors.failure_cases
                row_cases = cases.filter(pl.col("index").is_not_null())
                if row_cases.is_empty():
                    raise  # nothing points at a row: the frame itself breaks the contract
                issues.append(_issue_rows(model, current, row_cases, stage, doc_column))
                bad = row_cases.get_column("index").cast(pl.Int64).unique()
                current = (
                    current.with_row_index("__row")
                    .filter(~pl.col("__row").cast(pl.Int64).is_in(bad.implode()))
                    .drop("__row")
                )
                continue
            return valid, issues_frame(*issues)


def _issue_rows(
    model: type[pa.DataFrameModel], frame: pl.DataFrame, cases: pl.DataFrame, stage: str, doc_column: str
) -> pl.DataFrame:
    """One IssueFrame row per failure case; each case's `index` is a row position in `frame`."""
    expected = polars_schema(model)
    columns: dict[str, list[object]] = {name: [] for name in polars_schema(IssueFrame)}
    for case in cases.iter_rows(named=True):
        row = frame.row(int(case["index"]), named=True)
        value = case["failure_case"]
        check = str(case["check"])
        column = case["column"] if case["schema_context"] == "Column" else None
        where = _locate(row)
        if check.startswith(COERCE_CHECK):
            check = COERCE_CHECK
            column = _uncastable_column(row, frame.schema, expected)
            message = f"{where}{column} = {value!r} cannot be read as {expected.get(column or '', '?')}"
        elif column is None:
            message = f"{where}{check}"
        elif value is None:
            message = f"{where}{column} is null"
        else:
            message = f"{where}{column} = {value!r} fails {check}"
        doc = row.get(doc_column)
        region = row.get("region")
        issue = {
            "stage": stage,
            "doc": "" if doc is None else str(doc),
            "region": None if region is None else str(region),
            "check": check,
            "column": column,
            "value": None if value is None else str(value),
            "message": message,
        }
        for name, values in columns.items():
            values.append(issue[name])
    return _frame(IssueFrame, columns)


def _uncastable_column(
    row: Mapping[str, Any], actual: Mapping[str, pl.DataType], expected: Mapping[str, pl.DataType]
) -> str | None:
    """The first column of `row` whose value cannot be cast to the contract's dtype (pandera names none)."""
    for name, dtype in expected.items():
        if name not in row or actual.get(name) == dtype or row[name] is None:
            continue
        try:
            pl.Series([row[name]], dtype=actual[name]).cast(dtype, strict=True)
        except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
            return name
    return None


def _locate(row: Mapping[str, Any]) -> str:
    """A short pointer to a row for a message: region, the figure's words and span, or the comparison key."""
    parts = []
    if row.get("surface") is not None and row.get("start") is not None:
        parts.append(f"{json.dumps(row['surface'], ensure_ascii=False)} at {row['start']}–{row.get('end')}")
    elif row.get("column") is not None:
        parts.append(str(row["column"]))
    if row.get("region") is not None:
        parts.append(str(row["region"]))
    return f"{', '.join(parts)}: " if parts else ""


def issues_frame(*parts: pl.DataFrame) -> pl.DataFrame:
    """IssueFrame rows from several stages, in the order given (an empty, typed frame when there are none)."""
    frames = [_empty(IssueFrame), *(p.select(list(polars_schema(IssueFrame))) for p in parts)]
    return pl.concat(frames, how="vertical")


LONG_SENTENCE_CHECK: Final = "sentence_too_long"
_QUOTED_CHARS: Final = 80  # how much of an overlong sentence its Issue quotes


def long_sentence_issues(outcomes: Iterable[Outcome], max_chars: int) -> pl.DataFrame:
    """IssueFrame rows (stage "extract"), one per sentence of a processed document that was not extracted."""
    schema = polars_schema(IssueFrame)
    rows: list[dict[str, object]] = []
    for outcome in outcomes:
        document = outcome.document
        if outcome.status != "processed" or document is None:
            continue
        for a, b in limits.long_sentences(document.text, max_chars):
            quoted = document.text[a : a + _QUOTED_CHARS]
            rows.append(
                {
                    "stage": "extract",
                    "doc": outcome.name,
                    "region": document.region,
                    "check": LONG_SENTENCE_CHECK,
                    "value": quoted + ("…" if b - a > _QUOTED_CHARS else ""),
                    "message": (
                        f"the sentence at characters {a:,}–{b:,} is {b - a:,} characters long, over the limit"
                        f" of {max_chars:,} (REGIONAL_REPORT_MAX_SENTENCE_CHARS): its figures were not"
                        " extracted"
                    ),
                }
            )
    return pl.DataFrame({name: [row.get(name) for row in rows] for name in schema}, schema=schema)


def issue_rows_for_quarantine(outcomes: Sequence[Outcome]) -> pl.DataFrame:
    """One read-stage Issues row per input file set aside: quarantined or a duplicate, with its reason."""
    set_aside = [o for o in outcomes if o.status != "processed"]
    return _frame(
        IssueFrame,
        {
            "stage": ["read"] * len(set_aside),
            "doc": [o.name for o in set_aside],
            "region": [place(o.document).region for o in set_aside],
            "check": ["duplicate" if o.status == "duplicate" else "quarantine" for o in set_aside],
            "column": [None] * len(set_aside),
            "value": [o.path for o in set_aside],
            "message": [o.reason or o.status for o in set_aside],
        },
    )


# --- the report's frames ------------------------------------------------------------------------------------------


def figure_counts(facts: pl.DataFrame) -> dict[str, int]:
    """How many valid figures each document contributed, by document sha256."""
    counts = facts.group_by("doc_sha256").len()
    return dict(
        zip(counts.get_column("doc_sha256").to_list(), counts.get_column("len").to_list(), strict=True)
    )


def sources_frame(outcomes: Sequence[Outcome], figure_counts: Mapping[str, int]) -> pl.DataFrame:
    """One SourceFrame row per input file: processed, quarantined or duplicate, with its reason (not validated)."""
    columns: dict[str, list[object]] = {name: [] for name in polars_schema(SourceFrame)}
    for outcome in outcomes:
        p = place(outcome.document)
        document = outcome.document
        row: dict[str, object] = {
            "file": outcome.name,
            "path": outcome.path,
            "sha256": outcome.sha256 or None,
            "title": (document.title or None) if document is not None else None,
            "region": p.region,
            "region_iso": p.region_iso,
            "federal_district": p.federal_district,
            "meeting_date": p.meeting_date,
            "figures": figure_counts.get(outcome.sha256, 0) if outcome.status == "processed" else 0,
            "status": outcome.status,
            "reason": outcome.reason or None,
        }
        for name, values in columns.items():
            values.append(row[name])
    return _frame(SourceFrame, columns)


def latest_figures(facts: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Per group of `by`, the figure that counts as latest; figures with no metric are left out.

    Latest means the latest meeting date; ties go to the figure with the later year (a figure with no
    year counts as oldest), then the earlier offset, then the document name.
    """
    return (
        facts.filter(pl.col("metric").is_not_null())
        .sort(
            ["meeting_date", "year", "start", "doc", "end"],
            descending=[True, True, False, False, False],
            nulls_last=True,
            maintain_order=True,
        )
        .unique(list(by), keep="first", maintain_order=True)
    )


def column_key() -> pl.Expr:
    """The key of a (metric, kind, unit) column, e.g. "investment|amount|RUB"."""
    return pl.concat_str(["metric", "kind", "unit"], separator=COLUMN_KEY_SEPARATOR).alias("column")


def ranked(frame: pl.DataFrame, value: str = "value", over: str = "column") -> pl.DataFrame:
    """`frame` with `rank` and `reporters` per group `over`: 1 = the highest value, ties share a place.

    For a column of ranks (kind "rank") the order is reversed: place 1 is the best, so it ranks first.
    """
    score = pl.when(pl.col("kind") == "rank").then(pl.col(value)).otherwise(-pl.col(value))
    return frame.with_columns(
        score.rank(method="min").over(over).cast(pl.Int64).alias("rank"),
        pl.len().over(over).cast(pl.Int64).alias("reporters"),
    )


def comparison_frame(facts: pl.DataFrame, conflicts: pl.DataFrame | None = None) -> pl.DataFrame:
    """ComparisonFrame rows (long form): per region and (metric, kind, unit), the latest figure, ranked.

    A range keeps its lower end (`value`) and its qualifier. Each cell gets its place among the regions
    reporting the column (`ranked`), and `conflict` when `conflicts` (ConflictFrame rows) lists the
    region, column and the value's year. Not validated here.
    """
    latest = latest_figures(facts, ["region", "metric", "kind", "unit"]).with_columns(column_key())
    contested = pl.DataFrame(schema={"region": pl.String, "column": pl.String, "year": pl.Int64})
    if conflicts is not None:
        contested = conflicts.select("region", "column", pl.col("year").cast(pl.Int64)).unique()
    return (
        ranked(latest)
        .join(
            contested.with_columns(pl.lit(True).alias("conflict")),
            on=["region", "column", "year"],
            how="left",
        )
        .with_columns(pl.col("conflict").fill_null(False))
        .select(list(polars_schema(ComparisonFrame)))
        .sort(["region", "column"])
    )


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
    `figures` counts every figure extracted, `figures_quarantined` those that failed validation.
    """
    set_aside = [o for o in outcomes if o.status != "processed"]
    return RunSummary(
        documents_read=len(outcomes),
        documents_processed=len(outcomes) - len(set_aside),
        documents_quarantined=len(set_aside),
        duplicates=sum(o.status == "duplicate" for o in set_aside),
        figures=raw.height,
        figures_quarantined=raw.height - facts.height,
        regions=facts.get_column("region").n_unique() if facts.height else 0,
        issues=issues.height,
        workbook=workbook,
        quarantined=tuple((o.name, o.reason or o.status) for o in set_aside),
        documents_cached=documents_cached,
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


def merge_figures(results: Iterable[Mapping[str, list[Figure]]]) -> dict[str, list[Figure]]:
    """One mapping of document sha256 to figures from the extraction batches' results."""
    merged: dict[str, list[Figure]] = {}
    for result in results:
        merged.update(result)
    return merged
