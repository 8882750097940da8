"""The `regional-report` command: `run` the Prefect flow, or `extract` figures as JSON Lines without Prefect.

Prefect is imported only inside `run` (after its environment defaults are set), so `extract` stays fast.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from regional_report.settings import PROJECT_ROOT, get_settings

if TYPE_CHECKING:
    from regional_report.model import Document, Figure
    from regional_report.tables import RunSummary

# Prefect's environment for `run`, applied only where the user has not set a value.
PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(PROJECT_ROOT / ".prefect-home"),  # not the user's ~/.prefect database
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",  # a fresh database's migrations take a while
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",  # the ephemeral API server's own chatter
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the rest of Prefect's loggers
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.command(args)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regional-report",
        description="Figures from reports of the President's meetings with regional heads, compared in Excel.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Prefect flow and write the comparison workbook")
    run.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to read (default: seeds/)")
    run.add_argument(
        "--out", metavar="FILE", help="the workbook to write (default: outputs/regional_report.xlsx)"
    )
    run.add_argument("--batch-size", type=_positive, metavar="N", help="documents per extraction task")
    run.set_defaults(command=_run)

    extract = commands.add_parser("extract", help="print every figure as JSON Lines (no Prefect)")
    extract.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html files or folders of them")
    extract.set_defaults(command=_extract)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


# --- run ----------------------------------------------------------------------------------------------


def prefect_environment() -> None:
    """Set Prefect's environment defaults for a local run; values the user set win."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


def _run(args: argparse.Namespace) -> int:
    prefect_environment()
    from flows.pipeline import regional_report_flow  # Prefect is imported here, not at module load

    try:
        summary = regional_report_flow(inputs=args.paths or None, out=args.out, batch_size=args.batch_size)
    except Exception as error:  # noqa: BLE001 - any failure ends the run; the flow's log has the traceback
        _warn(f"the run failed: {type(error).__name__}: {error}")
        return 2
    print(summary_text(summary))
    return 0 if summary.documents_processed else 1


def summary_text(summary: RunSummary) -> str:
    """What a run did, in a few lines for the terminal."""
    lines = [
        f"Documents read:        {summary.documents_read:,}",
        f"  processed:           {summary.documents_processed:,}",
        f"  quarantined:         {summary.documents_quarantined:,}"
        + (f" (of which {summary.duplicates:,} duplicates)" if summary.duplicates else ""),
    ]
    lines += [f"    {name}: {reason}" for name, reason in summary.quarantined]
    lines += [
        f"Figures extracted:     {summary.figures:,}",
        f"  quarantined:         {summary.figures_quarantined:,}",
        f"Regions compared:      {summary.regions:,}",
        f"Issues:                {summary.issues:,}",
        f"Workbook:              {summary.workbook}",
    ]
    if not summary.documents_processed:
        lines.append("No document could be processed.")
    return "\n".join(lines)


# --- extract ------------------------------------------------------------------------------------------


def _extract(args: argparse.Namespace) -> int:
    from regional_report.extract import extract_figures  # the grammar's tables load only when needed

    documents = readable_documents([Path(p) for p in args.paths])
    figures: dict[str, list[Figure]] = {}
    for name, document in documents:
        if document.sha256 not in figures:
            figures[document.sha256] = extract_figures(document.text, document.meeting_date)
        for figure in sorted(figures[document.sha256], key=lambda f: (f.start, f.end)):
            record = figure_record(name, figure, document)
            if record is None:
                _warn(f"{name}: figure at {figure.start}-{figure.end} has no finite value; not printed")
                continue
            print(json.dumps(record, ensure_ascii=False, allow_nan=False))
    return 0 if documents else 1


def readable_documents(paths: Sequence[Path]) -> list[tuple[str, Document]]:
    """(file name, Document) for every readable file under `paths`, by path; skipped files go to stderr.

    A document quarantined only for its metadata is kept (its region or date is None); a duplicate gets the
    Document it repeats. Unreadable files are skipped.
    """
    from regional_report.documents import read_documents

    outcomes = sorted(
        read_documents(paths, max_bytes=get_settings().max_document_bytes), key=lambda o: o.path
    )
    by_sha = {o.sha256: o.document for o in outcomes if o.document is not None}
    readable: list[tuple[str, Document]] = []
    for outcome in outcomes:
        document = outcome.document or by_sha.get(outcome.sha256)
        if document is None:
            _warn(f"skipped {outcome.path}: {outcome.reason}")
            continue
        if outcome.status != "processed":
            _warn(f"{outcome.status} {outcome.path}: {outcome.reason}")
        readable.append((outcome.name, document))
    return readable


def _warn(message: str) -> None:
    print(f"regional-report: {message}", file=sys.stderr)


def figure_record(doc: str, figure: Figure, document: Document) -> dict[str, object] | None:
    """The spec's JSON record of one figure (`../shared/spec/figures.md`); None if its value is not finite.

    `value_max` appears only when the figure is a range; whole values are written as integers.
    """
    value, value_max = _number(figure.value), _number(figure.value_max)
    if value is None or (figure.value_max is not None and value_max is None):
        return None
    record: dict[str, object] = {
        "doc": Path(doc).name,
        "start": figure.start,
        "end": figure.end,
        "surface": figure.surface,
        "kind": figure.kind,
        "value": value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "metric": figure.metric,
        "subject": figure.subject,
        "year": figure.year,
        "region": document.region,
        "meeting_date": document.meeting_date.isoformat() if document.meeting_date else None,
    }
    if value_max is not None:
        record["value_max"] = value_max
    return record


def _number(value: float | None) -> int | float | None:
    """4000.0 → 4000; 2.5 stays 2.5; None, NaN and infinities → None."""
    if value is None or not math.isfinite(value):
        return None
    return int(value) if float(value).is_integer() else value


if __name__ == "__main__":
    sys.exit(main())
