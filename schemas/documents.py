"""Contract for the Sources sheet: one row per input file, processed or not."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

STATUSES = ["processed", "quarantined", "duplicate"]


class SourceFrame(pa.DataFrameModel):
    """Every input file with what happened to it; quarantined rows carry their reason."""

    file: str = pa.Field(str_length={"min_value": 1})
    path: str
    sha256: str = pa.Field(nullable=True)
    title: str = pa.Field(nullable=True)
    region: str = pa.Field(nullable=True)
    region_iso: str = pa.Field(nullable=True)
    federal_district: str = pa.Field(nullable=True)
    meeting_date: pl.Date = pa.Field(nullable=True)
    figures: int = pa.Field(ge=0)
    status: str = pa.Field(isin=STATUSES)
    reason: str = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="a quarantined or duplicate file must give its reason")
    def set_aside_has_reason(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("status") == "processed") | (pl.col("reason").fill_null("").str.len_chars() > 0)
        )

    @pa.dataframe_check(error="a processed document has a region and a meeting date")
    def processed_is_complete(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("status") != "processed")
            | (pl.col("region").is_not_null() & pl.col("meeting_date").is_not_null())
        )
