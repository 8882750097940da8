"""The pipeline called directly, without an orchestrator: for tests, benchmarks and notebooks.

`flows/pipeline.py` is the pipeline users run: the same functions, each stage a Prefect task, with the
figure cache, the last run's snapshot, batches, progress lines and artifacts. Here the stages are plain
calls in the flow's order, with no cache: what a run computes, and what it costs without Prefect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

from regional_report import model
from regional_report.extract import limits, parallel
from regional_report.extract.engine import EXTRACTOR_VERSION, extract_figures
from regional_report.frames import sheets as analysis
from regional_report.frames import summary as run_summaries
from regional_report.model import Outcome
from regional_report.read import read_documents
from regional_report.report import RunInfo, render_report
from regional_report.settings import Settings

__all__ = ["report", "run"]


def report(inputs: Sequence[Path], settings: Settings) -> tuple[list[Outcome], analysis.Report]:
    """Read the inputs, extract their figures (on both cores for large inputs), and build every frame."""
    outcomes = read_documents(inputs, max_bytes=settings.max_document_bytes)
    documents = [o.document for o in model.processed(outcomes) if o.document is not None]
    extract = partial(
        limits.extract_bounded, max_sentence_chars=settings.max_sentence_chars, extract=extract_figures
    )
    found = parallel.extract_many(extract, [(d.text, d.meeting_date) for d in documents])
    frames = analysis.report_frames(
        outcomes,
        {d.sha256: figures for d, figures in zip(documents, found, strict=True)},
        max_sentence_chars=settings.max_sentence_chars,
        ranking_min_regions=settings.ranking_min_regions,
        max_charts=settings.max_charts,
    )
    return outcomes, frames


def run(
    inputs: Sequence[Path], out: Path, settings: Settings, generated_at: datetime
) -> tuple[run_summaries.RunSummary, Path]:
    """`report`, then the workbook at `out`; the run's summary and the workbook's path."""
    paths = sorted({str(p) for p in inputs})
    outcomes, frames = report([Path(p) for p in paths], settings)
    summary = run_summaries.run_summary(outcomes, frames.raw, frames.facts, frames.issues, workbook=str(out))
    info = RunInfo.of(summary, settings, paths, generated_at, EXTRACTOR_VERSION)
    written = render_report(
        out, info=info, facts=frames.facts, issues=frames.issues, **frames.sheets.sheets()
    )
    return summary, written
