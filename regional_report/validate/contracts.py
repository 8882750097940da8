"""Validation with quarantine: failing rows leave their frame as Issues rows that name the row, check and value."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

import pandera.polars as pa
import polars as pl
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from schemas import IssueFrame
from schemas.build import empty_frame, frame_of, polars_schema

# Pandera's name for a failed type coercion; its full text lists the whole schema, so issues keep only this.
COERCE_CHECK: Final = "coerce_dtype"
# Columns that locate a failing row for the reader of an Issues message, in the order they are quoted.
_LOCATORS: Final = ("region", "surface", "start", "end", "column")


# --- validation ------------------------------------------------------------------------------------------------


@contextmanager
def contract_checks() -> Iterator[None]:
    """Pandera's checks forced on, schema and data, and run on polars' in-memory engine.

    Pandera runs about a hundred queries a contract (a null check and one query a check, a column); polars'
    default streaming engine costs 0.1-0.3 ms to start each, the in-memory engine 0.05 ms: one contract's
    validation took 25-46 ms on the streaming engine and 10-22 ms in memory, for 5 rows and for 30,000.
    """
    with (
        config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA),
        pl.Config(engine_affinity="in-memory"),
    ):
        yield


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
    with contract_checks():
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
    return frame_of(IssueFrame, columns)


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
    frames = [empty_frame(IssueFrame), *(p.select(list(polars_schema(IssueFrame))) for p in parts)]
    return pl.concat(frames, how="vertical")
