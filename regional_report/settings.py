"""The one place for paths and switches. Environment variables use the REGIONAL_REPORT_ prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
DATA_DIR = Path(__file__).resolve().parent / "data"
CACHE_DIR = PROJECT_ROOT / ".cache" / "regional-report"


class Settings(BaseSettings):
    """Run settings; every field can be set as REGIONAL_REPORT_<FIELD> in the environment or a .env file."""

    model_config = SettingsConfigDict(env_prefix="REGIONAL_REPORT_", env_file=".env", extra="ignore")

    inputs: list[Path] = Field(default_factory=lambda: [SEEDS_DIR], description="files or folders to read")
    out: Path = Field(default=OUTPUTS_DIR / "regional_report.xlsx", description="the workbook to write")
    batch_size: int = Field(default=256, ge=1, description="documents per Prefect task")
    max_batches: int = Field(
        default=24, ge=1, description="more documents than batch_size x this: larger batches, no more tasks"
    )
    max_document_bytes: int = Field(default=20_000_000, ge=1, description="larger files are quarantined")

    # Hostile input: a run-on "sentence" (a table flattened to one line) is left out of extraction with an
    # Issue, as the grammar's cost grows faster than its length; the run fails (exit 1, workbook still
    # written) when more than this share of its distinct documents was quarantined (1.0: never).
    max_sentence_chars: int = Field(
        default=2_000, ge=100, description="longer sentences are not extracted, and listed in Issues"
    )
    max_quarantine_ratio: float = Field(
        default=1.0, ge=0.0, le=1.0, description="share of quarantined documents above which a run fails"
    )

    # The analyst's corrections (regional_report/overrides.py): a YAML file of figures to exclude or correct,
    # applied by every run; by default overrides.yaml beside the workbook, used when it exists.
    overrides: Path | None = Field(
        default=None,
        description="the overrides file (default: overrides.yaml beside the workbook, if present)",
    )

    # `regional-report run --export DIR`: every sheet's frame also written there as Parquet and CSV.
    export: Path | None = Field(default=None, description="a folder for every frame as Parquet and CSV")

    # The workbook's analysis: which Comparison columns are ranked, and how many of them are charted.
    ranking_min_regions: int = Field(default=3, ge=1, description="regions a column needs to be ranked")
    max_charts: int = Field(default=8, ge=0, description="bar charts of the most-reported ranked columns")

    # Incremental re-runs (cache/store.py): each set of inputs' file index, and the figures of every document
    # any run extracted, by its sha256; one folder, one version for both.
    cache: bool = Field(
        default=True, description="skip unchanged files, reuse figures extracted by earlier runs"
    )
    cache_dir: Path = Field(
        default=CACHE_DIR, description="where the file indexes and extracted figures are kept"
    )

    # Where the extraction tasks run: a thread pool here, or the workers of an existing Dask scheduler
    # (each worker needs this project installed, and the cache_dir on a shared file system to reuse it).
    task_runner: Literal["threads", "dask"] = Field(default="threads", description="threads or dask")
    # Extraction is pure Python: threads share one core, and large batches go to a process pool over both
    # cores anyway (parallel.py). More threads only contend for the GIL: 24 batches read from the figure
    # cache at once took 2.8 s where one after the other took 0.7 s.
    threads: int = Field(default=2, ge=1, description="extraction tasks running at once on the thread runner")
    dask_address: str | None = Field(
        default=None, description="the Dask scheduler, e.g. tcp://scheduler.example:8786"
    )

    # `regional-report serve`: the deployment's schedule.
    schedule_cron: str = Field(default="0 6 * * *", description="cron expression of scheduled runs")
    schedule_timezone: str = Field(default="UTC", description="time zone of the cron expression")

    # Runs left alone: one run per output file at a time (a run that finds another writing its workbook waits
    # this long, then fails), and no stage that can hang (reading a stuck file system, a worker of the
    # extraction pool that does not answer, writing the workbook) is waited for longer than the timeout.
    output_wait_seconds: float = Field(
        default=600.0, ge=0.0, description="how long a run waits for another run writing the same workbook"
    )
    stage_timeout_seconds: float = Field(
        default=1800.0,
        gt=0.0,
        description="reading, an extraction batch on the pool, or writing: longer fails",
    )

    @model_validator(mode="after")
    def _dask_needs_an_address(self) -> Settings:
        if self.task_runner == "dask" and not self.dask_address:
            raise ValueError("task_runner 'dask' needs dask_address (REGIONAL_REPORT_DASK_ADDRESS)")
        return self

    def overrides_file(self) -> tuple[Path, bool]:
        """The overrides file to read, and whether it must exist: the one set, or overrides.yaml beside the
        workbook (read only when present)."""
        if self.overrides is not None:
            return self.overrides, True
        return self.out.parent / "overrides.yaml", False


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (None values are ignored)."""
    return Settings.model_validate({k: v for k, v in overrides.items() if v is not None})
