"""Frames built against a contract: every column the model declares, with the model's dtype.

A frame built here has its contract's columns and types even when it is empty or a column is all null.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandera.polars as pa
import polars as pl


def polars_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """The polars dtypes of a Pandera model's columns, in its declared order."""
    return {name: column.dtype.type for name, column in model.to_schema().columns.items()}


def frame_of(model: type[pa.DataFrameModel], columns: Mapping[str, Sequence[object]]) -> pl.DataFrame:
    """A frame of the model's columns from `columns` (a column not given is empty)."""
    schema = polars_schema(model)
    return pl.DataFrame({name: columns.get(name, []) for name in schema}, schema=schema)


def empty_frame(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """An empty frame of the model's columns."""
    return pl.DataFrame(schema=polars_schema(model))
