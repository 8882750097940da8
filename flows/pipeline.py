"""The regional report flow: documents → figures → validated tables → comparison → workbook."""

from __future__ import annotations

from prefect import flow, unmapped

from flows import tasks
from regional_report import tables
from regional_report.settings import get_settings
from schemas import ComparisonFrame, FigureFrame, RawFigureFrame, SourceFrame


@flow(name="regional-report")
def regional_report_flow(
    inputs: list[str] | None = None, out: str | None = None, batch_size: int | None = None
) -> tables.RunSummary:
    """Read the report files under `inputs`, extract and validate their figures, write the comparison workbook.

    Args:
        inputs: Files or folders to read (default: the settings' inputs, `seeds/`).
        out: The workbook to write (default: `outputs/regional_report.xlsx`).
        batch_size: Documents per extraction task (default: the settings' batch size).

    Returns:
        The run's counts and the workbook's path.
    """
    settings = get_settings(inputs=inputs, out=out, batch_size=batch_size)
    paths = [str(p) for p in settings.inputs]

    # Read: every input file becomes an Outcome, processed or set aside with its reason.
    outcomes = tasks.read_documents(paths, settings.max_document_bytes)

    # Extract: one task per batch of documents, never per figure.
    batches = tables.batches(outcomes, settings.batch_size)
    numbers = range(1, len(batches) + 1)
    extracted = tasks.extract_batch.map(batches, numbers, unmapped(len(batches))).result()

    # Validate and normalize: rows breaking a contract leave their frame for Issues.
    raw = tasks.figures_table(outcomes, extracted)
    valid_raw, raw_issues = tasks.validate(RawFigureFrame, raw, "validate", "doc")
    facts, fact_issues = tasks.validate(FigureFrame, tasks.normalize(valid_raw, outcomes), "normalize", "doc")

    # Compare and report.
    comparison, comparison_issues = tasks.validate(ComparisonFrame, tasks.compare(facts), "compare", "doc")
    sources, source_issues = tasks.validate(SourceFrame, tasks.sources(outcomes, facts), "read", "file")
    issues = tasks.collect_issues(outcomes, raw_issues, fact_issues, comparison_issues, source_issues)
    summary = tasks.summarize(outcomes, raw, facts, issues, str(settings.out))
    tasks.render_workbook(
        str(settings.out), paths, summary, facts=facts, sources=sources, comparison=comparison, issues=issues
    )
    tasks.publish_summary(summary)
    return summary
