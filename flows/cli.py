"""The `regional-report` command: `run` the Prefect flow, `serve` it on a schedule, or `extract` figures
as JSON Lines without Prefect.

Prefect is imported only inside `run` and `serve` (after their environment defaults are set), so `extract`
stays fast.
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
    from regional_report.frames.summary import RunSummary
    from regional_report.model import Document, Figure, Outcome

# Prefect's environment for `run`, applied only where the user has not set a value.
PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(PROJECT_ROOT / ".prefect-home"),  # not the user's ~/.prefect database
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client-side SDK analytics: nothing leaves the machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",  # a fresh database's migrations take a while
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",  # the ephemeral API server's own chatter
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",  # progress: "batch k of n done ..."
    # tasks speak only to warn (a quarantined file); their "Finished in state Completed()" lines would
    # bury the summary on a console. `serve` keeps them at INFO for the UI.
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "WARNING",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the rest of Prefect's loggers
}
# Prefect's environment for `serve`: analytics off, run logs at INFO. The server, its database and the
# Prefect profile (PREFECT_HOME, PREFECT_API_URL) are the user's; the runner's own INFO lines stay visible.
SERVE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
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
    run.add_argument(
        "--export",
        metavar="DIR",
        help="also write every sheet's frame to DIR as Parquet and CSV (and a manifest)",
    )
    run.add_argument(
        "--max-quarantine-ratio",
        type=_ratio,
        metavar="R",
        help="fail (exit 1, the workbook written beside the last good one) when more than this share (0-1)"
        " of the documents is quarantined (default: 1, never)",
    )
    run.set_defaults(command=_run)

    serve = commands.add_parser(
        "serve",
        help="serve the flow as a scheduled deployment (needs `prefect server start` and PREFECT_API_URL)",
    )
    serve.add_argument(
        "--cron", metavar="EXPR", help="when to run, a cron expression (default: '0 6 * * *', daily at 06:00)"
    )
    serve.add_argument("--timezone", metavar="TZ", help="the cron expression's time zone (default: UTC)")
    serve.add_argument(
        "--input",
        dest="inputs",
        action="extend",
        nargs="+",
        default=[],
        metavar="PATH",
        help="files or folders each run reads (default: the settings' inputs, seeds/)",
    )
    serve.add_argument("--out", metavar="FILE", help="the workbook each run writes")
    serve.add_argument("--name", metavar="NAME", help="the deployment's name (default: served)")
    serve.set_defaults(command=_serve)

    extract = commands.add_parser("extract", help="print every figure as JSON Lines (no Prefect)")
    extract.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html files or folders of them")
    extract.set_defaults(command=_extract)
    return parser


def _ratio(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


# --- run ----------------------------------------------------------------------------------------------


def prefect_environment(defaults: dict[str, str] = PREFECT_DEFAULTS) -> None:
    """Set Prefect's environment defaults for a local run (or `serve`'s); values the user set win.

    When `run` moves PREFECT_HOME to the project (its temporary API's database), the user's Prefect profile
    stays where Prefect keeps it by default, so `prefect config set PREFECT_API_URL=...` applies to `run`.
    """
    if "PREFECT_HOME" in defaults and not {"PREFECT_HOME", "PREFECT_PROFILES_PATH"} & os.environ.keys():
        os.environ["PREFECT_PROFILES_PATH"] = str(Path.home() / ".prefect" / "profiles.toml")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


def _run(args: argparse.Namespace) -> int:
    """Run the flow; the exit status.

    0; or 1 when no document was processed or more than `max_quarantine_ratio` of them were quarantined
    (the run's workbook is written beside the last good one, `<name>.failed.xlsx`, which it leaves as it
    was); or 2 when the run itself failed.
    """
    prefect_environment()
    from flows.pipeline import one_off_run, regional_report_flow  # Prefect is imported here, not at load
    from regional_report.pipeline import RunRejected

    try:
        with one_off_run():
            summary = regional_report_flow(
                inputs=args.paths or None,
                out=args.out,
                batch_size=args.batch_size,
                export=args.export,
                max_quarantine_ratio=args.max_quarantine_ratio,
            )
    except RunRejected as rejected:
        print(summary_text(rejected.summary))
        _warn(rejected.message)
        return 1
    except Exception as error:  # noqa: BLE001 - any failure ends the run; the flow's log has the traceback
        _warn(f"the run failed: {type(error).__name__}: {error}")
        return 2
    print(summary_text(summary))
    return 0


def summary_text(summary: RunSummary) -> str:
    """What a run did, in a few lines for the terminal."""
    lines = [
        f"Documents read:        {summary.documents_read:,}",
        f"  processed:           {summary.documents_processed:,}"
        + (
            f" ({summary.documents_cached:,} with figures from earlier runs)"
            if summary.documents_cached
            else ""
        ),
        f"  quarantined:         {summary.documents_quarantined:,}"
        + (f" (of which {summary.duplicates:,} duplicates)" if summary.duplicates else ""),
    ]
    lines += [f"    {name}: {reason}" for name, reason in summary.quarantined]
    lines += [
        f"Figures extracted:     {summary.figures:,}",
        f"  quarantined:         {summary.figures_quarantined:,}",
        *(
            [f"  excluded:            {summary.figures_excluded:,} (the overrides file)"]
            if summary.figures_excluded
            else []
        ),
        f"Regions compared:      {summary.regions:,}",
        f"Issues:                {summary.issues:,}",
        f"Workbook:              {summary.workbook}",
    ]
    if not summary.documents_processed:
        lines.append("No document could be processed.")
    return "\n".join(lines)


# --- serve --------------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    prefect_environment(SERVE_DEFAULTS)
    from flows.serve import DEFAULT_NAME, ServeError, serve  # Prefect is imported here, not at module load

    settings = get_settings(schedule_cron=args.cron, schedule_timezone=args.timezone)
    try:
        serve(
            name=args.name or DEFAULT_NAME,
            cron=settings.schedule_cron,
            timezone=settings.schedule_timezone,
            inputs=args.inputs,
            out=args.out,
        )
    except ServeError as error:
        _warn(str(error))
        return 2
    except KeyboardInterrupt:  # Ctrl-C: Prefect pauses the schedule on the way out
        return 130
    return 0


# --- extract ------------------------------------------------------------------------------------------


def _extract(args: argparse.Namespace) -> int:
    """Read and extract with the pipeline's own steps (`regional_report.pipeline`), run directly."""
    from regional_report import pipeline  # the grammar loads only when needed
    from regional_report.extract.limits import long_sentences

    settings = get_settings()
    max_chars = settings.max_sentence_chars
    runner = pipeline.Direct(log=_silent)  # this command says what it skipped in its own words
    read = runner(pipeline.READ, [str(p) for p in args.paths], settings.max_document_bytes, None)
    documents = readable_documents(read.outcomes)
    distinct: dict[str, tuple[str, Document]] = {}
    for name, document in documents:
        distinct.setdefault(document.sha256, (name, document))
    for name, document in distinct.values():
        for a, b in long_sentences(document.text, max_chars):
            _warn(
                f"{name}: the sentence at {a}-{b} is over {max_chars:,} characters"
                " (REGIONAL_REPORT_MAX_SENTENCE_CHARS); its figures are not extracted"
            )
    work = pipeline.batches([d for _, d in distinct.values()], settings.batch_size, settings.max_batches)
    figures: dict[str, list[Figure]] = {}
    for batch in runner.map(pipeline.EXTRACT, work, None, max_chars):
        figures.update(batch.figures)
    for name, document in documents:
        for figure in sorted(figures[document.sha256], key=lambda f: (f.start, f.end)):
            record = figure_record(name, figure, document)
            if record is None:
                _warn(f"{name}: figure at {figure.start}-{figure.end} has no finite value; not printed")
                continue
            print(json.dumps(record, ensure_ascii=False, allow_nan=False))
    return 0 if documents else 1


def _silent(level: int, message: str) -> None:
    """Notes of the pipeline's steps: not shown."""


def readable_documents(outcomes: Sequence[Outcome]) -> list[tuple[str, Document]]:
    """(file name, Document) for every readable file, by path; skipped files go to stderr.

    A document quarantined only for its metadata is kept (its region or date is None); a duplicate gets the
    Document it repeats. Unreadable files are skipped.
    """
    outcomes = sorted(outcomes, key=lambda o: o.path)
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
        "scope": figure.scope,
        "status": figure.status,
        "period": figure.period,
        "per": figure.per,
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
