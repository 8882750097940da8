"""The one place for paths and switches. Environment variables use the REGIONAL_REPORT_ prefix."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
DATA_DIR = Path(__file__).resolve().parent / "data"


class Settings(BaseSettings):
    """Run settings; every field can be set as REGIONAL_REPORT_<FIELD> in the environment or a .env file."""

    model_config = SettingsConfigDict(env_prefix="REGIONAL_REPORT_", env_file=".env", extra="ignore")

    inputs: list[Path] = Field(default_factory=lambda: [SEEDS_DIR], description="files or folders to read")
    out: Path = Field(default=OUTPUTS_DIR / "regional_report.xlsx", description="the workbook to write")
    batch_size: int = Field(default=64, ge=1, description="documents per Prefect task")
    max_document_bytes: int = Field(default=20_000_000, ge=1, description="larger files are quarantined")


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (None values are ignored)."""
    return Settings.model_validate({k: v for k, v in overrides.items() if v is not None})
